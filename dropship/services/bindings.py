"""绑定: a merchant and a manufacturer bound by the manufacturer's shop ID, and the
orders the binding brings into the dropship list."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.identifiers import is_identifier
from common.tasks import enqueue_on_commit
from dropship import exceptions
from dropship.models import (
    Binding,
    BindingStatus,
    DropshipOrder,
    DropshipRole,
    SyncStatus,
)
from dropship.services.assignment import OPEN_STATUSES, unassign
from dropship.services.identity import require_role
from merchant.models import Operation, Shop
from merchant.services import notify_shop, record_operation
from orders.models import (
    ActorKind,
    Order,
    OrderStatus,
    UnassignReason,
)

BINDING_REQUESTED_NOTIFICATION = "dropship.binding_requested"
BINDING_ANSWERED_NOTIFICATION = "dropship.binding_answered"
BINDING_ENDED_NOTIFICATION = "dropship.binding_ended"


@transaction.atomic
def bind_manufacturer(*, merchant_shop, manufacturer_shop_no, requested_by) -> Binding:
    """绑定厂家 by its shop ID: the request waits for the manufacturer's answer."""
    require_role(merchant_shop, DropshipRole.MERCHANT)
    shop_no = str(manufacturer_shop_no or "").strip()
    manufacturer = (
        Shop.objects.filter(
            shop_no=shop_no, dropship_identity__role=DropshipRole.MANUFACTURER
        ).first()
        if is_identifier(shop_no)
        else None
    )
    if manufacturer is None or manufacturer.pk == merchant_shop.pk:
        raise exceptions.ManufacturerNotFound()
    try:
        with transaction.atomic():
            binding = Binding.objects.create(
                merchant_shop=merchant_shop,
                manufacturer_shop=manufacturer,
                requested_by=requested_by,
            )
    except IntegrityError as error:
        raise exceptions.BindingExists() from error
    record_operation(
        shop=merchant_shop,
        action=Operation.BINDING_REQUESTED,
        target=f"{manufacturer.name} ({manufacturer.shop_no})",
        actor=requested_by,
    )
    notify_shop(
        shop=manufacturer,
        kind=BINDING_REQUESTED_NOTIFICATION,
        merchant=merchant_shop.name,
        merchant_shop_no=merchant_shop.shop_no,
    )
    return binding


def lock_binding(binding_id) -> Binding:
    return Binding.objects.select_for_update().get(pk=binding_id)


@transaction.atomic
def answer_binding(*, binding: Binding, accept: bool) -> Binding:
    """The manufacturer accepts or refuses; an accepted binding starts the order sync."""
    binding = lock_binding(binding.pk)
    if binding.status != BindingStatus.PENDING:
        raise exceptions.BindingNotPending()
    binding.status = BindingStatus.ACTIVE if accept else BindingStatus.REFUSED
    binding.answered_at = timezone.now()
    fields = ["status", "answered_at"]
    if accept:
        binding.sync_status = SyncStatus.RUNNING
        fields.append("sync_status")
        enqueue_on_commit("dropship.tasks.sync_dropship_orders_task", binding.pk)
    binding.save(update_fields=fields)
    manufacturer = binding.manufacturer_shop
    record_operation(
        shop=manufacturer,
        action=Operation.BINDING_ANSWERED,
        target=f"{binding.merchant_shop.name} ({binding.merchant_shop.shop_no})",
        changes={"accepted": [None, accept]},
    )
    notify_shop(
        shop=binding.merchant_shop,
        kind=BINDING_ANSWERED_NOTIFICATION,
        manufacturer=manufacturer.name,
        manufacturer_shop_no=manufacturer.shop_no,
        accepted=accept,
    )
    return binding


@transaction.atomic
def unbind(*, binding: Binding, by_shop, actor) -> Binding:
    """Either side ends the binding; its open assignments are cancelled, on both sides'
    order timelines, with the reason."""
    binding = lock_binding(binding.pk)
    if binding.status not in (BindingStatus.PENDING, BindingStatus.ACTIVE):
        raise exceptions.BindingNotActive()
    binding.status, binding.ended_at, binding.ended_by_shop = (
        BindingStatus.ENDED,
        timezone.now(),
        by_shop,
    )
    binding.save(update_fields=["status", "ended_at", "ended_by_shop"])
    open_orders = DropshipOrder.objects.select_for_update().filter(
        binding=binding, dropship_status__in=OPEN_STATUSES
    )
    by_merchant = by_shop.pk == binding.merchant_shop_id
    unassign(
        list(open_orders),
        reason=UnassignReason.BINDING_ENDED,
        actor=actor,
        actor_kind=ActorKind.MERCHANT if by_merchant else ActorKind.MANUFACTURER,
    )
    other = binding.manufacturer_shop if by_merchant else binding.merchant_shop
    record_operation(
        shop=by_shop,
        action=Operation.BINDING_ENDED,
        target=f"{other.name} ({other.shop_no})",
        actor=actor,
    )
    notify_shop(
        shop=other,
        kind=BINDING_ENDED_NOTIFICATION,
        other=by_shop.name,
        other_shop_no=by_shop.shop_no,
        by_merchant=by_merchant,
    )
    return binding


@transaction.atomic
def sync_dropship_orders(*, binding: Binding) -> int:
    """Put the merchant's orders awaiting shipment into the dropship list. Idempotent: one
    row per order (the one-to-one key), so a second run adds nothing."""
    binding = lock_binding(binding.pk)
    missing = (
        Order.objects.filter(shop_id=binding.merchant_shop_id, status=OrderStatus.AWAITING_SHIPMENT)
        .filter(dropship__isnull=True)
        .values_list("pk", "paid_at")
    )
    rows = [
        DropshipOrder(order_id=pk, shop_id=binding.merchant_shop_id, paid_at=paid_at)
        for pk, paid_at in missing.iterator(chunk_size=5000)
    ]
    DropshipOrder.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    binding.sync_status, binding.synced_at = SyncStatus.DONE, timezone.now()
    binding.synced_count = DropshipOrder.objects.filter(shop_id=binding.merchant_shop_id).count()
    binding.save(update_fields=["sync_status", "synced_at", "synced_count"])
    return len(rows)


def add_paid_order(order) -> None:
    """A new order of a merchant with an active binding joins the dropship list at once
    (called in the paying transaction)."""
    if Binding.objects.filter(merchant_shop_id=order.shop_id, status=BindingStatus.ACTIVE).exists():
        DropshipOrder.objects.create(order=order, shop_id=order.shop_id, paid_at=order.paid_at)
