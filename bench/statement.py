"""Statements of 10,000 and 100,000 shipped dropship orders built by a real Celery worker
(prefork, one child, Redis db 13): `python -m bench.statement` (after bench.generate).

A third shop of 10,000 orders ships all of them, the 1M shop its first 100,000, once.
Both statements go to the same worker child, smaller first, so the child's peak RSS
(VmHWM) after each tells how memory grows with the size. The worker logs how long reading,
the CSV writer and the XLSX writer took; a format's rate is rows / (reading + its writer).
Row count and total are checked against SQL.
"""

import re
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench import BENCH_DATABASE_URL, save_section, setup_django
from bench.generate import bind_new_manufacturer, ship_through_manufacturer

BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"
SUPPLY_PRICE = Decimal("5.00")


def binding_for(shop, shipped: int):
    from django.db import connection
    from django.utils import timezone

    from dropship import services
    from dropship.models import Binding

    binding = Binding.objects.filter(merchant_shop=shop).first()
    if binding is not None:
        return binding
    binding = bind_new_manufacturer(shop=shop, maker_name=f"maker_{shop.name}")
    services.sync_dropship_orders(binding=binding)  # here, before the orders are shipped
    ship_through_manufacturer(binding=binding, count=shipped, now=timezone.now())
    sku = shop.products.get().skus.get()
    services.set_supply_price(binding=binding, sku=sku, price=SUPPLY_PRICE)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE dropship_dropshiporder")
    return binding


def expected(binding, start, end) -> tuple[int, Decimal]:
    from django.db import connection

    from common.dates import shanghai_day_start

    low, high = shanghai_day_start(start), shanghai_day_start(end + timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), coalesce(sum(i.quantity), 0)
            FROM dropship_dropshiporder d JOIN orders_orderitem i ON i.order_id = d.order_id
            WHERE d.binding_id = %s AND d.dropship_status = 'shipped'
              AND d.shipped_at >= %s AND d.shipped_at < %s
            """,
            [binding.pk, low, high],
        )
        rows, pieces = cursor.fetchone()
    return rows, pieces * SUPPLY_PRICE


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main():
    import os

    os.environ.setdefault("REDIS_URL", BENCH_REDIS_URL)
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="merchant-bench-media-"))
    setup_django()
    from django.utils import timezone

    from bench.generate import generate
    from dropship import services
    from dropship.models import Binding, Statement, StatementStatus
    from merchant.models import Shop
    from tests.processes import CeleryWorker, wait_until

    today = timezone.localdate()
    generate(10_000, series=3, name="statement_10000")  # bench_10000 is bench.assign's
    plans = [
        ("10,000 rows", Shop.objects.get(name="statement_10000"), 10_000),
        ("100,000 rows", Shop.objects.get(name="bench_1000000"), 100_000),
    ]
    # Bindings first: the worker would otherwise sync a binding while it is being shipped.
    bindings = {label: binding_for(shop, shipped) for label, shop, shipped in plans}
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DATABASE_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    worker = CeleryWorker(env, name="bench").start()
    results = {}
    try:
        for label, shop, _shipped in plans:
            binding = bindings[label]
            Binding.objects.filter(pk=binding.pk).update(last_statement_at=None)
            Statement.objects.filter(binding=binding).delete()
            started = time.perf_counter()
            statement = services.request_statement(
                merchant_shop=shop,
                manufacturer_shop_no=binding.manufacturer_shop.shop_no,
                start_date=today - timedelta(days=1),
                end_date=today,
                actor=binding.requested_by,
            )

            def finished(pk=statement.pk):
                return Statement.objects.get(pk=pk).status != StatementStatus.GENERATING

            assert wait_until(finished, 600, interval=0.2), worker.output()
            wall = time.perf_counter() - started
            statement.refresh_from_db()
            assert statement.status == StatementStatus.READY, statement.failure_reason
            line = re.findall(
                rf"statement {statement.pk}: (\d+) rows; reading ([\d.]+) s, "
                r"CSV ([\d.]+) s, XLSX ([\d.]+) s",
                worker.log.read_text(),
            )[-1]
            rows, reading, csv_s, xlsx_s = int(line[0]), *map(float, line[1:])
            (child,) = worker.children()
            want_rows, want_total = expected(binding, statement.start_date, statement.end_date)
            figures = {
                "rows": rows,
                "wall_s": round(wall, 2),
                "reading_s": reading,
                "csv_s": csv_s,
                "xlsx_s": xlsx_s,
                "csv_rows_per_s": round(rows / (reading + csv_s)),
                "xlsx_rows_per_s": round(rows / (reading + xlsx_s)),
                "worker_peak_rss_mb": round(peak_rss_mb(child), 1),
                "equal_to_sql": (statement.row_count, statement.total_amount)
                == (want_rows, want_total),
            }
            results[label] = figures
            print(f"statement {label}: {figures}")
    finally:
        worker.stop()
    save_section("statement", results)


if __name__ == "__main__":
    main()
