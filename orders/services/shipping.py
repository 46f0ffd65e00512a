"""Shipping an order (one, a batch, a file's rows) and late shipments."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.batch import run_rows
from common.exceptions import InvalidInput
from common.forms import CONTROL_CHARACTERS
from common.tenancy import get_object_for_shop
from orders import exceptions, signals
from orders.carriers import CARRIERS, normalize_tracking_no
from orders.exceptions import OrderNotInShop
from orders.models import (
    ActorKind,
    AfterSaleStatus,
    LateShipment,
    Order,
    OrderEventKind,
    OrderStatus,
    Package,
)
from orders.selectors import can_modify_shipment, is_assigned_to_manufacturer
from orders.services.state import lock_order, move_status
from orders.services.timeline import record_event, record_events


def check_tracking(*, carrier: str, tracking_no: str) -> tuple[str, str]:
    """A known carrier and a number of its format, normalised; else the refusal."""
    carrier = (carrier or "").strip().upper()
    if carrier not in CARRIERS:
        raise exceptions.UnknownCarrier(
            fields={"carrier": [exceptions.UnknownCarrier.default_message]}
        )
    tracking_no = normalize_tracking_no(tracking_no)
    if not CARRIERS[carrier].accepts(tracking_no):
        raise exceptions.InvalidTrackingNo(params={"carrier": carrier})
    return carrier, tracking_no


@transaction.atomic
def record_waybill_printed(*, order: Order, carrier: str, tracking_no: str, actor=None) -> Order:
    """打单: the merchant's printing software printed a waybill for an order still awaiting
    shipment (the carrier and number are checked as for shipping); on the timeline only,
    the order ships when the number is sent."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    order = lock_order(order)
    if order.status != OrderStatus.AWAITING_SHIPMENT:
        raise exceptions.OrderNotShippable()
    record_event(
        order,
        OrderEventKind.WAYBILL_PRINTED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
    )
    return order


@transaction.atomic
def ship_order(
    *,
    order: Order,
    carrier: str,
    tracking_no: str,
    actor=None,
    actor_kind=ActorKind.MERCHANT,
    at=None,
    through_dropship: bool = False,
) -> Order:
    """发货: a known carrier and a tracking number of its format. Shipping after the deadline
    records the late shipment at once. An order assigned to a manufacturer ships through the
    dropship path only (`through_dropship`), so it never gets two tracking numbers."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    order = lock_order(order)
    if (
        order.status != OrderStatus.AWAITING_SHIPMENT
        or order.after_sale_status == AfterSaleStatus.IN_PROGRESS
        or order.is_under_review
    ):
        raise exceptions.OrderNotShippable()
    if not through_dropship and is_assigned_to_manufacturer(order=order):
        raise exceptions.OrderAssignedToManufacturer()
    now = at or timezone.now()
    move_status(order, OrderStatus.SHIPPED)
    order.carrier, order.tracking_no, order.shipped_at = carrier, tracking_no, now
    order.save(update_fields=["status", "carrier", "tracking_no", "shipped_at"])
    record_event(
        order,
        OrderEventKind.SHIPPED,
        actor_kind=actor_kind,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
        at=now,
    )
    _flag_duplicate_tracking(order)
    if now > order.ship_deadline:
        _record_late_shipments([order])
    signals.order_shipped.send(sender=Order, order=order)
    return order


@transaction.atomic
def modify_shipment(*, order: Order, carrier: str, tracking_no: str, actor=None) -> Order:
    """修改发货: the merchant corrects a shipped order's carrier or tracking number, once and
    before the carrier reports anything; on the timeline, with what it was. The flag of a
    number used on two orders is worked out again for the new number."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    order = lock_order(order)
    if not can_modify_shipment(order=order):
        raise exceptions.ShipmentNotModifiable()
    if (carrier, tracking_no) == (order.carrier, order.tracking_no):
        raise InvalidInput({"tracking_no": [_("Enter a carrier or number that differs.")]})
    previous = {"previous_carrier": order.carrier, "previous_tracking_no": order.tracking_no}
    order.carrier, order.tracking_no = carrier, tracking_no
    order.shipment_modified_at, order.tracking_duplicated = timezone.now(), False
    order.save(
        update_fields=["carrier", "tracking_no", "shipment_modified_at", "tracking_duplicated"]
    )
    record_event(
        order,
        OrderEventKind.SHIPMENT_MODIFIED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no, **previous},
    )
    _flag_duplicate_tracking(order)
    return order


MAX_PACKAGES = 10


@transaction.atomic
def add_package(*, order: Order, carrier: str, tracking_no: str, actor=None) -> Package:
    """拆包裹: a further parcel of a shipped order (goods sent in two boxes, or from two
    warehouses), with a number of its carrier's format; its logistics are its own."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    order = lock_order(order)
    if order.status != OrderStatus.SHIPPED:
        raise exceptions.PackageNotAllowed()
    known = {(order.carrier, order.tracking_no)} | set(
        order.packages.values_list("carrier", "tracking_no")
    )
    if (carrier, tracking_no) in known:
        raise InvalidInput({"tracking_no": [_("This parcel is already on the order.")]})
    if len(known) > MAX_PACKAGES:
        raise exceptions.PackageNotAllowed(
            _("An order has at most %(count)d packages.") % {"count": MAX_PACKAGES + 1}
        )
    package = Package.objects.create(
        order=order, carrier=carrier, tracking_no=tracking_no, created_by=actor
    )
    record_event(
        order,
        OrderEventKind.PACKAGE_ADDED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
    )
    return package


def _flag_duplicate_tracking(order: Order) -> None:
    """A tracking number already on another order of the shop is a common sign of fake
    shipping (虚假发货): flag both, but do not block (merged parcels are legitimate)."""
    others = list(
        Order.objects.for_shop(order.shop_id)
        .filter(tracking_no=order.tracking_no)
        .exclude(pk=order.pk)
        .values_list("pk", "order_sn")
    )
    if not others:
        return
    Order.objects.filter(pk__in=[order.pk, *[pk for pk, _sn in others]]).update(
        tracking_duplicated=True
    )
    order.tracking_duplicated = True
    duplicated, system = OrderEventKind.TRACKING_DUPLICATED, ActorKind.SYSTEM
    record_events(
        [order.pk], duplicated, actor_kind=system, detail=", ".join(sn for _pk, sn in others)
    )
    record_events([pk for pk, _sn in others], duplicated, actor_kind=system, detail=order.order_sn)


def ship_orders_batch(*, shop, rows: list[dict], actor) -> list[dict]:
    """批量发货: ship many orders (selected or from a file), each on its own."""
    # The rows' orders in one query (ship_order locks each again, in its row's savepoint);
    # an order number not found here is looked up alone, to say why (none, or unstorable).
    wanted = {str(row.get("order_sn") or "").strip() for row in rows}
    found = Order.objects.for_shop(shop).filter(
        order_sn__in=[sn for sn in wanted if sn and not CONTROL_CHARACTERS.search(sn)]
    )
    orders = {order.order_sn: order for order in found}

    def ship(order_sn, row):
        ship_order(
            order=orders.get(order_sn)
            or get_object_for_shop(Order.objects, shop=shop, order_sn=order_sn),
            carrier=row.get("carrier", ""),
            tracking_no=row.get("tracking_no", ""),
            actor=actor,
        )

    return run_rows(rows, ship, not_found=OrderNotInShop)


def _record_late_shipments(orders) -> int:
    """Record 延迟发货 once per order: the one-to-one row makes a second detection a no-op."""
    LateShipment.objects.bulk_create(
        [
            LateShipment(
                order=order,
                shop_id=order.shop_id,
                ship_deadline=order.ship_deadline,
                shipped_at=order.shipped_at,
            )
            for order in orders
        ],
        ignore_conflicts=True,
    )
    order_ids = [order.pk for order in orders]
    newly_late = list(
        Order.objects.filter(pk__in=order_ids, is_late=False).values_list("pk", flat=True)
    )
    Order.objects.filter(pk__in=newly_late).update(is_late=True)
    record_events(newly_late, OrderEventKind.LATE_SHIPMENT, actor_kind=ActorKind.SYSTEM)
    late_ids = list(
        LateShipment.objects.filter(order_id__in=newly_late).values_list("pk", flat=True)
    )
    if late_ids:  # the penalties, after commit
        signals.late_shipments_recorded.send(sender=LateShipment, late_shipment_ids=late_ids)
    for order in orders:
        order.is_late = True
    return len(newly_late)


@transaction.atomic
def detect_late_shipments(*, now=None, batch_size: int = 1000) -> int:
    """Orders still unshipped past their deadline, or shipped after it, that have no
    late-shipment record yet. Safe to run twice or in two workers at once.

    Shipping records its own lateness in its transaction; the second query is a safety net
    over the last day's shipments only, so neither query grows with the order history."""
    now = now or timezone.now()
    # Not while the merchant may not ship: its deadline is paused (and moves on after).
    unshipped = Q(
        status=OrderStatus.AWAITING_SHIPMENT,
        ship_deadline__lt=now,
        shipping_blocked_since__isnull=True,
        is_under_review=False,
    ) & ~Q(after_sale_status=AfterSaleStatus.IN_PROGRESS)
    shipped_late = Q(
        status=OrderStatus.SHIPPED,
        shipped_at__gte=now - timedelta(days=1),
        shipped_at__gt=F("ship_deadline"),
    )
    candidates = [
        order
        for condition in (unshipped, shipped_late)
        for order in Order.objects.filter(condition, is_late=False)
        .select_for_update(skip_locked=True)
        .only("pk", "shop_id", "ship_deadline", "shipped_at")[:batch_size]
    ]
    return _record_late_shipments(candidates) if candidates else 0
