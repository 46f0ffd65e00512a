import logging

from celery import shared_task
from django.db import OperationalError

from dropship import services, statements
from dropship.models import Binding, Statement, StatementFailure

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def sync_dropship_orders_task(binding_id: int) -> int:
    return services.sync_dropship_orders(binding=Binding.objects.get(pk=binding_id))


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def build_statement_task(statement_id: int) -> None:
    """Idempotent: a redelivery after a crash rebuilds the same files; the statement counts
    its attempts and gives up, marked failed, after the third."""
    statement = Statement.objects.get(pk=statement_id)
    try:
        statements.build_statement(statement=statement)
    except OperationalError:
        raise
    except Exception:  # noqa: BLE001  (logged, a message for people on the statement, raised)
        logger.exception("statement %s failed", statement_id)
        statements.mark_failed(
            statement=statement,
            reason=StatementFailure.BUILD_ERROR,
        )
        raise


@shared_task
def fail_stuck_statements_task() -> int:
    return services.fail_stuck_statements()


@shared_task
def requeue_background_work_task() -> int:
    return services.requeue_background_work()
