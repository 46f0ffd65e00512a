from celery import shared_task
from django.db import OperationalError

from orders import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def detect_late_shipments_task() -> int:
    """Periodic: record 延迟发货 for orders past their deadline (once per order)."""
    return services.detect_late_shipments()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def auto_confirm_receipts_task() -> int:
    """Periodic: receive orders shipped more than AUTO_RECEIVE_DAYS ago."""
    return services.auto_confirm_receipts()
