"""Work a lost broker message left behind, queued again."""

from datetime import timedelta

from django.utils import timezone

from common.tasks import enqueue
from dropship.models import (
    Binding,
    BindingStatus,
    Statement,
    StatementStatus,
    SyncStatus,
)


def requeue_background_work(*, older_than=timedelta(minutes=2)) -> int:
    """Queue again what a broker outage may have dropped: statements never started and
    binding syncs never run. Both tasks are idempotent, so a double run is harmless."""
    stale = timezone.now() - older_than
    queued = 0
    for pk in Statement.objects.filter(
        status=StatementStatus.GENERATING, attempts=0, requested_at__lt=stale
    ).values_list("pk", flat=True)[:100]:
        queued += enqueue("dropship.tasks.build_statement_task", pk)
    for pk in Binding.objects.filter(
        status=BindingStatus.ACTIVE, sync_status=SyncStatus.RUNNING, answered_at__lt=stale
    ).values_list("pk", flat=True)[:100]:
        queued += enqueue("dropship.tasks.sync_dropship_orders_task", pk)
    return queued
