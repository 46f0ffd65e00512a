"""签收: by the buyer, by the carrier's tracking webhook, or automatically."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from orders import exceptions, signals
from orders.carriers import normalize_tracking_no
from orders.models import (
    ActorKind,
    LogisticsEvent,
    LogisticsStatus,
    Order,
    OrderEventKind,
    OrderStatus,
    ReceiptBy,
)
from orders.services.state import lock_order, move_status
from orders.services.timeline import record_event


@transaction.atomic
def confirm_receipt(
    *, order: Order, actor_kind=ActorKind.BUYER, actor=None, received_by=None, at=None
) -> Order:
    """签收: the buyer confirms, the carrier reports delivery, or the automatic confirmation
    runs. Receiving twice is refused, so every path can race safely."""
    order = lock_order(order)
    if order.status != OrderStatus.SHIPPED:
        raise exceptions.OrderNotReceivable()
    move_status(order, OrderStatus.RECEIVED)
    order.received_at = at or timezone.now()
    order.save(update_fields=["status", "received_at"])
    record_event(
        order,
        OrderEventKind.RECEIVED,
        actor_kind=actor_kind,
        actor=actor,
        params={"received_by": received_by} if received_by else None,
        at=order.received_at,
    )
    signals.order_received.send(sender=Order, order=order)  # its income, after commit
    return order


def auto_confirm_receipts(*, now=None, days: int | None = None, batch_size: int = 500) -> int:
    """Orders shipped more than `days` ago and not yet received are received automatically."""
    now = now or timezone.now()
    days = settings.AUTO_RECEIVE_DAYS if days is None else days
    due = Order.objects.filter(
        status=OrderStatus.SHIPPED, shipped_at__lt=now - timedelta(days=days)
    ).order_by("shipped_at")[:batch_size]
    confirmed = 0
    for order in due:
        try:
            confirm_receipt(
                order=order, actor_kind=ActorKind.SYSTEM, received_by=ReceiptBy.AUTOMATIC
            )
        except exceptions.OrderNotReceivable:
            continue  # received meanwhile through another path
        confirmed += 1
    return confirmed


def verify_webhook_signature(*, carrier: str, body: bytes, signature: str) -> None:
    secret = settings.LOGISTICS_WEBHOOK_SECRETS.get(carrier)
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest() if secret else None
    if not expected or not hmac.compare_digest(expected, (signature or "").strip().lower()):
        raise exceptions.InvalidSignature()


@transaction.atomic
def record_logistics_events(*, carrier: str, tracking_no: str, events: list[dict]) -> int:
    """Append a carrier's tracking events to every order shipped with that number (merged
    parcels share one), as its own parcel or one of its packages (拆包裹). A repeated event is
    ignored; the delivery of an order's own parcel receives it."""
    tracking_no = normalize_tracking_no(tracking_no)
    parcel = Q(carrier=carrier, tracking_no=tracking_no)
    package = Q(packages__carrier=carrier, packages__tracking_no=tracking_no)
    orders = list(Order.objects.filter(parcel | package).distinct())
    if not orders:
        return 0
    rows = [
        LogisticsEvent(
            order=order,
            tracking_no=tracking_no,
            event_id=str(event["event_id"])[:64],
            status=event["status"],
            description=str(event.get("description", ""))[:200],
            location=str(event.get("location", ""))[:60],
            occurred_at=event["occurred_at"],
        )
        for order in orders
        for event in events
    ]
    before = LogisticsEvent.objects.filter(order__in=orders).count()
    LogisticsEvent.objects.bulk_create(rows, ignore_conflicts=True)
    added = LogisticsEvent.objects.filter(order__in=orders).count() - before
    if any(event["status"] == LogisticsStatus.DELIVERED for event in events):
        for order in orders:
            if order.status == OrderStatus.SHIPPED and order.tracking_no == tracking_no:
                try:
                    confirm_receipt(
                        order=order,
                        actor_kind=ActorKind.SYSTEM,
                        received_by=ReceiptBy.CARRIER,
                    )
                except exceptions.OrderNotReceivable:
                    continue
    return added
