from celery import shared_task
from django.db import OperationalError

from orders.models import LateShipment, Order
from payouts import services
from payouts.models import Withdrawal


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def submit_withdrawal_task(withdrawal_id: int) -> None:
    services.submit_withdrawal(withdrawal=Withdrawal.objects.get(pk=withdrawal_id))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def poll_withdrawals_task() -> int:
    """Periodic: settle the withdrawals the bank has paid or refused."""
    return services.poll_withdrawals()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def credit_order_income_task(order_id: int) -> None:
    services.credit_order_income(order=Order.objects.get(pk=order_id))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def charge_late_penalty_task(late_shipment_id: int) -> None:
    late_shipment = LateShipment.objects.select_related("order").get(pk=late_shipment_id)
    services.charge_late_penalty(late_shipment=late_shipment)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def settle_missed_task() -> int:
    """Periodic safety net: income and penalties whose task never ran (broker down)."""
    return services.settle_missed()
