"""Exports built by a real Celery worker (prefork, one child, Redis db 13): the bill of the
1M-order shop with 100,000 ledger entries, and its whole order list of 1,000,000 orders,
each as CSV and XLSX: `python -m bench.export` (after bench.generate).

The four go to the same worker child, smallest first, so its peak RSS (VmHWM) after each
says how memory grows with the size. A row count is checked against SQL; the rate is rows
over the time from the request's commit to the export's end (queueing included); asking
(the filters checked, the rows counted) is timed on its own, since a web worker does it.
The worker first finishes what the benchmarks before it queued on the same broker (the late
shipments of bench.statement's 100,000 orders are penalties in this shop's bill), and only
then are the rows counted.
"""

import os
import tempfile
import time

import redis

from bench import BENCH_DATABASE_URL, save_section, setup_django
from bench.statement import BENCH_REDIS_URL, peak_rss_mb

SHOP = "bench_1000000"
LEDGER_ENTRIES = 100_000

# 100,000 order incomes of the shop's received orders, with a running balance.
LEDGER_SQL = """
INSERT INTO payouts_ledgerentry (account_id, kind, available_delta, frozen_delta,
    available_after, frozen_after, order_id, note, params, created_at)
SELECT %(account)s, 'order_income', o.pay_amount, 0,
       sum(o.pay_amount) OVER (ORDER BY o.id), 0, o.id, '', '{}', o.at
FROM (
    SELECT id, pay_amount, coalesce(received_at, paid_at) AS at FROM orders_order
    WHERE shop_id = %(shop)s AND status = 'received' ORDER BY id LIMIT %(count)s
) AS o
"""


def ledger_of(shop) -> int:
    from django.db import connection

    from payouts.models import FundAccount, LedgerEntry

    account, _created = FundAccount.objects.get_or_create(shop=shop)
    have = LedgerEntry.objects.filter(account=account).count()
    if have < LEDGER_ENTRIES:
        with connection.cursor() as cursor:
            cursor.execute(
                LEDGER_SQL, {"account": account.pk, "shop": shop.pk, "count": LEDGER_ENTRIES}
            )
            cursor.execute("VACUUM ANALYZE payouts_ledgerentry")
    return LedgerEntry.objects.filter(account=account).count()


def main():
    os.environ.setdefault("REDIS_URL", BENCH_REDIS_URL)
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="merchant-bench-media-"))
    setup_django()
    from exports import services
    from exports.models import Export, ExportStatus
    from merchant.models import Shop
    from orders.models import Order
    from tests.processes import CeleryWorker, queued_tasks, wait_until

    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "EXPORTS_UNFINISHED_MAX": "10",
    }
    worker = CeleryWorker(env, name="bench-export").start()
    results = {}
    try:
        broker = redis.Redis.from_url(os.environ["REDIS_URL"])
        assert wait_until(lambda: queued_tasks(broker) == 0, 600), worker.output()
        shop = Shop.objects.get(name=SHOP)
        owner = shop.memberships.get(role="owner").user
        entries = ledger_of(shop)
        orders = Order.objects.filter(shop=shop).count()
        plans = [
            ("bill 100,000 entries CSV", "payouts.ledger", "csv", entries),
            ("bill 100,000 entries XLSX", "payouts.ledger", "xlsx", entries),
            ("orders 1,000,000 CSV", "orders", "csv", orders),
            ("orders 1,000,000 XLSX", "orders", "xlsx", orders),
        ]
        Export.objects.filter(shop=shop).delete()
        for label, kind, file_format, expected in plans:
            started = time.perf_counter()
            export = services.request_export(
                shop=shop,
                user=owner,
                kind=kind,
                file_format=file_format,
                params={"tab": "all"} if kind == "orders" else {},
                language="zh-hans",
            )
            asked = time.perf_counter()

            def finished(pk=export.pk):
                return Export.objects.get(pk=pk).finished_at is not None

            assert wait_until(finished, 1800, interval=0.5), worker.output()
            wall = time.perf_counter() - asked
            export.refresh_from_db()
            assert export.status == ExportStatus.READY, export.failure_reason
            (child,) = worker.children()
            figures = {
                "rows": export.rows_done,
                "equal_to_sql": export.rows_done == expected,
                "request_ms": round((asked - started) * 1000),
                "wall_s": round(wall, 1),
                "rows_per_s": round(export.rows_done / wall),
                "file_mb": round(export.file.size / 1024 / 1024, 1),
                "worker_peak_rss_mb": round(peak_rss_mb(child), 1),
            }
            results[label] = figures
            print(f"export {label}: {figures}", flush=True)
    finally:
        worker.stop()
    save_section("export", results)


if __name__ == "__main__":
    main()
