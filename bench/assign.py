"""Time batch assignment (批量分配) of 100 and of 10,000 orders, and its query count:
`python -m bench.assign` (after bench.generate). Runs in a transaction it rolls back."""

import time

from bench import setup_django


class Rollback(Exception):
    pass


def main():
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dropship import services
    from dropship.models import DropshipRole
    from merchant.models import Shop
    from merchant.services import register_merchant
    from orders.models import Order

    call_command("migrate", verbosity=0)
    shop = Shop.objects.get(name="bench_10000")
    owner = shop.memberships.get().user
    try:
        with transaction.atomic():
            Order.objects.filter(shop=shop).update(
                status="awaiting_shipment", after_sale_status="none"
            )
            services.choose_identity(
                shop=shop,
                role=DropshipRole.MERCHANT,
                display_name="bench",
                sender_name="b",
                sender_phone="13800000000",
                address="bench",
            )
            maker = register_merchant(
                username="bench_maker", password="bench-pass-2026", shop_name="bench_maker"
            ).shop
            services.choose_identity(shop=maker, role=DropshipRole.MANUFACTURER, display_name="m")
            binding = services.bind_manufacturer(
                merchant_shop=shop, manufacturer_shop_no=maker.shop_no, requested_by=owner
            )
            services.answer_binding(binding=binding, accept=True)
            started = time.perf_counter()
            synced = services.sync_dropship_orders(binding=binding)
            print(f"sync of {synced:,} orders: {time.perf_counter() - started:.2f} s")
            order_sns = list(
                Order.objects.filter(shop=shop).order_by("id").values_list("order_sn", flat=True)
            )
            for label, batch in (("100", order_sns[:100]), ("10,000", order_sns[:10_000])):
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
                    f"{len(result['assigned']):,} assigned, {len(result['rejected'])} rejected"
                )
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                services.assign_orders(
                    merchant_shop=shop,
                    order_sns=order_sns[100:10_100],
                    manufacturer_shop_no=maker.shop_no,
                    actor=owner,
                )
                print(
                    f"repeat 10,000: {(time.perf_counter() - started) * 1000:8.1f} ms, "
                    f"{len(queries)} queries (changes nothing)"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
