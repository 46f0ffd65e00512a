"""Time 导入发货 of a 5,000-row file: `python -m bench.shipment_import` (after bench.generate).

Two figures: how long the upload request holds the merchant (reading the file, keeping its
rows, queueing the work) and how long the worker takes to ship the rows (the same service
the Celery task calls, in chunks of 100 rows per transaction), with its queries per row.
Runs on the 10,000-order shop in a transaction it rolls back.
"""

import time
from datetime import timedelta

from bench import save_section, setup_django

ROWS = 5000


class Rollback(Exception):
    pass


def main():
    setup_django()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from merchant.models import Shop
    from orders import services
    from orders.models import Order, ShipmentImport

    call_command("migrate", verbosity=0)
    shop = Shop.objects.get(name="bench_10000")
    owner = shop.memberships.get().user
    settings.ALLOWED_HOSTS = ["testserver"]
    try:
        with transaction.atomic():
            orders = Order.objects.filter(shop=shop).order_by("id")[:ROWS]
            sns = list(orders.values_list("order_sn", flat=True))
            Order.objects.filter(order_sn__in=sns).update(  # paid today, on time
                status="awaiting_shipment",
                after_sale_status="none",
                is_under_review=False,
                ship_deadline=timezone.now() + timedelta(hours=48),
            )
            lines = [f"{sn},SF,SF{n:013d}" for n, sn in enumerate(sns)]
            content = "\n".join(["订单号,快递公司,运单号", *lines]).encode()
            client = Client()
            client.force_login(owner)
            started = time.perf_counter()
            response = client.post(
                "/orders/ship/import/", {"file": SimpleUploadedFile("bench.csv", content)}
            )
            request_s = time.perf_counter() - started
            assert response.status_code == 302, response.status_code
            job = ShipmentImport.objects.filter(shop=shop).latest("created_at")
            assert (job.total, job.processed) == (ROWS, 0)
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(1)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                started = time.perf_counter()
                job = services.process_shipment_import(import_id=job.pk)
                worker_s = time.perf_counter() - started
            assert job.shipped_count == ROWS, job.failed_rows[:3]
            results = {
                "rows": ROWS,
                "request_s": round(request_s, 2),
                "worker_s": round(worker_s, 2),
                "rows_per_s": round(ROWS / worker_s),
                "queries_per_row": round(len(queries) / ROWS, 1),
            }
            print(
                f"import of {ROWS:,} rows: request {request_s:.2f} s; worker {worker_s:.1f} s "
                f"({results['rows_per_s']} rows/s, {results['queries_per_row']} queries/row)"
            )
            raise Rollback
    except Rollback:
        pass
    save_section("shipment_import", results)


if __name__ == "__main__":
    main()
