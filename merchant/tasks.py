from importlib import import_module

from celery import shared_task
from django.conf import settings
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def clear_expired_sessions_task() -> None:
    """Nightly: drop expired console sessions (what `manage.py clearsessions` does).
    Clearing twice clears nothing more, so a redelivery is harmless."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
