"""Write benchmark shops in bulk: `python -m bench.generate --orders 1000000 --orders 10000`.

Each shop gets N paid orders spread over the last 90 days (one item each), in every state
(awaiting shipment, shipped, received, cancelled, after-sales, late), written with
`INSERT ... SELECT generate_series` on Postgres, plus the hourly rollup the dashboard reads.
Deterministic: the same N gives the same rows (times are relative to the run's start).
"""

import argparse
import time
from contextlib import contextmanager

from bench import setup_django

ORDERS_SQL = """
INSERT INTO orders_order (
    shop_id, buyer_id, order_sn, status, after_sale_status, goods_amount, discount_amount,
    shipping_amount, pay_amount, consignee_name, consignee_phone, province, city, district,
    address, paid_at, ship_deadline, shipped_at, received_at, cancelled_at, carrier,
    tracking_no, is_under_review, is_late, tracking_duplicated, remark, remark_flag, created_at,
    updated_at
)
SELECT
    s.shop, s.buyer,
    to_char(t.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || '-'
        || lpad((s.series * 100000000 + g)::text, 15, '0'),
    CASE
        WHEN t.age < interval '2 days' THEN
            CASE WHEN g %% 10 < 7 THEN 'awaiting_shipment' ELSE 'shipped' END
        WHEN t.age < interval '8 days' THEN
            CASE WHEN g %% 10 < 6 THEN 'shipped' ELSE 'received' END
        WHEN g %% 100 < 3 THEN 'cancelled'
        ELSE 'received'
    END,
    CASE WHEN g %% 100 = 7 THEN 'in_progress' WHEN g %% 100 < 3 THEN 'refunded' ELSE 'none' END,
    t.amount, 0, 0, t.amount,
    (ARRAY['张伟','王芳','李娜','刘洋','陈静','杨磊','黄艳','赵勇','吴军','周杰'])[1 + g %% 10],
    '13' || lpad((g %% 1000000000)::text, 9, '0'),
    '浙江省', '杭州市', '余杭区', '文一西路 ' || (g %% 999) || ' 号',
    t.paid_at, t.paid_at + interval '48 hours',
    CASE WHEN t.age >= interval '2 days' OR g %% 10 >= 7
         THEN t.paid_at + ((g %% 40) || ' hours')::interval END,
    CASE WHEN t.age >= interval '8 days' AND g %% 100 >= 3
         THEN t.paid_at + interval '4 days' END,
    CASE WHEN t.age >= interval '8 days' AND g %% 100 < 3 THEN t.paid_at + interval '1 day' END,
    CASE WHEN t.age >= interval '2 days' OR g %% 10 >= 7 THEN 'YTO' ELSE '' END,
    CASE WHEN t.age >= interval '2 days' OR g %% 10 >= 7
         THEN 'YT' || lpad((s.series * 100000000 + g)::text, 13, '0') ELSE '' END,
    false, false, false, '', '', t.paid_at,
    -- the latest of its events: received (or cancelled) after 8 days, shipped, else paid
    t.paid_at + CASE
        WHEN t.age >= interval '8 days' THEN interval '4 days'
        WHEN t.age >= interval '2 days' OR g %% 10 >= 7 THEN ((g %% 40) || ' hours')::interval
        ELSE interval '0'
    END
FROM unnest(%(shops)s::bigint[], %(buyers)s::bigint[], %(series)s::bigint[], %(counts)s::int[])
    AS s(shop, buyer, series, count),
LATERAL generate_series(1, s.count) AS g,
LATERAL (
    SELECT
        %(now)s::timestamptz - ((g::bigint * 2654435761) %% 7776000) * interval '1 second'
            AS paid_at,
        ((g %% 200) + 1) * 1.99 AS amount,
        ((g::bigint * 2654435761) %% 7776000) * interval '1 second' AS age
) AS t
"""

ITEMS_SQL = """
INSERT INTO orders_orderitem (order_id, product_id, sku_id, goods_id, title, spec, price,
                              quantity, amount)
SELECT o.id, p.product, p.sku, p.goods_id, '基准测试商品', '默认', o.pay_amount, 1, o.pay_amount
FROM unnest(%(shops)s::bigint[], %(products)s::bigint[], %(skus)s::bigint[],
            %(goods_ids)s::bigint[]) AS p(shop, product, sku, goods_id)
JOIN orders_order o ON o.shop_id = p.shop AND o.id > %(after)s
"""

AFTER_SALES_SQL = """
INSERT INTO orders_aftersale (shop_id, order_id, buyer_id, kind, reason_code, reason, amount,
                              status, stage, deadline, refuse_reason, created_at, updated_at)
SELECT o.shop_id, o.id, o.buyer_id, k.kind,
       (ARRAY['quality','damaged','not_wanted','missing_parts','wrong_item'])[1 + k.h %% 5],
       '不想要了', o.pay_amount, o.after_sale_status,
       CASE
           WHEN o.after_sale_status = 'refunded' THEN 'refunded'
           WHEN k.kind IN ('return_and_refund', 'exchange') AND k.h / 4 %% 3 = 1
               THEN 'awaiting_return'
           WHEN k.kind IN ('return_and_refund', 'exchange') AND k.h / 4 %% 3 = 2
               THEN 'awaiting_receipt'
           ELSE 'awaiting_merchant'
       END,
       -- open ones: due within the next two days, spread by the hour
       CASE WHEN o.after_sale_status = 'in_progress'
            THEN %(now)s::timestamptz + (k.h / 12 %% 48) * interval '1 hour' END,
       '', o.paid_at, o.paid_at
FROM orders_order o,
-- a hash of the id spreads kinds, stages and deadlines (the open ones' ids are 100 apart)
LATERAL (SELECT (o.id::bigint * 2654435761) %% 1000003 AS h) AS hashed,
LATERAL (
    SELECT hashed.h AS h,
           CASE WHEN o.after_sale_status = 'refunded' THEN 'refund_only'
                ELSE (ARRAY['refund_only', 'return_and_refund', 'exchange', 'resend'])
                     [1 + hashed.h %% 4]
           END AS kind
) AS k
WHERE o.shop_id = ANY(%(shops)s) AND o.id > %(after)s
  AND o.after_sale_status IN ('in_progress', 'refunded')
"""

ROLLUP_SQL = """
INSERT INTO orders_hourlyshopstats (shop_id, hour, paid_orders, paid_amount)
SELECT shop_id,
       date_trunc('hour', paid_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai',
       count(*), sum(pay_amount)
FROM orders_order WHERE shop_id = ANY(%(shops)s) AND id > %(after)s
GROUP BY 1, 2
"""

COUNTS_SQL = """
INSERT INTO orders_shopordercounts (shop_id, total, awaiting_shipment, shipped, received,
                                    cancelled, after_sale_open)
SELECT shop_id, count(*), count(*) FILTER (WHERE status = 'awaiting_shipment'),
       count(*) FILTER (WHERE status = 'shipped'), count(*) FILTER (WHERE status = 'received'),
       count(*) FILTER (WHERE status = 'cancelled'),
       count(*) FILTER (WHERE after_sale_status = 'in_progress')
FROM orders_order WHERE shop_id = ANY(%(shops)s) AND id > %(counted_after)s
GROUP BY shop_id
ON CONFLICT (shop_id) DO UPDATE SET total = EXCLUDED.total,
    awaiting_shipment = EXCLUDED.awaiting_shipment, shipped = EXCLUDED.shipped,
    received = EXCLUDED.received, cancelled = EXCLUDED.cancelled,
    after_sale_open = EXCLUDED.after_sale_open
"""


SHIPPED_DROPSHIP_SQL = """
INSERT INTO dropship_dropshiporder (order_id, shop_id, paid_at, dropship_status,
    manufacturer_shop_id, binding_id, assigned_at, carrier, tracking_no,
    tracking_returned_at, shipped_at, last_cancel_reason)
SELECT id, shop_id, paid_at, 'shipped', %(manufacturer)s, %(binding)s, paid_at, 'YTO',
       'YT' || lpad(id::text, 13, '0'), paid_at,
       %(now)s::timestamptz - (row_number() OVER (ORDER BY id) %% 2) * interval '1 day', ''
FROM orders_order WHERE shop_id = %(shop)s ORDER BY id LIMIT %(count)s
ON CONFLICT DO NOTHING
"""


def write_orders(*, shop, buyer, product, count: int, series: int, now) -> None:
    """`count` paid orders of one item over the 90 days before `now`, their after-sales, the
    hourly rollup and the order counts, in five statements. `series` keeps order numbers
    apart per shop."""
    sku = product.skus.get()
    write_many_orders(
        [(shop.pk, buyer.pk, product.pk, sku.pk, product.goods_id, series, count)], now
    )


def write_many_orders(shops: list[tuple], now, *, new_shops: bool = False) -> None:
    """The orders of many shops at once: `(shop, buyer, product, sku, goods_id, series,
    count)` ids per shop; the same rows `write_orders` writes for each. The order counts
    count every order of the shops, or, for `new_shops`, only those just written (the
    same, without reading the whole table while its indexes are away)."""
    from django.db import connection

    columns = list(zip(*shops, strict=True))
    params = {
        "shops": list(columns[0]),
        "buyers": list(columns[1]),
        "products": list(columns[2]),
        "skus": list(columns[3]),
        "goods_ids": list(columns[4]),
        "series": list(columns[5]),
        "counts": list(columns[6]),
        "now": now,
    }
    with connection.cursor() as cursor:
        # The statements after the first read only the orders it wrote.
        cursor.execute("SELECT coalesce(max(id), 0) FROM orders_order")
        params["after"] = cursor.fetchone()[0]
        params["counted_after"] = params["after"] if new_shops else 0
        for sql in (ORDERS_SQL, ITEMS_SQL, AFTER_SALES_SQL, ROLLUP_SQL, COUNTS_SQL):
            cursor.execute(sql, params)


def ship_through_manufacturer(*, binding, count: int, now) -> None:
    """The binding's merchant's first `count` orders, shipped by its manufacturer: half of
    them on `now`'s day, half the day before."""
    from django.db import connection

    params = {
        "manufacturer": binding.manufacturer_shop_id,
        "binding": binding.pk,
        "shop": binding.merchant_shop_id,
        "count": count,
        "now": now,
    }
    with connection.cursor() as cursor:
        cursor.execute(SHIPPED_DROPSHIP_SQL, params)


def bind_new_manufacturer(*, shop, maker_name: str):
    """An active binding of `shop` (made a dropship merchant if it is not one yet) to a new
    manufacturer shop called `maker_name`, made through the services as users would."""
    from dropship import selectors, services
    from dropship.models import DropshipRole
    from merchant.services import register_merchant

    if selectors.get_identity(shop=shop) is None:
        services.choose_identity(
            shop=shop,
            role=DropshipRole.MERCHANT,
            display_name="bench",
            sender_name="b",
            sender_phone="13800000000",
            address="bench",
        )
    maker = register_merchant(
        username=maker_name, password="bench-pass-2026", shop_name=maker_name
    ).shop
    services.choose_identity(shop=maker, role=DropshipRole.MANUFACTURER, display_name="m")
    binding = services.bind_manufacturer(
        merchant_shop=shop,
        manufacturer_shop_no=maker.shop_no,
        requested_by=shop.memberships.get().user,
    )
    return services.answer_binding(binding=binding, accept=True)


def generate(count: int, series: int, name: str = "") -> None:
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from merchant.models import Shop
    from merchant.services import register_merchant
    from orders.services import detect_late_shipments, register_buyer
    from products.services import create_product, put_on_sale

    name = name or f"bench_{count}"
    if Shop.objects.filter(name=name).exists():
        print(f"{name}: already present")
        return
    started = time.perf_counter()
    with transaction.atomic():
        shop = register_merchant(username=name, password="bench-pass-2026", shop_name=name).shop
        buyer = register_buyer(
            username=f"{name}_buyer", password="bench-pass-2026", nickname="基准买家"
        )
        product = create_product(
            shop=shop,
            title="基准测试商品",
            skus=[{"spec": "默认", "price": Decimal("9.90"), "stock": 1_000_000}],
        )
        put_on_sale(product=product)
        write_orders(
            shop=shop, buyer=buyer, product=product, count=count, series=series, now=timezone.now()
        )
    while detect_late_shipments(batch_size=5000):
        pass
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by then
    print(
        f"{name}: {count:,} orders in {time.perf_counter() - started:.1f} s (shop {shop.shop_no})"
    )


LOADED_TABLES = ["orders_order", "orders_orderitem", "orders_aftersale", "orders_hourlyshopstats"]

SECONDARY_INDEXES_SQL = """
SELECT pg_get_indexdef(i.indexrelid), i.indexrelid::regclass::text
FROM pg_index i
WHERE i.indrelid = ANY(%s::regclass[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


@contextmanager
def indexes_built_after(tables: list[str]):
    """A bulk load: the tables' secondary indexes (those of no constraint) are dropped for
    it and built again after it, each in one pass, the same definitions (pg_get_indexdef),
    rather than updated row by row (orders_order has 20)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SECONDARY_INDEXES_SQL, [tables])
        indexes = cursor.fetchall()
        for _definition, name in indexes:
            cursor.execute(f"DROP INDEX {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for definition, _name in indexes:
                cursor.execute(definition)


def platform_sizes(shops: int, orders: int) -> list[int]:
    """A platform's long tail (Zipf, exponent 1): the shop of rank r has about 1/r of the
    largest one's orders. For 10,000 shops and 10,000,000 orders: the largest about
    1,020,000, the 10th 102,000, the median 204, the smallest 102."""
    harmonic = sum(1 / rank for rank in range(1, shops + 1))
    return [max(1, round(orders / (rank * harmonic))) for rank in range(1, shops + 1)]


def generate_platform(shops: int, orders: int, chunk: int = 500) -> None:
    """`shops` shops named platform_<rank> with `orders` orders in all (platform_sizes), made
    in bulk: the users share one password hash, each shop has one product on sale, and
    their orders are written `chunk` shops to a statement (the rows of `write_orders`)."""
    from decimal import Decimal

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from merchant.models import Membership, Role, Shop, User
    from orders.models import Buyer
    from orders.services import detect_late_shipments
    from products.models import Product, ProductStatus, Sku

    if Shop.objects.filter(name="platform_1").exists():
        print("platform: already present")
        return
    started, now = time.perf_counter(), timezone.now()
    sizes = platform_sizes(shops, orders)
    password = make_password("bench-pass-2026")
    with transaction.atomic():
        owners = User.objects.bulk_create(
            User(username=f"platform_{rank}", password=password) for rank in range(1, shops + 1)
        )
        shop_rows = Shop.objects.bulk_create(
            Shop(shop_no=800_000_000 + rank, name=f"platform_{rank}")
            for rank in range(1, shops + 1)
        )
        Membership.objects.bulk_create(
            Membership(user=owner, shop=shop, role=Role.OWNER)
            for owner, shop in zip(owners, shop_rows, strict=True)
        )
        buyer_users = User.objects.bulk_create(
            User(username=f"platform_buyer_{index}", password=password) for index in range(1000)
        )
        buyers = Buyer.objects.bulk_create(
            Buyer(user=user, nickname="基准买家") for user in buyer_users
        )
        products = Product.objects.bulk_create(
            Product(
                shop=shop,
                goods_id=80_000_000_000 + rank,
                title="基准测试商品",
                status=ProductStatus.ON_SALE,
            )
            for rank, shop in enumerate(shop_rows, start=1)
        )
        skus = Sku.objects.bulk_create(
            Sku(
                product=product,
                spec="默认",
                price=Decimal("9.90"),
                single_price=Decimal("9.90"),
                stock=1_000_000,
            )
            for product in products
        )
    print(f"platform: {shops:,} shops in {time.perf_counter() - started:.1f} s")
    rows = [
        (
            shop.pk,
            buyers[rank % len(buyers)].pk,
            product.pk,
            sku.pk,
            product.goods_id,
            1000 + rank,
            size,
        )
        for rank, (shop, product, sku, size) in enumerate(
            zip(shop_rows, products, skus, sizes, strict=True), start=1
        )
    ]
    with indexes_built_after(LOADED_TABLES):
        for start in range(0, len(rows), chunk):
            with transaction.atomic(), connection.cursor() as cursor:
                # Rows that name only rows made just above: their foreign keys (deferred,
                # checked row by row at commit: 46 of 74 s for 900,000 orders) go unchecked.
                cursor.execute("SET LOCAL session_replication_role = replica")
                write_many_orders(rows[start : start + chunk], now, new_shops=True)
            print(
                f"platform: shops {start + 1:,}-{min(start + chunk, shops):,} written, "
                f"{sum(sizes[: start + chunk]):,} orders, {time.perf_counter() - started:.0f} s"
            )
    print(f"platform: indexes built, {time.perf_counter() - started:.0f} s")
    while detect_late_shipments(batch_size=5000):
        pass
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"platform: {shops:,} shops, {sum(sizes):,} orders in "
        f"{time.perf_counter() - started:.1f} s (largest {sizes[0]:,}, "
        f"median {sizes[len(sizes) // 2]:,}, smallest {sizes[-1]:,})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, action="append", default=[])
    parser.add_argument(
        "--platform",
        type=int,
        nargs=2,
        metavar=("SHOPS", "ORDERS"),
        help="many shops with a long tail of sizes instead (BENCH_DATABASE_URL: its own)",
    )
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.platform:
        generate_platform(*args.platform)
        return
    for series, count in enumerate(args.orders or [10_000, 1_000_000], start=1):
        generate(count, series)


if __name__ == "__main__":
    main()
