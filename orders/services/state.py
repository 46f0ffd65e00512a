"""An order's state as the services change it: locks, status moves with the shop's counts,
and the shipping deadline that pauses while shipping is blocked."""

from django.db import transaction
from django.db.models import Count, F
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from orders.models import (
    ORDER_TRANSITIONS,
    AfterSaleStatus,
    Order,
    OrderStatus,
    ShopOrderCounts,
)


def move_status(order: Order, status: str) -> None:
    """Change the status of a locked order, refusing what the pipeline does not allow, and
    move it between the shop's counts in the same transaction."""
    if status not in ORDER_TRANSITIONS[order.status]:
        raise ValueError(f"{order.order_sn}: {order.status} -> {status} is not allowed")
    add_to_counts(order.shop_id, **{order.status: -1, status: +1})
    order.status = status


def add_to_counts(shop_id, **changes) -> None:
    """Add to the shop's order counts, creating its row with the shop's first order."""
    update = {field: F(field) + change for field, change in changes.items()}
    if not ShopOrderCounts.objects.filter(shop_id=shop_id).update(**update):
        ShopOrderCounts.objects.get_or_create(shop_id=shop_id)
        ShopOrderCounts.objects.filter(shop_id=shop_id).update(**update)


@transaction.atomic
def recount_orders(*, shop) -> ShopOrderCounts:
    """Rebuild a shop's order counts from its orders (repair; the services keep them)."""
    orders = Order.objects.for_shop(shop)
    by_status = dict(orders.values_list("status").annotate(n=Count("id")).order_by())
    values = {
        "total": sum(by_status.values()),
        **{status: by_status.get(status, 0) for status in OrderStatus.values},
        "after_sale_open": orders.filter(after_sale_status=AfterSaleStatus.IN_PROGRESS).count(),
    }
    counts, _created = ShopOrderCounts.objects.update_or_create(shop=shop, defaults=values)
    return counts


def lock_order(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def shipping_blocked(order: Order) -> bool:
    return order.is_under_review or order.after_sale_status == AfterSaleStatus.IN_PROGRESS


def pause_or_resume_deadline(order: Order, now) -> list[str]:
    """Keep the shipping deadline fair to the merchant: it does not run while the order may
    not be shipped (review, open after-sale). Called on a locked order after its review or
    after-sale state changed; answers the fields it changed."""
    if order.status != OrderStatus.AWAITING_SHIPMENT:
        return []
    if shipping_blocked(order):
        if order.shipping_blocked_since is None:
            order.shipping_blocked_since = now
            return ["shipping_blocked_since"]
        return []
    if order.shipping_blocked_since is not None:
        order.ship_deadline += now - order.shipping_blocked_since
        order.shipping_blocked_since = None
        return ["shipping_blocked_since", "ship_deadline"]
    return []


def clean_reason(value, field: str = "reason", message=None) -> str:
    """A reason, note or decision a person writes for the other side: 1 to 200 characters."""
    value = (value or "").strip()
    if not value or len(value) > 200:
        raise InvalidInput({field: [message or _("Enter a reason of 1 to 200 characters.")]})
    return value
