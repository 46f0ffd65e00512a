"""What orders announce, told to the shop's authorised apps as the platform's topics
(openplatform.push), inside the sender's transaction."""

from django.dispatch import receiver

from openplatform import push
from orders import signals


@receiver(signals.order_paid)
def order_paid(order, **kwargs):
    push.tell(order.shop, push.TRADE_CONFIRMED, push.trade_content(order))


@receiver(signals.order_shipped)
def order_shipped(order, **kwargs):
    push.tell(order.shop, push.TRADE_SELLER_SHIP, push.trade_content(order))


@receiver(signals.order_received)
def order_received(order, **kwargs):
    push.tell(order.shop, push.TRADE_SUCCESS, push.trade_content(order))


@receiver(signals.after_sale_opened)
def after_sale_opened(after_sale, **kwargs):
    push.tell(after_sale.shop, push.REFUND_CREATED, push.refund_content(after_sale, 1000))


@receiver(signals.after_sale_refunded)
def after_sale_refunded(after_sale, **kwargs):
    push.tell(after_sale.shop, push.REFUND_AGREED, push.refund_content(after_sale, 1001))


@receiver(signals.after_sale_closed)
def after_sale_closed(after_sale, **kwargs):
    push.tell(after_sale.shop, push.REFUND_CLOSED, push.refund_content(after_sale, 1002))
