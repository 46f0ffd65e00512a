"""Time the read paths a merchant hits all day: `python -m bench.run` (after bench.generate).

Each scenario: 3 warm-up rounds, then 20 timed rounds through Django's test client (view,
ORM, template, no network); median and p95 in milliseconds, and the query count. The floor
of each scenario is the very SQL the view ran (captured), replayed through psycopg on one
open connection, rows fetched, in the same run: what the database alone costs.
The dashboard's totals are checked against SQL over the orders themselves, to the fen, now
and just after midnight in Shanghai.
"""

import json
import platform
import statistics
import time
from datetime import timedelta

from bench import RESULTS, RUN, setup_django, signed_in

WARMUP, ROUNDS = 3, 20


def timed(client, url, headers=None) -> tuple[dict, list[str]]:
    """WARMUP then ROUNDS GETs of `url`: median and p95 in ms, query count, and the SQL of
    the last round. bench.peer times django-oscar's pages with it too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        assert client.get(url, headers=headers).status_code == 200, url
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    statements = [query["sql"] for query in queries.captured_queries]
    return {**summary(timings), "queries": len(statements)}, statements


def measure(client, url, headers=None):
    figures, statements = timed(client, url, headers)
    floor = replay(statements)
    return {
        **figures,
        "floor_median_ms": floor["median_ms"],
        "floor_p95_ms": floor["p95_ms"],
        "ratio_to_floor": round(figures["median_ms"] / floor["median_ms"], 2),
    }


def summary(timings: list[float]) -> dict:
    timings = sorted(timings)
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
    }


_floor_connection = None


def replay(statements: list[str]) -> dict:
    """The same SQL through psycopg: warm-up, then timed rounds of every statement."""
    global _floor_connection
    import psycopg

    from bench import BENCH_DATABASE_URL

    if _floor_connection is None:
        _floor_connection = psycopg.connect(BENCH_DATABASE_URL, autocommit=True)
    timings = []
    for round_ in range(WARMUP + ROUNDS):
        started = time.perf_counter()
        with _floor_connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql.encode())
                if cursor.description is not None:
                    cursor.fetchall()
        if round_ >= WARMUP:
            timings.append((time.perf_counter() - started) * 1000)
    return summary(timings)


def dashboard_matches_sql(shop, now) -> bool:
    """The dashboard (read from the hourly rollup) against SQL over the orders themselves."""
    from django.db import connection
    from django.utils import timezone

    from orders.selectors import get_dashboard

    dashboard = get_dashboard(shop=shop, days=30, now=now)
    hour_end = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    hour_end += timedelta(hours=1)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT (paid_at AT TIME ZONE 'Asia/Shanghai')::date, count(*), sum(pay_amount)
            FROM orders_order
            WHERE shop_id = %s AND paid_at >= %s AND paid_at < %s
            GROUP BY 1
            """,
            [shop.pk, hour_end - timedelta(days=31), hour_end],
        )
        by_day = {day: (count, amount) for day, count, amount in cursor.fetchall()}
    for point in dashboard["trend"]:
        count, amount = by_day.get(point["date"], (0, 0))
        if (point["paid_orders"], point["paid_amount"]) != (count, amount):
            print(f"  MISMATCH {point['date']}: dashboard {point} vs SQL {count} {amount}")
            return False
    today = by_day.get(timezone.localdate(now), (0, 0))
    return (dashboard["today"]["paid_orders"], dashboard["today"]["paid_amount"]) == today


def deep_cursor(shop, offset: int) -> str:
    from common.pagination import _encode
    from orders.models import Order

    row = Order.objects.filter(shop=shop).order_by("-paid_at", "-id")[offset]
    return _encode([row.paid_at.isoformat(), row.pk], "next")


def scenarios_for(shop, token: dict, size: int) -> dict[str, tuple[str, dict | None]]:
    """{name: (url, headers)} of the read paths timed for `shop` (`size` orders); headers
    for the API (its token), None for a page (the session). bench.platform times some."""
    from django.utils import timezone

    from orders.models import Order

    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    prefix = Order.objects.filter(shop=shop).order_by("-paid_at").first().order_sn[:8]
    found = {
        "dashboard page (7 days)": ("/dashboard/", None),
        "dashboard page (30 days)": ("/dashboard/?days=30", None),
        "dashboard API (30 days)": ("/api/v1/dashboard?days=30", token),
        "order list page, first": ("/orders/", None),
        "order list page, awaiting tab": ("/orders/?tab=awaiting_shipment", None),
        "order list API, first 20": ("/api/v1/orders", token),
        "order list API, first 100": ("/api/v1/orders?page_size=100", token),
        "filtered list (received + 7 days + number prefix)": (
            f"/orders/?tab=received&paid_from={week_ago}&order_sn={prefix}",
            None,
        ),
        # 售后: 1 % of the orders are open after-sales (10,000 in the 1M shop).
        "after-sales page, pending tab": ("/after-sales/", None),
        "after-sales page, all": ("/after-sales/?tab=all", None),
        "after-sales page, filtered (pending + refund only + due in 12 h)": (
            "/after-sales/?tab=pending&kind=refund_only&due_soon=on",
            None,
        ),
        "after-sales API, first 20": ("/api/v1/after-sales?tab=pending", token),
    }
    if size > 40_000:
        found["order list page, after 40,000 rows"] = (
            f"/orders/?cursor={deep_cursor(shop, 40_000)}",
            None,
        )
    return found


def main():
    setup_django()
    from django.test import Client
    from django.utils import timezone

    from merchant.models import Membership
    from orders.models import Order

    results = {
        "machine": f"{platform.node()} · {platform.processor() or platform.machine()}",
        "python": platform.python_version(),
        "when": timezone.now().isoformat(),
        "run": RUN,
        "scenarios": {},
    }
    for membership in Membership.objects.filter(shop__name__startswith="bench_").select_related(
        "shop", "user"
    ):
        shop = membership.shop
        size = Order.objects.filter(shop=shop).count()
        if not size:
            continue  # bench.chat's shop: it has chats, not orders
        client, token = signed_in(membership)
        api_client = Client()  # token only, no session: what an API client sends
        scenarios = scenarios_for(shop, token, size)
        for name, (url, headers) in scenarios.items():
            figures = measure(api_client if headers else client, url, headers)
            results["scenarios"].setdefault(name, {})[f"{size:,} orders"] = figures
            print(
                f"{size:>9,} | {name:<52} | median {figures['median_ms']:>7.2f} ms"
                f" | p95 {figures['p95_ms']:>7.2f} ms | {figures['queries']} queries"
                f" | floor {figures['floor_median_ms']:>6.2f} ms"
            )
        now = timezone.now()
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=1, microsecond=0)
        checks = {
            "now": dashboard_matches_sql(shop, now),
            "00:00:01 Shanghai": dashboard_matches_sql(shop, midnight),
        }
        results.setdefault("dashboard_equals_sql", {})[f"{size:,} orders"] = checks
        print(f"{size:>9,} | dashboard totals equal to SQL: {checks}")
    # bench.run starts the file afresh; the other benchmarks add their sections after it.
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
