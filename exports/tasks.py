import logging

from celery import shared_task
from django.db import OperationalError

from exports import services
from exports.models import ExportFailure

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_export_task(export_id: int) -> None:
    """Idempotent (see services.build_export); an error other than the database's marks the
    export failed, and the member is told."""
    try:
        services.build_export(export_id=export_id)
    except OperationalError:
        raise
    except Exception:  # noqa: BLE001  (logged; the member sees the export failed)
        logger.exception("export %s failed", export_id)
        services.mark_failed(export_id=export_id, reason=ExportFailure.BUILD_ERROR)


@shared_task
def requeue_stuck_exports_task() -> int:
    return services.requeue_stuck_exports()
