"""A statement worker killed with SIGKILL mid-build, on a real prefork worker over Redis.

The worker runs with short limits (task time limit 8 s, visibility timeout 10 s, unacked
tasks looked for every second) so a drill takes seconds, not the 40 minutes of production;
the rule is the same: a statement must end ready within the visibility timeout plus 30 s of
the crash, identical to a clean build, with one file of each kind.
"""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook

from dropship import services, statements
from dropship.models import Statement, StatementStatus
from tests.factories.dropship import bind, make_manufacturer, make_merchant, ship_many
from tests.processes import CeleryWorker, child_env, queued_tasks, wait_until

TIME_LIMIT, VISIBILITY_TIMEOUT = 8, 10
ROWS = 20_000  # about two seconds of building: long enough to be killed in the middle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_env(broker_at_private_redis):
    return child_env(
        REDIS_URL=broker_at_private_redis.url,
        CELERY_TASK_TIME_LIMIT=str(TIME_LIMIT),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        CELERY_UNACKED_RESTORE_INTERVAL="1",
    )


@pytest.fixture
def workers(worker_env):
    started = []

    def start():
        started.append(CeleryWorker(worker_env).start())
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def binding():
    merchant, manufacturer = make_merchant(), make_manufacturer()
    binding = bind(merchant, manufacturer)
    ship_many(binding, ROWS)
    return binding


def request_statement(binding) -> Statement:
    today = timezone.localdate()
    return services.request_statement(
        merchant_shop=binding.merchant_shop,
        manufacturer_shop_no=binding.manufacturer_shop.shop_no,
        start_date=today - timedelta(days=1),
        end_date=today,
        actor=binding.requested_by,
    )


def building(statement, attempt: int) -> bool:
    """Wait until the worker has begun the given attempt (it counts one as it starts)."""
    return wait_until(lambda: Statement.objects.get(pk=statement.pk).attempts == attempt, 30)


def still_generating(statement) -> bool:
    """Checked once the worker is killed: nothing can finish the build any more, so a
    statement that is not ready then was killed in the middle of its build."""
    return Statement.objects.get(pk=statement.pk).status == StatementStatus.GENERATING


def ready(statement) -> bool:
    return Statement.objects.get(pk=statement.pk).status == StatementStatus.READY


def assert_same_as_a_clean_build(statement: Statement):
    clean = Statement.objects.create(
        binding=statement.binding,
        start_date=statement.start_date,
        end_date=statement.end_date,
        requested_by=statement.requested_by,
        requested_at=timezone.now(),
        requested_on=timezone.localdate(),
    )
    clean = statements.build_statement(statement=clean)
    assert (statement.row_count, statement.order_count) == (ROWS, ROWS)
    assert (statement.row_count, statement.total_amount) == (clean.row_count, clean.total_amount)
    assert statement.csv_file.read() == clean.csv_file.read()
    assert sheet_values(statement) == sheet_values(clean)
    files = sorted(p.name for p in Path(settings.PRIVATE_MEDIA_ROOT, "statements").iterdir())
    mine = [name for name in files if name.startswith(f"statement-{statement.pk}-")]
    assert [name.rsplit(".", 1)[1] for name in mine] == ["csv", "xlsx"], files


def sheet_values(statement):
    with statement.xlsx_file.open("rb") as handle:
        sheet = load_workbook(handle, read_only=True).active
        return list(sheet.iter_rows(values_only=True))


def test_killing_the_pool_child_mid_build_redelivers_the_statement(workers, binding):
    worker = workers()
    statement = request_statement(binding)
    assert building(statement, attempt=1)

    worker.kill_pool_child()
    crashed = time.monotonic()
    assert still_generating(statement)

    assert wait_until(lambda: ready(statement), VISIBILITY_TIMEOUT + 30), worker.output()
    print(f"pool child killed: ready {time.monotonic() - crashed:.1f} s later")
    statement.refresh_from_db()
    assert statement.attempts == 2
    assert_same_as_a_clean_build(statement)


def test_killing_the_whole_worker_mid_build_is_recovered_by_the_next_worker(workers, binding):
    first = workers()
    statement = request_statement(binding)
    assert building(statement, attempt=1)

    first.kill_main()
    crashed = time.monotonic()
    assert still_generating(statement)
    workers()  # the worker comes back (systemd, Kubernetes...)

    assert wait_until(lambda: ready(statement), VISIBILITY_TIMEOUT + 30)
    print(f"worker killed: ready {time.monotonic() - crashed:.1f} s later")
    statement.refresh_from_db()
    assert statement.attempts == 2
    assert_same_as_a_clean_build(statement)


def test_a_build_that_keeps_crashing_stops_after_three_attempts(
    workers, binding, broker_at_private_redis
):
    worker = workers()
    statement = request_statement(binding)
    for attempt in (1, 2, 3):
        assert building(statement, attempt), worker.output()
        worker.kill_pool_child()

    def failed():
        return Statement.objects.get(pk=statement.pk).status == StatementStatus.FAILED

    assert wait_until(failed, VISIBILITY_TIMEOUT + 30), worker.output()
    statement.refresh_from_db()
    assert statement.attempts == 3
    assert statement.failure_reason == "gave_up"  # "已重试 3 次，生成失败。" when read
    assert not statement.csv_file
    redis = broker_at_private_redis.client()
    assert wait_until(lambda: queued_tasks(redis) == 0, 10)
