"""分配: a merchant's orders assigned to a bound manufacturer, and cancelled back."""

from django.db import transaction
from django.utils import timezone

from common.exceptions import refused_row
from common.identifiers import is_identifier
from dropship import exceptions
from dropship.models import (
    Binding,
    BindingStatus,
    DropshipOrder,
    DropshipStatus,
)
from merchant.models import Operation
from merchant.services import notify_shop, record_operation
from orders.exceptions import OrderNotInShop
from orders.models import (
    ActorKind,
    AfterSaleStatus,
    OrderEventKind,
    OrderStatus,
    UnassignReason,
)
from orders.services import record_events

OPEN_STATUSES = (DropshipStatus.ASSIGNED, DropshipStatus.TRACKING_RETURNED)


def unassign(dropship_orders, *, reason, actor=None, actor_kind=ActorKind.MERCHANT) -> None:
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


def active_binding(merchant_shop, manufacturer_shop_no) -> Binding | None:
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
    binding = active_binding(merchant_shop, manufacturer_shop_no)
    if binding is None:
        return {
            "assigned": [],
            "rejected": [refused_row(sn, exceptions.BindingNotActive()) for sn in order_sns],
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
            rejected.append(refused_row(sn, OrderNotInShop()))
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
            rejected.append(refused_row(sn, exceptions.OrderNotAssignable()))
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
            else rejected.append(refused_row(sn, exceptions.OrderNotAssignable()))
        )
    if locked:
        record_operation(
            shop=merchant_shop,
            action=Operation.ORDERS_ASSIGNED,
            target=binding.manufacturer_shop.name,
            changes={"orders": [None, ", ".join(candidates[pk] for pk in sorted(locked))]},
            actor=actor,
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
    unassign(cancellable, reason=UnassignReason.MERCHANT_CANCELLED, actor=actor)
    found = {row.order.order_sn for row in rows}
    done = {row.order.order_sn for row in cancellable}
    if done:
        record_operation(
            shop=merchant_shop,
            action=Operation.ASSIGNMENTS_CANCELLED,
            changes={"orders": [", ".join(sorted(done)), None]},
            actor=actor,
        )
    return {
        "cancelled": [sn for sn in order_sns if sn in done],
        "rejected": [
            refused_row(sn, exceptions.OrderNotCancellable() if sn in found else OrderNotInShop())
            for sn in order_sns
            if sn not in done
        ],
    }


ORDER_WITHDRAWN_NOTIFICATION = "dropship.order_withdrawn"


def cancel_for_after_sale(order) -> None:
    """An after-sale on an assigned order unassigns it, in the after-sale's transaction, and
    tells the manufacturer not to ship it (站内通知 to its owner)."""
    rows = list(
        DropshipOrder.objects.select_for_update(of=("self",))
        .select_related("manufacturer_shop", "shop")
        .filter(order=order, dropship_status__in=OPEN_STATUSES)
    )
    if not rows:
        return
    unassign(rows, reason=UnassignReason.AFTER_SALE_OPENED, actor_kind=ActorKind.SYSTEM)
    for row in rows:
        notify_shop(
            shop=row.manufacturer_shop,
            kind=ORDER_WITHDRAWN_NOTIFICATION,
            order_sn=order.order_sn,
            merchant=row.shop.name,
            reason=UnassignReason.AFTER_SALE_OPENED,
        )
