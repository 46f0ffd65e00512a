"""django-oscar with the benchmark shops' orders, timed as ours are: `make bench-peer`.

Runs in .venv-oscar (`python -m bench.peer.run`), after bench.generate:
1. Each benchmark shop of merchant_bench becomes an oscar partner with one product; its
   orders are copied into oscar's own tables (order, line, shipping address), the same
   numbers, amounts, statuses and times, with COPY. Each consignee phone becomes one oscar
   customer (the benchmark shops' orders all come from one buyer account, which in oscar
   would make its customer count join every order with every other).
2. A staff user sees every order; a partner user (dashboard_access, linked to one partner)
   is oscar's closest thing to one merchant's view.
3. oscar's dashboard index and order list are timed through Django's test client with
   bench.run's protocol (warm-up, 20 rounds, median and p95, queries), as staff and as each
   partner user; then oscar is served as ours is in bench.load (same server, workers and
   settings) and wrk drives the staff order list at 8 and 16 connections.
The figures go to bench/results.json under "peer"; bench.report sets them against ours.
"""

import os
import tempfile
import time

import psycopg

from bench import BENCH_DATABASE_URL, ensure_database, save_section

PEER_DATABASE_URL = os.environ.get(
    "PEER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/merchant_bench_oscar"
)

SOURCE_SQL = """
COPY (
    SELECT id, order_sn, status, pay_amount, paid_at, consignee_name, consignee_phone,
           province, city || district, address
    FROM orders_order WHERE shop_id = {shop} ORDER BY id
) TO STDOUT
"""

COPY_SQL = """
COPY peer_source (id, number, status, amount, placed, name, phone, province, city, address)
FROM STDIN
"""

LOAD_SQL = [
    # Each consignee phone is one customer, who joined with their first order.
    """
    INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
        is_staff, is_active, date_joined)
    SELECT DISTINCT ON (phone) '!', false, 'buyer' || phone, name, '', '', false, true, placed
    FROM peer_source ORDER BY phone, placed
    ON CONFLICT (username) DO NOTHING
    """,
    """
    INSERT INTO order_shippingaddress (id, title, first_name, last_name, line1, line2, line3,
        line4, state, postcode, search_text, phone_number, notes, country_id)
    SELECT id, '', name, '', address, '', '', city, province, '', name || ' ' || address,
           '+86' || phone, '', 'CN'
    FROM peer_source
    """,
    """
    INSERT INTO order_order (id, number, currency, total_incl_tax, total_excl_tax,
        shipping_incl_tax, shipping_excl_tax, shipping_method, shipping_code, status,
        guest_email, date_placed, shipping_address_id, site_id, user_id, analytics_tracked)
    SELECT s.id, number, 'CNY', amount, amount, 0, 0, '快递', 'express', status, '', placed,
           s.id, 1, u.id, true
    FROM peer_source s JOIN auth_user u ON u.username = 'buyer' || s.phone
    """,
    """
    INSERT INTO order_line (id, partner_name, partner_sku, partner_line_reference,
        partner_line_notes, title, upc, quantity, line_price_incl_tax, line_price_excl_tax,
        line_price_before_discounts_incl_tax, line_price_before_discounts_excl_tax,
        unit_price_incl_tax, unit_price_excl_tax, status, order_id, partner_id, product_id,
        stockrecord_id, allocation_cancelled, num_allocated)
    SELECT id, %(partner_name)s, 'bench-sku', '', '', '基准测试商品', '', 1, amount, amount,
           amount, amount, amount, amount, status, id, %(partner)s, %(product)s,
           %(stockrecord)s, false, 0
    FROM peer_source
    """,
]


def setup_django():
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.peer.settings"
    os.environ["PEER_DATABASE_URL"] = PEER_DATABASE_URL
    ensure_database(PEER_DATABASE_URL)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def source_shops() -> list[tuple[int, str, int]]:
    """(shop id, shop name, order count) of each benchmark shop in merchant_bench."""
    with psycopg.connect(BENCH_DATABASE_URL) as source:
        return source.execute(
            """
            SELECT s.id, s.name, (SELECT count(*) FROM orders_order o WHERE o.shop_id = s.id)
            FROM merchant_shop s WHERE s.name LIKE 'bench\\_%%'
              AND EXISTS (SELECT 1 FROM orders_order o WHERE o.shop_id = s.id)
            ORDER BY s.name
            """
        ).fetchall()


def load_shop(shop_id: int, name: str) -> None:
    """`name`'s orders as one oscar partner's, in one transaction (skipped if present)."""
    from django.contrib.auth.models import Permission, User
    from django.db import connection, transaction
    from oscar.apps.address.models import Country
    from oscar.apps.catalogue.models import Product, ProductClass
    from oscar.apps.partner.models import Partner, StockRecord

    if Partner.objects.filter(code=name).exists():
        return
    started = time.perf_counter()
    with transaction.atomic():
        Country.objects.get_or_create(
            iso_3166_1_a2="CN",
            defaults={
                "iso_3166_1_a3": "CHN",
                "iso_3166_1_numeric": "156",
                "printable_name": "中国",
                "name": "中华人民共和国",
                "is_shipping_country": True,
            },
        )
        partner = Partner.objects.create(code=name, name=name)
        product_class, _ = ProductClass.objects.get_or_create(
            name="基准", defaults={"requires_shipping": True, "track_stock": True}
        )
        product = Product.objects.create(
            title="基准测试商品", product_class=product_class, upc=f"{name}-1"
        )
        stockrecord = StockRecord.objects.create(
            partner=partner,
            product=product,
            partner_sku="bench-sku",
            price_currency="CNY",
            price="9.90",
            num_in_stock=1_000_000,
        )
        partner_user = User.objects.create_user(f"partner_{name}", f"partner_{name}@example.com")
        partner_user.user_permissions.add(
            Permission.objects.get(codename="dashboard_access", content_type__app_label="partner")
        )
        partner.users.add(partner_user)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE peer_source (id integer, number text, status text,"
                " amount numeric(12, 2), placed timestamptz, name text, phone text,"
                " province text, city text, address text) ON COMMIT DROP"
            )
            with (
                psycopg.connect(BENCH_DATABASE_URL) as source,
                source.cursor().copy(SOURCE_SQL.format(shop=int(shop_id))) as outgoing,
                cursor.cursor.copy(COPY_SQL) as incoming,
            ):
                for block in outgoing:
                    incoming.write(block)
            params = {
                "partner": partner.pk,
                "partner_name": name,
                "product": product.pk,
                "stockrecord": stockrecord.pk,
            }
            for sql in LOAD_SQL:
                cursor.execute(sql, params)
            for table in ("order_order", "order_line", "order_shippingaddress"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have by then
    print(f"oscar partner {name}: orders copied in {time.perf_counter() - started:.1f} s")


def logged_in(username: str):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def main():
    setup_django()
    from django.contrib.auth.models import Permission, User

    from bench.load import CONNECTIONS, DURATION, LUA, ROUNDS, combine, web_server, wrk
    from bench.run import timed

    shops = source_shops()
    for shop_id, name, _ in shops:
        load_shop(shop_id, name)
    staff_user, _ = User.objects.get_or_create(username="oscar_staff", defaults={"is_staff": True})
    staff_user.user_permissions.add(  # what oscar's order dashboard asks of staff
        Permission.objects.get(codename="view_order", content_type__app_label="order")
    )

    import django
    import oscar

    results = {
        "versions": {"django-oscar": oscar.get_version(), "Django": django.get_version()},
        "pages": {},
        "load": {},
    }
    staff = logged_in("oscar_staff")
    pages = {"dashboard": "/dashboard/", "order list": "/dashboard/orders/"}
    total = sum(count for _, _, count in shops)
    for page, url in pages.items():
        figures, _ = timed(staff, url)
        results["pages"].setdefault(page, {})[f"staff, {total:,} orders"] = figures
        print(f"oscar staff {page:<11} {total:>9,} orders: {figures}")
    for _, name, count in shops:
        partner = logged_in(f"partner_{name}")
        for page, url in pages.items():
            figures, _ = timed(partner, url)
            results["pages"][page][f"partner, {count:,} orders"] = figures
            print(f"oscar partner {page:<11} {count:>9,} orders: {figures}")

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.peer.settings",
        "PEER_DATABASE_URL": PEER_DATABASE_URL,
    }
    session = {"Cookie": f"sessionid={staff.cookies['sessionid'].value}"}
    with (
        web_server(env, "bench.peer") as base,
        tempfile.NamedTemporaryFile("w", suffix=".lua") as script,
    ):
        script.write(LUA)
        script.flush()
        url = base + pages["order list"]
        wrk(url, 4, 2, session, script.name)  # warm-up
        for connections in CONNECTIONS:
            rounds = [wrk(url, connections, DURATION, session, script.name) for _ in range(ROUNDS)]
            figures = combine(rounds)
            results["load"].setdefault("staff order list", {})[str(connections)] = figures
            print(f"oscar staff order list c={connections:<2} {figures}")
    save_section("peer", results)


if __name__ == "__main__":
    main()
