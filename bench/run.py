"""Time the read paths a merchant hits all day: `python -m bench.run` (after bench.generate).

Each scenario: 3 warm-up rounds, then 20 timed rounds through Django's test client (view,
ORM, template, no network); median and p95 in milliseconds, and the query count.
"""

import json
import platform
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench import setup_django

WARMUP, ROUNDS = 3, 20
RESULTS = Path(__file__).parent / "results.json"


def measure(client, url, headers=None):
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
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "queries": len(queries),
    }


def deep_cursor(shop, offset: int) -> str:
    from common.pagination import _encode
    from orders.models import Order

    row = Order.objects.filter(shop=shop).order_by("-paid_at", "-id")[offset]
    return _encode([row.paid_at.isoformat(), row.pk], "next")


def main():
    setup_django()
    from django.test import Client
    from django.utils import timezone

    from merchant.models import Membership
    from merchant.services import issue_token
    from orders.models import Order

    results = {
        "machine": f"{platform.node()} · {platform.processor() or platform.machine()}",
        "python": platform.python_version(),
        "when": timezone.now().isoformat(),
        "scenarios": {},
    }
    for membership in Membership.objects.filter(shop__name__startswith="bench_").select_related(
        "shop", "user"
    ):
        shop = membership.shop
        size = Order.objects.filter(shop=shop).count()
        client = Client()
        client.force_login(membership.user)
        api_client = Client()  # token only, no session: what an API client sends
        token = {"Authorization": f"Token {issue_token(user=membership.user).key}"}
        week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
        prefix = Order.objects.filter(shop=shop).order_by("-paid_at").first().order_sn[:8]
        scenarios = {
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
        }
        if size > 40_000:
            scenarios["order list page, after 40,000 rows"] = (
                f"/orders/?cursor={deep_cursor(shop, 40_000)}",
                None,
            )
        for name, (url, headers) in scenarios.items():
            figures = measure(api_client if headers else client, url, headers)
            results["scenarios"].setdefault(name, {})[f"{size:,} orders"] = figures
            print(
                f"{size:>9,} | {name:<52} | median {figures['median_ms']:>7.2f} ms"
                f" | p95 {figures['p95_ms']:>7.2f} ms | {figures['queries']} queries"
            )
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
