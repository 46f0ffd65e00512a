"""Time batch assignment (批量分配) of 100 and of 10,000 orders, and its query count:
`python -m bench.assign` (after bench.generate). Runs in a transaction it rolls back.

The floor: one bulk `UPDATE ... RETURNING` of the same rows (found by order number), the
least any assignment must write, timed in the same transaction and undone by a savepoint.
"""

import time

from bench import save_section, setup_django
from bench.generate import bind_new_manufacturer

FLOOR_SQL = """
UPDATE dropship_dropshiporder
SET dropship_status = 'assigned', manufacturer_shop_id = %s, binding_id = %s, assigned_at = now()
WHERE order_id IN (SELECT id FROM orders_order WHERE shop_id = %s AND order_sn = ANY(%s))
RETURNING order_id
"""


class Rollback(Exception):
    pass


def floor_ms(connection, binding, batch) -> float:
    from django.db import transaction

    timings = []
    for _ in range(5):
        savepoint = transaction.savepoint()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                FLOOR_SQL,
                [binding.manufacturer_shop_id, binding.pk, binding.merchant_shop_id, batch],
            )
            updated = len(cursor.fetchall())
        timings.append((time.perf_counter() - started) * 1000)
        transaction.savepoint_rollback(savepoint)
    assert updated == len(batch), updated
    return sorted(timings)[2]


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dropship import services
    from merchant.models import Shop
    from orders.models import Order

    call_command("migrate", verbosity=0)
    shop = Shop.objects.get(name="bench_10000")
    owner = shop.memberships.get().user
    try:
        with transaction.atomic():
            Order.objects.filter(shop=shop).update(
                status="awaiting_shipment", after_sale_status="none"
            )
            binding = bind_new_manufacturer(shop=shop, maker_name="bench_maker")
            maker = binding.manufacturer_shop
            started = time.perf_counter()
            synced = services.sync_dropship_orders(binding=binding)
            print(f"sync of {synced:,} orders: {time.perf_counter() - started:.2f} s")
            order_sns = list(
                Order.objects.filter(shop=shop).order_by("id").values_list("order_sn", flat=True)
            )
            results = {}
            for label, batch in (("100", order_sns[:100]), ("10,000", order_sns[:10_000])):
                floor = floor_ms(connection, binding, batch)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    result = services.assign_orders(
                        merchant_shop=shop,
                        order_sns=batch,
                        manufacturer_shop_no=maker.shop_no,
                        actor=owner,
                    )
                    took = time.perf_counter() - started
                print(
                    f"assign {label:>6} orders: {took * 1000:8.1f} ms, {len(queries)} queries, "
                    f"{len(result['assigned']):,} assigned, {len(result['rejected'])} rejected; "
                    f"floor (one UPDATE ... RETURNING) {floor:.1f} ms"
                )
                results[label] = {
                    "ms": round(took * 1000, 1),
                    "queries": len(queries),
                    "assigned": len(result["assigned"]),
                    "floor_ms": round(floor, 1),
                    "ratio_to_floor": round(took * 1000 / floor, 2),
                }
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                services.assign_orders(
                    merchant_shop=shop,
                    order_sns=order_sns[100:10_100],
                    manufacturer_shop_no=maker.shop_no,
                    actor=owner,
                )
                took = time.perf_counter() - started
                print(f"repeat 10,000: {took * 1000:8.1f} ms, {len(queries)} queries")
            results["repeat 10,000"] = {"ms": round(took * 1000, 1), "queries": len(queries)}
            raise Rollback
    except Rollback:
        pass
    save_section("assign", results)


if __name__ == "__main__":
    main()
