from celery import shared_task
from django.db import OperationalError

from chat import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def delete_old_socket_tickets_task() -> None:
    """Hourly: drop websocket tickets an hour past their end (used or not); idempotent."""
    services.delete_old_socket_tickets()
