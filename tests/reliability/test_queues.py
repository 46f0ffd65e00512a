"""Money is never stuck behind bulk work: with a worker per queue (as compose runs them),
100 statement builds queued on a busy bulk worker do not delay a withdrawal, which the
money worker hands to the bank within 2 s. Real prefork workers on a private Redis."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from common.tasks import enqueue
from dropship.models import Statement, StatementStatus
from payouts import services as payouts
from payouts.models import Withdrawal
from tests.factories.dropship import bind, make_manufacturer, make_merchant, ship_many
from tests.factories.payouts import bind_card, give_balance
from tests.processes import CeleryWorker, child_env, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENTS = 100


def queue_statements(binding) -> list[int]:
    """100 statement builds waiting for the bulk worker (made here rather than through the
    service, which allows 3 a day)."""
    today = timezone.localdate()
    statements = Statement.objects.bulk_create(
        Statement(
            binding=binding,
            start_date=today - timedelta(days=1),
            end_date=today,
            requested_by=binding.requested_by,
            requested_on=today,
        )
        for _ in range(STATEMENTS)
    )
    for statement in statements:
        assert enqueue("dropship.tasks.build_statement_task", statement.pk)
    return [statement.pk for statement in statements]


def test_a_withdrawal_is_submitted_within_2_s_behind_100_statements(
    broker_at_private_redis, drill_figures
):
    merchant = make_merchant()
    binding = bind(merchant, make_manufacturer())
    ship_many(binding, 2_000)  # each build reads 2,000 rows
    bind_card(merchant.shop, merchant.user)
    give_balance(merchant.shop, "1500")
    env = child_env(REDIS_URL=broker_at_private_redis.url)
    workers = [
        CeleryWorker(env, name="bulk", queues="bulk").start(),
        CeleryWorker(env, name="money", queues="money").start(),
    ]
    try:
        statements = queue_statements(binding)
        started = Statement.objects.filter(pk__in=statements, attempts__gt=0)
        assert wait_until(started.exists, 30), workers[0].output()

        asked = time.monotonic()
        withdrawal = payouts.request_withdrawal(
            shop=merchant.shop, amount="1000", requested_by=merchant.user
        )
        submitted = Withdrawal.objects.filter(pk=withdrawal.pk).exclude(bank_reference="")
        assert wait_until(submitted.exists, 10, interval=0.05), workers[1].output()
        waited = time.monotonic() - asked
        # The flood was still there: most statements had not been built yet.
        waiting = Statement.objects.filter(
            pk__in=statements, status=StatementStatus.GENERATING
        ).count()
        queued = broker_at_private_redis.client().llen("bulk")
        drill_figures(
            withdrawal_submitted_s=round(waited, 3),
            statements_queued=STATEMENTS,
            statements_not_built=waiting,
            bulk_queue_length=queued,
        )

        assert waited <= 2
        assert waiting > STATEMENTS // 2
        assert queued > STATEMENTS // 2
    finally:
        for worker in workers:
            worker.stop()
