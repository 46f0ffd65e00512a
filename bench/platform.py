"""Ten thousand shops: do a shop's pages cost the same on a platform of 10,000 shops and
10,000,000 orders as on the benchmark's two shops? `python -m bench.platform` (after
`bench.generate --platform 10000 10000000` into BENCH_PLATFORM_DATABASE_URL).

In one run, each database in a process of its own (`measure`): the two-shop database's
10,000- and 1,000,000-order shops, then the platform's median shop (rank 5,000) and its
largest (rank 1, about as many orders as the 1M shop). Each scenario is timed as bench.run
times it (median of 20, query count). Targets: the median shop within 20 % of the 10k
shop, the largest within 20 % of the 1M shop, with the same query counts. The plans
(`EXPLAIN (ANALYZE, BUFFERS)`) of the largest shop's main queries go to bench/PLANS.md.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from bench import BENCH_DATABASE_URL, save_section, signed_in

PLATFORM_DATABASE_URL = os.environ.get(
    "BENCH_PLATFORM_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/merchant_bench_platform"
)
PLANS = Path(__file__).parent / "PLANS.md"
# (two-shop database's shop, platform's shop) compared
PAIRS = [("bench_10000", "platform_5000"), ("bench_1000000", "platform_1")]
TOLERANCE = 1.2


SCENARIOS = [
    "dashboard page (30 days)",
    "dashboard API (30 days)",
    "order list page, first",
    "order list API, first 20",
    "filtered list (received + 7 days + number prefix)",
    "order list page, after 40,000 rows",
]


def measure(names: list[str], explain: bool) -> dict:
    """In this process's database: the scenarios of each shop named, and, if `explain`,
    the plans of the main queries of the first one."""
    from bench import setup_django

    setup_django()
    from django.test import Client

    from bench.run import measure as timed_with_floor
    from bench.run import scenarios_for, timed
    from merchant.models import Membership
    from orders.models import Order

    results = {}
    for name in names:
        membership = Membership.objects.select_related("shop", "user").get(shop__name=name)
        shop = membership.shop
        page, token = signed_in(membership)
        api = Client()
        size = Order.objects.filter(shop=shop).count()
        every = scenarios_for(shop, token, size)
        found = {label: every[label] for label in SCENARIOS if label in every}
        figures = {"orders": size, "scenarios": {}}
        for label, (url, headers) in found.items():
            figures["scenarios"][label] = timed_with_floor(api if headers else page, url, headers)
        if explain and name == names[0]:
            figures["plans"] = {}
            for label in ("order list API, first 20", "dashboard API (30 days)"):
                _figures, statements = timed(api, *found[label])
                figures["plans"][label] = [
                    (sql, plan(sql)) for sql in statements if "orders_" in sql
                ]
        results[name] = figures
    return results


def plan(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def in_database(url: str, names: list[str], explain: bool = False) -> dict:
    env = {**os.environ, "BENCH_DATABASE_URL": url}
    command = [sys.executable, "-m", "bench.platform", "measure", *names]
    if explain:
        command.append("--explain")
    output = subprocess.run(  # noqa: S603
        command, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    if sys.argv[1:2] == ["measure"]:
        names = [name for name in sys.argv[2:] if not name.startswith("--")]
        print(json.dumps(measure(names, explain="--explain" in sys.argv)))
        return
    two_shops = in_database(BENCH_DATABASE_URL, [two for two, _platform in PAIRS])
    platform = in_database(  # the largest first: its plans are written
        PLATFORM_DATABASE_URL, [many for _two, many in reversed(PAIRS)], explain=True
    )
    section = {}
    for two, many in PAIRS:
        base, measured = two_shops[two], platform[many]
        rows = {}
        for label, figures in measured["scenarios"].items():
            before = base["scenarios"].get(label)
            if before is None:
                continue
            ratio = figures["median_ms"] / before["median_ms"]
            rows[label] = {
                "platform_ms": figures["median_ms"],
                "two_shops_ms": before["median_ms"],
                "platform_queries": figures["queries"],
                "two_shops_queries": before["queries"],
                "ratio": round(ratio, 2),
                "met": ratio <= TOLERANCE and figures["queries"] == before["queries"],
            }
            print(
                f"{many} ({measured['orders']:,} orders) vs {two} ({base['orders']:,}) | "
                f"{label:<50} | {figures['median_ms']:>7.2f} vs {before['median_ms']:>7.2f} ms"
                f" ({ratio:.2f}) | {figures['queries']} vs {before['queries']} queries"
            )
        section[f"{many} vs {two}"] = {
            "platform_orders": measured["orders"],
            "two_shops_orders": base["orders"],
            "scenarios": rows,
        }
    save_section("platform", section)
    largest = platform[PAIRS[-1][1]]
    lines = [
        "# Plans of the largest platform shop's main queries",
        "",
        f"Written by `python -m bench.platform`: {PAIRS[-1][1]}, {largest['orders']:,} orders,",
        "on the platform database (10,000 shops). `EXPLAIN (ANALYZE, BUFFERS)` of each query",
        "on orders_* that the API ran.",
        "",
    ]
    for label, plans in largest["plans"].items():
        lines += [f"## {label}", ""]
        for sql, text in plans:
            lines += ["```sql", sql, "```", "", "```", text, "```", ""]
    PLANS.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
