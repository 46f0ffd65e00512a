from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, InvalidInput
from common.identifiers import is_identifier
from common.money import quantize_amount
from common.phones import MESSAGE as PHONE_MESSAGE
from common.phones import clean_phone
from common.tasks import enqueue, enqueue_on_commit
from dropship import exceptions
from dropship.models import (
    Binding,
    BindingStatus,
    DropshipIdentity,
    DropshipOrder,
    DropshipRole,
    DropshipStatus,
    Statement,
    StatementFailure,
    StatementStatus,
    SupplyPrice,
    SyncStatus,
)
from dropship.selectors import get_dropship_role, list_printable_orders
from merchant.models import ReturnAddress, Shop
from orders.models import (
    ActorKind,
    AfterSaleStatus,
    Order,
    OrderEventKind,
    OrderStatus,
    UnassignReason,
)
from orders.services import check_tracking, each_row, record_events, ship_order

STATEMENTS_PER_DAY = 3
STATEMENT_SPACING = timedelta(minutes=10)
OPEN_STATUSES = (DropshipStatus.ASSIGNED, DropshipStatus.TRACKING_RETURNED)


# Identity


@transaction.atomic
def choose_identity(
    *,
    shop,
    role: str,
    display_name: str,
    sender_name: str = "",
    sender_phone: str = "",
    address: str = "",
) -> DropshipIdentity:
    """A shop picks its side once: merchant (商家版, who must give a sender and an address for
    waybills) or manufacturer (我是代发厂家). The one-to-one row makes "once" hold under races."""
    if role not in DropshipRole.values:
        raise InvalidInput({"role": [_("Choose merchant or manufacturer.")]})
    values = {
        "display_name": display_name.strip(),
        "sender_name": sender_name.strip(),
        "sender_phone": sender_phone.strip(),
        "address": address.strip(),
    }
    required = ["display_name"]
    if role == DropshipRole.MERCHANT:
        required += ["sender_name", "sender_phone", "address"]
    missing = {name: [_("This field is required.")] for name in required if not values[name]}
    if values["sender_phone"] and "sender_phone" not in missing:
        phone = clean_phone(values["sender_phone"])
        if phone is None:
            missing["sender_phone"] = [PHONE_MESSAGE]
        values["sender_phone"] = phone or values["sender_phone"]
    if missing:
        raise InvalidInput(missing)
    if DropshipIdentity.objects.for_shop(shop).exists():
        raise exceptions.IdentityAlreadyChosen()
    try:
        with transaction.atomic():
            return DropshipIdentity.objects.create(shop=shop, role=role, **values)
    except IntegrityError as error:
        raise exceptions.IdentityAlreadyChosen() from error


def require_role(shop, role) -> None:
    """Refuse (403) a shop that did not choose this dropship side."""
    if get_dropship_role(shop=shop) != role:
        if role == DropshipRole.MERCHANT:
            raise exceptions.MerchantIdentityRequired()
        raise exceptions.ManufacturerIdentityRequired()


# Bindings


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
            return Binding.objects.create(
                merchant_shop=merchant_shop,
                manufacturer_shop=manufacturer,
                requested_by=requested_by,
            )
    except IntegrityError as error:
        raise exceptions.BindingExists() from error


def _lock_binding(binding_id) -> Binding:
    return Binding.objects.select_for_update().get(pk=binding_id)


@transaction.atomic
def answer_binding(*, binding: Binding, accept: bool) -> Binding:
    """The manufacturer accepts or refuses; an accepted binding starts the order sync."""
    binding = _lock_binding(binding.pk)
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
    return binding


@transaction.atomic
def unbind(*, binding: Binding, by_shop, actor) -> Binding:
    """Either side ends the binding; its open assignments are cancelled, on both sides'
    order timelines, with the reason."""
    binding = _lock_binding(binding.pk)
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
    _unassign(
        list(open_orders),
        reason=UnassignReason.BINDING_ENDED,
        actor=actor,
        actor_kind=ActorKind.MERCHANT if by_merchant else ActorKind.MANUFACTURER,
    )
    return binding


@transaction.atomic
def sync_dropship_orders(*, binding: Binding) -> int:
    """Put the merchant's orders awaiting shipment into the dropship list. Idempotent: one
    row per order (the one-to-one key), so a second run adds nothing."""
    binding = _lock_binding(binding.pk)
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


# Assignment


def _active_binding(merchant_shop, manufacturer_shop_no) -> Binding | None:
    shop_no = str(manufacturer_shop_no or "").strip()
    if not is_identifier(shop_no):
        return None
    return (
        Binding.objects.filter(
            merchant_shop=merchant_shop,
            manufacturer_shop__shop_no=shop_no,
            status=BindingStatus.ACTIVE,
        )
        .select_related("manufacturer_shop")
        .first()
    )


@transaction.atomic
def assign_orders(*, merchant_shop, order_sns, manufacturer_shop_no, actor) -> dict:
    """分配 / 批量分配: a constant number of queries for 100 orders or 10,000. Orders with
    after-sales or under review are refused with their reason; a repeated call changes
    nothing; overlapping batches assign each order once (the update is conditional on the
    order still being unassigned, under row locks); other shops' numbers are only reported."""
    order_sns = list(dict.fromkeys(str(sn).strip() for sn in order_sns if str(sn).strip()))
    binding = _active_binding(merchant_shop, manufacturer_shop_no)
    if binding is None:
        return {
            "assigned": [],
            "rejected": [
                {"order_sn": sn, "code": exceptions.BindingNotActive.code} for sn in order_sns
            ],
        }
    found = (
        DropshipOrder.objects.for_shop(merchant_shop)
        .filter(order__order_sn__in=order_sns)
        .values_list(
            "order__order_sn",
            "pk",
            "dropship_status",
            "order__status",
            "order__after_sale_status",
            "order__is_under_review",
            "manufacturer_shop_id",
        )
    )
    rows = {sn: rest for sn, *rest in found}
    assigned, rejected, candidates = [], [], {}
    for sn in order_sns:
        row = rows.get(sn)
        if row is None:
            rejected.append({"order_sn": sn, "code": "not_found"})
            continue
        pk, status, order_status, after_sale, review, maker = row
        if status in OPEN_STATUSES and maker == binding.manufacturer_shop_id:
            assigned.append(sn)  # already there: nothing to do
        elif (
            status != DropshipStatus.UNASSIGNED
            or order_status != OrderStatus.AWAITING_SHIPMENT
            or after_sale in (AfterSaleStatus.IN_PROGRESS, AfterSaleStatus.REFUNDED)
            or review
        ):
            rejected.append({"order_sn": sn, "code": "order_not_assignable"})
        else:
            candidates[pk] = sn
    locked = set(
        DropshipOrder.objects.select_for_update()
        .filter(pk__in=list(candidates), dropship_status=DropshipStatus.UNASSIGNED)
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    DropshipOrder.objects.filter(pk__in=list(locked)).update(
        dropship_status=DropshipStatus.ASSIGNED,
        manufacturer_shop=binding.manufacturer_shop,
        binding=binding,
        assigned_at=now,
        carrier="",
        tracking_no="",
    )
    for pk, sn in candidates.items():
        (
            assigned.append(sn)
            if pk in locked
            else rejected.append({"order_sn": sn, "code": "order_not_assignable"})
        )
    order_ids = DropshipOrder.objects.filter(pk__in=list(locked)).values_list("order_id", flat=True)
    record_events(
        list(order_ids),
        OrderEventKind.ASSIGNED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        detail=str(binding.manufacturer_shop),
    )
    return {"assigned": assigned, "rejected": rejected}


def _unassign(dropship_orders, *, reason, actor=None, actor_kind=ActorKind.MERCHANT) -> None:
    ids = [row.pk for row in dropship_orders]
    DropshipOrder.objects.filter(pk__in=ids).update(
        dropship_status=DropshipStatus.UNASSIGNED,
        manufacturer_shop=None,
        binding=None,
        assigned_at=None,
        carrier="",
        tracking_no="",
        tracking_returned_at=None,
        last_cancel_reason=reason,
    )
    record_events(
        [row.order_id for row in dropship_orders],
        OrderEventKind.UNASSIGNED,
        actor_kind=actor_kind,
        actor=actor,
        params={"unassign_reason": reason},
    )


@transaction.atomic
def cancel_assignments(*, merchant_shop, order_sns, actor) -> dict:
    """取消分配, possible until the order is shipped online."""
    order_sns = list(dict.fromkeys(str(sn).strip() for sn in order_sns if str(sn).strip()))
    rows = list(
        DropshipOrder.objects.for_shop(merchant_shop)
        .select_for_update()
        .filter(order__order_sn__in=order_sns)
        .select_related("order")
    )
    cancellable = [row for row in rows if row.dropship_status in OPEN_STATUSES]
    _unassign(cancellable, reason=UnassignReason.MERCHANT_CANCELLED, actor=actor)
    found = {row.order.order_sn for row in rows}
    done = {row.order.order_sn for row in cancellable}
    return {
        "cancelled": [sn for sn in order_sns if sn in done],
        "rejected": [
            {"order_sn": sn, "code": "order_not_cancellable" if sn in found else "not_found"}
            for sn in order_sns
            if sn not in done
        ],
    }


def cancel_for_after_sale(order) -> None:
    """An after-sale on an assigned order unassigns it, in the after-sale's transaction."""
    rows = list(
        DropshipOrder.objects.select_for_update().filter(
            order=order, dropship_status__in=OPEN_STATUSES
        )
    )
    if rows:
        _unassign(rows, reason=UnassignReason.AFTER_SALE_OPENED, actor_kind=ActorKind.SYSTEM)


# Manufacturer side


@transaction.atomic
def return_tracking(*, manufacturer_shop, order_sn, carrier, tracking_no, actor) -> DropshipOrder:
    """回传运单号: the manufacturer's carrier and number, checked like any shipment."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    row = (
        DropshipOrder.objects.for_manufacturer(manufacturer_shop)
        .select_for_update()
        .filter(
            order__order_sn=order_sn,
            dropship_status__in=OPEN_STATUSES,
            order__status=OrderStatus.AWAITING_SHIPMENT,  # never a second tracking number
        )
        .first()
    )
    if row is None:
        raise exceptions.DropshipOrderNotTrackable()
    row.carrier, row.tracking_no = carrier, tracking_no
    row.dropship_status, row.tracking_returned_at = DropshipStatus.TRACKING_RETURNED, timezone.now()
    row.save(update_fields=["carrier", "tracking_no", "dropship_status", "tracking_returned_at"])
    record_events(
        [row.order_id],
        OrderEventKind.TRACKING_RETURNED,
        actor_kind=ActorKind.MANUFACTURER,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
    )
    return row


def return_tracking_batch(*, manufacturer_shop, rows, actor) -> list[dict]:
    """回传 from a file: each row on its own, with a result per row."""

    def return_one(order_sn, row):
        return_tracking(
            manufacturer_shop=manufacturer_shop,
            order_sn=order_sn,
            carrier=row.get("carrier", ""),
            tracking_no=row.get("tracking_no", ""),
            actor=actor,
        )

    return each_row(rows, return_one)


@transaction.atomic
def reveal_consignees(*, manufacturer_shop, order_sns, actor) -> list[DropshipOrder]:
    """打单: the full consignees of the selected orders that the manufacturer may print now
    (selectors.list_printable_orders: an active binding, the order assigned to it, not
    shipped); each reveal goes on the order's timeline for the merchant to see. Orders it
    may not print are left out, masked as ever."""
    rows = list(list_printable_orders(shop=manufacturer_shop, order_sns=order_sns))
    if rows:
        record_consignee_reveal(
            manufacturer_shop=manufacturer_shop,
            order_ids=[row.order_id for row in rows],
            actor=actor,
        )
    return rows


@transaction.atomic
def record_consignee_reveal(*, manufacturer_shop, order_ids, actor) -> None:
    """Each reveal of a full consignee goes on the order's timeline for the merchant."""
    record_events(
        order_ids,
        OrderEventKind.CONSIGNEE_REVEALED,
        actor_kind=ActorKind.MANUFACTURER,
        actor=actor,
        detail=str(manufacturer_shop),
    )


# Online shipping


def ship_online(*, merchant_shop, order_sns, return_address_id, actor) -> dict:
    """发货 / 批量发货 of orders whose tracking came back, through the orders app's shipping
    service (same checks, same late-shipment rule); each order on its own."""
    address = (
        ReturnAddress.objects.for_shop(merchant_shop)
        .filter(pk=return_address_id, deleted_at=None)
        .first()
        if is_identifier(str(return_address_id))
        else None
    )
    if address is None:
        raise InvalidInput({"return_address_id": [_("Choose one of your return addresses.")]})
    shipped, rejected = [], []
    for sn in dict.fromkeys(str(sn).strip() for sn in order_sns):
        try:
            with transaction.atomic():
                row = (
                    DropshipOrder.objects.for_shop(merchant_shop)
                    .select_for_update()
                    .select_related("order")
                    .filter(order__order_sn=sn)
                    .first()
                )
                if row is None:
                    rejected.append({"order_sn": sn, "code": "not_found"})
                    continue
                if row.dropship_status != DropshipStatus.TRACKING_RETURNED:
                    rejected.append({"order_sn": sn, "code": "tracking_not_returned"})
                    continue
                ship_order(
                    order=row.order,
                    carrier=row.carrier,
                    tracking_no=row.tracking_no,
                    actor=actor,
                    through_dropship=True,
                )
                row.dropship_status, row.shipped_at = DropshipStatus.SHIPPED, timezone.now()
                row.return_address = address
                row.save(update_fields=["dropship_status", "shipped_at", "return_address"])
        except ApplicationError as error:
            rejected.append({"order_sn": sn, "code": error.code})
        else:
            shipped.append(sn)
    return {"shipped": shipped, "rejected": rejected}


# Supply prices


@transaction.atomic
def set_supply_price(*, binding: Binding, sku, price) -> SupplyPrice:
    price = quantize_amount(str(price))
    if price <= 0:
        raise InvalidInput({"price": [_("A supply price is more than zero.")]})
    supply, _created = SupplyPrice.objects.update_or_create(
        binding=binding, sku=sku, defaults={"price": price}
    )
    return supply


# Statements


@transaction.atomic
def request_statement(
    *, merchant_shop, manufacturer_shop_no, start_date, end_date, actor
) -> Statement:
    """对账单: at most 3 a day per binding, at least 10 minutes apart. The binding row is
    locked while counting, so two simultaneous requests cannot both pass."""
    if start_date > end_date or (end_date - start_date).days > 366:
        raise exceptions.InvalidDateRange()
    if start_date > timezone.localdate():  # nothing can have shipped yet: no slot is used
        raise exceptions.InvalidDateRange(
            _("A statement covers days that have begun: start today or earlier.")
        )
    found = _active_binding(merchant_shop, manufacturer_shop_no)
    if found is None:
        raise exceptions.BindingNotActive()
    binding = _lock_binding(found.pk)
    now = timezone.now()
    today = timezone.localdate(now)
    if Statement.objects.filter(binding=binding, requested_on=today).count() >= STATEMENTS_PER_DAY:
        raise exceptions.StatementDailyLimit()
    if binding.last_statement_at and now - binding.last_statement_at < STATEMENT_SPACING:
        next_at = timezone.localtime(binding.last_statement_at + STATEMENT_SPACING)
        raise exceptions.StatementTooSoon(
            _("Statements are at least 10 minutes apart: the next one from %(time)s.")
            % {"time": next_at.strftime("%H:%M:%S")}
        )
    binding.last_statement_at = now
    binding.save(update_fields=["last_statement_at"])
    statement = Statement.objects.create(
        binding=binding,
        start_date=start_date,
        end_date=end_date,
        requested_by=actor,
        requested_at=now,
        requested_on=today,
    )
    enqueue_on_commit("dropship.tasks.build_statement_task", statement.pk)
    return statement


def fail_stuck_statements(*, older_than=None) -> int:
    """A statement still generating long after its task's time limit will not finish: say
    so instead of leaving it spinning."""
    limit = older_than or timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + 300)
    return Statement.objects.filter(
        status=StatementStatus.GENERATING, requested_at__lt=timezone.now() - limit
    ).update(
        status=StatementStatus.FAILED,
        failure_reason=StatementFailure.STUCK,
        finished_at=timezone.now(),
    )


def requeue_background_work(*, older_than=timedelta(minutes=2)) -> int:
    """Queue again what a broker outage may have dropped: statements never started and
    binding syncs never run. Both tasks are idempotent, so a double run is harmless."""
    stale = timezone.now() - older_than
    queued = 0
    for pk in Statement.objects.filter(
        status=StatementStatus.GENERATING, attempts=0, requested_at__lt=stale
    ).values_list("pk", flat=True)[:100]:
        queued += enqueue("dropship.tasks.build_statement_task", pk)
    for pk in Binding.objects.filter(
        status=BindingStatus.ACTIVE, sync_status=SyncStatus.RUNNING, answered_at__lt=stale
    ).values_list("pk", flat=True)[:100]:
        queued += enqueue("dropship.tasks.sync_dropship_orders_task", pk)
    return queued
