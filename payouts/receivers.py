"""Payouts' answers to orders' events: money moves in the order's transaction, or in a
task queued after its commit (settle_missed sweeps up what a lost task left)."""

from django.dispatch import receiver

from common.tasks import enqueue_on_commit
from orders.signals import (
    after_sale_appealed,
    after_sale_opened,
    after_sale_refunded,
    late_shipments_recorded,
    order_received,
)
from payouts import services


@receiver(order_received)
def credit_income(sender, order, **kwargs):
    enqueue_on_commit("payouts.tasks.credit_order_income_task", order.pk)


@receiver(after_sale_opened)
@receiver(after_sale_appealed)
def reserve_for_after_sale(sender, after_sale, **kwargs):
    services.reserve_for_after_sale(after_sale=after_sale)


@receiver(after_sale_refunded)
def debit_refund(sender, after_sale, **kwargs):
    services.debit_refund(after_sale=after_sale)


@receiver(late_shipments_recorded)
def charge_late_penalties(sender, late_shipment_ids, **kwargs):
    for late_shipment_id in late_shipment_ids:
        enqueue_on_commit("payouts.tasks.charge_late_penalty_task", late_shipment_id)
