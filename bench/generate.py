"""Write benchmark shops in bulk: `python -m bench.generate --orders 1000000 --orders 10000`.

Each shop gets N paid orders spread over the last 90 days (one item each), in every state
(awaiting shipment, shipped, received, cancelled, after-sales, late), written with
`INSERT ... SELECT generate_series` on Postgres, plus the hourly rollup the dashboard reads.
Deterministic: the same N gives the same rows (times are relative to the run's start).
"""

import argparse
import time

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
    %(shop)s, %(buyer)s,
    to_char(t.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') || '-'
        || lpad((%(series)s::bigint * 100000000 + g)::text, 15, '0'),
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
         THEN 'YT' || lpad((%(series)s::bigint * 100000000 + g)::text, 13, '0') ELSE '' END,
    false, false, false, '', '', t.paid_at,
    -- the latest of its events: received (or cancelled) after 8 days, shipped, else paid
    t.paid_at + CASE
        WHEN t.age >= interval '8 days' THEN interval '4 days'
        WHEN t.age >= interval '2 days' OR g %% 10 >= 7 THEN ((g %% 40) || ' hours')::interval
        ELSE interval '0'
    END
FROM generate_series(1, %(count)s) AS g,
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
SELECT id, %(product)s, %(sku)s, %(goods_id)s, '基准测试商品', '默认', pay_amount, 1, pay_amount
FROM orders_order WHERE shop_id = %(shop)s
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
WHERE o.shop_id = %(shop)s AND o.after_sale_status IN ('in_progress', 'refunded')
"""

ROLLUP_SQL = """
INSERT INTO orders_hourlyshopstats (shop_id, hour, paid_orders, paid_amount)
SELECT shop_id,
       date_trunc('hour', paid_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai',
       count(*), sum(pay_amount)
FROM orders_order WHERE shop_id = %(shop)s
GROUP BY 1, 2
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
    """`count` paid orders of one item over the 90 days before `now`, their after-sales and
    the hourly rollup, in four statements. `series` keeps order numbers apart per shop."""
    from django.db import connection

    params = {
        "shop": shop.pk,
        "buyer": buyer.pk,
        "series": series,
        "count": count,
        "now": now,
        "product": product.pk,
        "sku": product.skus.get().pk,
        "goods_id": product.goods_id,
    }
    with connection.cursor() as cursor:
        for sql in (ORDERS_SQL, ITEMS_SQL, AFTER_SALES_SQL, ROLLUP_SQL):
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
    from orders.services import detect_late_shipments, recount_orders, register_buyer
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
    recount_orders(shop=shop)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by then
    print(
        f"{name}: {count:,} orders in {time.perf_counter() - started:.1f} s (shop {shop.shop_no})"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, action="append", default=[])
    args = parser.parse_args()
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for series, count in enumerate(args.orders or [10_000, 1_000_000], start=1):
        generate(count, series)


if __name__ == "__main__":
    main()
