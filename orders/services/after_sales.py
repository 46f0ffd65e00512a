"""售后: a buyer's refund request, granted or refused by the merchant."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.money import parse_amount
from orders import exceptions, signals
from orders.models import (
    ActorKind,
    AfterSale,
    AfterSaleStatus,
    Buyer,
    Order,
    OrderEventKind,
    OrderStatus,
)
from orders.selectors import (
    refunded_amount,
)
from orders.services.state import add_to_counts, lock_order, move_status, pause_or_resume_deadline
from orders.services.timeline import record_event
from products.models import Sku


@transaction.atomic
def open_after_sale(*, order: Order, buyer: Buyer, reason: str, amount) -> AfterSale:
    """售后: a refund request of at most the paid amount, one open at a time."""
    order = lock_order(order)
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise InvalidInput({"reason": [_("Enter a reason of 1 to 200 characters.")]})
    amount = parse_amount(amount)
    if amount > order.pay_amount:
        raise exceptions.AfterSaleAmountTooHigh(
            fields={"amount": [exceptions.AfterSaleAmountTooHigh.default_message]}
        )
    if order.status == OrderStatus.CANCELLED or order.after_sale_status in (
        AfterSaleStatus.IN_PROGRESS,
        AfterSaleStatus.REFUNDED,
    ):
        raise exceptions.AfterSaleNotAllowed()
    after_sale = AfterSale.objects.create(
        shop_id=order.shop_id, order=order, buyer=buyer, reason=reason, amount=amount
    )
    order.after_sale_status = AfterSaleStatus.IN_PROGRESS
    paused = pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["after_sale_status", *paused])
    add_to_counts(order.shop_id, after_sale_open=+1)
    # Withdrawals now hold its amount back; an order assigned to a manufacturer comes back.
    signals.after_sale_opened.send(sender=AfterSale, after_sale=after_sale)
    record_event(
        order,
        OrderEventKind.AFTER_SALE_OPENED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        detail=reason,
        params={"amount": f"{amount:.2f}"},
    )
    return after_sale


def _lock_open_after_sale(after_sale: AfterSale) -> tuple[AfterSale, Order]:
    order = lock_order(after_sale.order)
    after_sale = AfterSale.objects.select_for_update().get(pk=after_sale.pk)
    if after_sale.status != AfterSaleStatus.IN_PROGRESS:
        raise exceptions.AfterSaleNotOpen()
    add_to_counts(order.shop_id, after_sale_open=-1)
    return after_sale, order


@transaction.atomic
def approve_after_sale(*, after_sale: AfterSale, actor) -> AfterSale:
    """退款: the refund is granted. An order not yet shipped and refunded in full is then
    cancelled and its stock returned to the SKUs; refunded in part, it is still to ship."""
    after_sale, order = _lock_open_after_sale(after_sale)
    now = timezone.now()
    after_sale.status, after_sale.resolved_at, after_sale.resolved_by = (
        AfterSaleStatus.REFUNDED,
        now,
        actor,
    )
    after_sale.save(update_fields=["status", "resolved_at", "resolved_by"])
    order.after_sale_status = AfterSaleStatus.REFUNDED
    fields = ["after_sale_status"]
    record_event(
        order,
        OrderEventKind.AFTER_SALE_REFUNDED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        params={"amount": f"{after_sale.amount:.2f}"},
    )
    refunded = refunded_amount(order=order)
    # Only a full refund cancels an order not yet shipped; after a partial one the merchant
    # ships it, and its income is the paid amount less the refund.
    fields += pause_or_resume_deadline(order, now)
    if order.status == OrderStatus.AWAITING_SHIPMENT and refunded >= order.pay_amount:
        move_status(order, OrderStatus.CANCELLED)
        order.cancelled_at = now
        fields += ["status", "cancelled_at"]
        for item in order.items.exclude(sku=None).order_by("sku_id"):
            Sku.objects.filter(pk=item.sku_id).update(stock=F("stock") + item.quantity)
        record_event(order, OrderEventKind.CANCELLED, actor_kind=ActorKind.SYSTEM)
    order.save(update_fields=fields)
    # In this transaction: the refund and its money.
    signals.after_sale_refunded.send(sender=AfterSale, after_sale=after_sale)
    return after_sale


@transaction.atomic
def refuse_after_sale(*, after_sale: AfterSale, actor, reason: str) -> AfterSale:
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise InvalidInput({"reason": [_("Enter a reason of 1 to 200 characters.")]})
    after_sale, order = _lock_open_after_sale(after_sale)
    after_sale.status, after_sale.refuse_reason = AfterSaleStatus.CLOSED, reason
    after_sale.resolved_at, after_sale.resolved_by = timezone.now(), actor
    after_sale.save(update_fields=["status", "refuse_reason", "resolved_at", "resolved_by"])
    order.after_sale_status = AfterSaleStatus.CLOSED
    resumed = pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["after_sale_status", *resumed])
    record_event(
        order,
        OrderEventKind.AFTER_SALE_CLOSED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        detail=reason,
    )
    signals.after_sale_closed.send(sender=AfterSale, after_sale=after_sale)
    return after_sale
