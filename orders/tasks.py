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


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def expire_after_sales_task() -> int:
    """Periodic: the platform acts on after-sales whose stage's deadline passed, and the
    shop is reminded of those whose deadline is near."""
    return services.expire_after_sales() + services.remind_after_sales()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def process_shipment_import_task(import_id: int) -> None:
    """导入发货 of a large file; idempotent, resumes where the last chunk ended."""
    services.process_shipment_import(import_id=import_id)


@shared_task
def requeue_shipment_imports_task() -> int:
    """Periodic: imports left half done by a stopped worker go on."""
    return services.requeue_shipment_imports()
