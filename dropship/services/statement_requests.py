"""对账单 requests: at most 3 a day, 10 minutes apart; the files are built by the worker
(dropship.statements)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.tasks import enqueue_on_commit
from dropship import exceptions
from dropship.models import (
    Statement,
    StatementFailure,
    StatementStatus,
)
from dropship.services.assignment import active_binding
from dropship.services.bindings import lock_binding

STATEMENTS_PER_DAY = 3

STATEMENT_SPACING = timedelta(minutes=10)


@transaction.atomic
def request_statement(
    *, merchant_shop, manufacturer_shop_no, start_date, end_date, actor
) -> Statement:
    """对账单: at most 3 a day per binding, at least 10 minutes apart. The binding row is
    locked while counting, so two simultaneous requests cannot both pass."""
    if start_date > end_date or (end_date - start_date).days > 366:
        raise exceptions.InvalidDateRange()
    if start_date > timezone.localdate():  # nothing can have shipped yet: no slot is used
        raise exceptions.InvalidDateRange(
            _("A statement covers days that have begun: start today or earlier.")
        )
    found = active_binding(merchant_shop, manufacturer_shop_no)
    if found is None:
        raise exceptions.BindingNotActive()
    binding = lock_binding(found.pk)
    now = timezone.now()
    today = timezone.localdate(now)
    if Statement.objects.filter(binding=binding, requested_on=today).count() >= STATEMENTS_PER_DAY:
        raise exceptions.StatementDailyLimit()
    if binding.last_statement_at and now - binding.last_statement_at < STATEMENT_SPACING:
        next_at = timezone.localtime(binding.last_statement_at + STATEMENT_SPACING)
        raise exceptions.StatementTooSoon(
            _("Statements are at least 10 minutes apart: the next one from %(time)s.")
            % {"time": next_at.strftime("%H:%M:%S")}
        )
    binding.last_statement_at = now
    binding.save(update_fields=["last_statement_at"])
    statement = Statement.objects.create(
        binding=binding,
        start_date=start_date,
        end_date=end_date,
        requested_by=actor,
        requested_at=now,
        requested_on=today,
    )
    enqueue_on_commit("dropship.tasks.build_statement_task", statement.pk)
    return statement


def fail_stuck_statements(*, older_than=None) -> int:
    """A statement still generating long after its task's time limit will not finish: say
    so instead of leaving it spinning."""
    limit = older_than or timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + 300)
    return Statement.objects.filter(
        status=StatementStatus.GENERATING, requested_at__lt=timezone.now() - limit
    ).update(
        status=StatementStatus.FAILED,
        failure_reason=StatementFailure.STUCK,
        finished_at=timezone.now(),
    )
