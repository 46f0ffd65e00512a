"""Dropship's answers to orders' events."""

from django.dispatch import receiver

from dropship import services
from orders.signals import after_sale_opened, order_paid


@receiver(order_paid)
def add_paid_order(sender, order, **kwargs):
    services.add_paid_order(order)


@receiver(after_sale_opened)
def cancel_assignment(sender, after_sale, **kwargs):
    services.cancel_for_after_sale(after_sale.order)
