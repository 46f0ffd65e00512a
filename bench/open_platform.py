"""The open platform on the 1M-order shop: `python -m bench.open_platform` (after bench.generate).

1. `pdd.order.list.get`, page_size 100, one Shanghai day (its 24 h window) through
   /api/router, against the REST order list of the same day (`paid_from`=`paid_to`, 100 a
   page), in the same run, through Django's test client as bench.run times pages. Target:
   the gateway within 1.5 × the REST list.
2. 100 apps polling `pdd.order.number.list.increment.get` every 30 s (3.3 calls a second,
   spread evenly) against gunicorn (WEB_WORKERS processes), while the console's order list
   page is asked for one request after another: its median with the pollers against
   without them. Target: at most 10 % slower.
"""

import os
import statistics
import threading
import time
from datetime import datetime, timedelta

import requests

from bench import BENCH_DATABASE_URL, save_section, setup_django

APPS, POLL_EVERY = 100, 30.0
PAGE_REQUESTS = int(os.environ.get("OPEN_BENCH_REQUESTS", "1000"))
WEB_WORKERS = int(os.environ.get("WEB_WORKERS", "2"))


def bench_app(membership, name: str):
    """An app of this benchmark with a grant of the shop (made once, kept)."""
    from openplatform import services
    from openplatform.models import OpenApp

    app = OpenApp.objects.filter(name=name).first() or services.create_app(
        name=name, redirect_uri="https://bench.example.com/callback"
    )
    code = services.grant_code(app=app, membership=membership, redirect_uri=app.redirect_uri)
    return app, services.exchange_code(app=app, code=code)["access_token"]


def router_params(app, token, api, **params) -> dict:
    from openplatform.protocol import sign

    params = {
        "type": api,
        "client_id": app.client_id,
        "timestamp": str(int(time.time())),
        "access_token": token,
        **{key: str(value) for key, value in params.items()},
    }
    params["sign"] = sign(app.client_secret, params)
    return params


def interleaved(*calls, rounds=60, warmup=3) -> list[dict]:
    """Each call timed `rounds` times, taking turns, so that the noise of this shared
    machine falls on them alike: median and p95 in ms for each."""
    for call in calls * warmup:
        call()
    timings = [[] for _ in calls]
    for _ in range(rounds):
        for call, taken in zip(calls, timings, strict=True):
            started = time.perf_counter()
            call()
            taken.append((time.perf_counter() - started) * 1000)
    return [
        {
            "median_ms": round(statistics.median(taken), 2),
            "p95_ms": round(sorted(taken)[int(rounds * 0.95) - 1], 2),
        }
        for taken in timings
    ]


def list_against_rest(membership, app, token) -> dict:
    from django.test import Client
    from django.utils import timezone

    from merchant.services import issue_token
    from orders.models import Order

    latest = Order.objects.filter(shop=membership.shop).order_by("-paid_at").first().paid_at
    day = timezone.localdate(latest) - timedelta(days=1)  # a whole day of orders
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    end = start + timedelta(days=1) - timedelta(seconds=1)
    rows = Order.objects.filter(shop=membership.shop, paid_at__range=(start, end)).count()
    client = Client()
    rest_headers = {"Authorization": f"Token {issue_token(user=membership.user).key}"}
    rest_url = f"/api/v1/orders?paid_from={day}&paid_to={day}&page_size=100"

    def gateway():
        params = router_params(
            app,
            token,
            "pdd.order.list.get",
            start_confirm_at=int(start.timestamp()),
            end_confirm_at=int(end.timestamp()),
            order_status=5,
            refund_status=5,
            page=1,
            page_size=100,
        )
        body = client.post("/api/router", params).json()["order_list_get_response"]
        assert len(body["order_list"]) == 100, body

    def rest():
        response = client.get(rest_url, headers=rest_headers)
        assert response.status_code == 200 and len(response.json()["results"]) == 100

    figures = {"day": str(day), "orders_that_day": rows}
    figures["gateway"], figures["rest"] = interleaved(gateway, rest)
    figures["ratio"] = round(figures["gateway"]["median_ms"] / figures["rest"]["median_ms"], 2)
    figures["target"], figures["met"] = 1.5, figures["ratio"] <= 1.5
    return figures


def pollers_against_console(membership, app, token) -> dict:
    from django.test import Client

    from tests.processes import wsgi_server

    console = Client()
    console.force_login(membership.user)
    cookie = {"Cookie": f"sessionid={console.cookies['sessionid'].value}"}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": BENCH_DATABASE_URL,
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
        "DEBUG": "false",
    }
    with wsgi_server(env, WEB_WORKERS) as base:
        session = requests.Session()

        def page_median() -> float:
            for _ in range(10):
                session.get(f"{base}/orders/", headers=cookie, timeout=10)
            timings = []
            for _ in range(PAGE_REQUESTS):
                started = time.perf_counter()
                answer = session.get(f"{base}/orders/", headers=cookie, timeout=10)
                timings.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200 and answer.url.endswith("/orders/"), answer.url
            return round(statistics.median(timings), 2)

        quiet = page_median()
        stop, polls, failures = threading.Event(), [0], [0]

        def poll():
            interval = POLL_EVERY / APPS  # 100 apps, each every 30 s, spread evenly
            poller = requests.Session()
            while not stop.is_set():
                now = int(time.time())
                params = router_params(
                    app,
                    token,
                    "pdd.order.number.list.increment.get",
                    start_updated_at=now - 1800,
                    end_updated_at=now,
                    is_lucky_flag=0,
                    order_status=5,
                    refund_status=5,
                    page=1,
                    page_size=100,
                    use_has_next="true",
                )
                body = poller.post(f"{base}/api/router", data=params, timeout=10).json()
                polls[0] += 1
                failures[0] += "error_response" in body
                stop.wait(interval)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        busy = page_median()
        stop.set()
        thread.join()
    slower = round((busy / quiet - 1) * 100, 1)
    return {
        "apps": APPS,
        "poll_every_s": POLL_EVERY,
        "polls": polls[0],
        "poll_errors": failures[0],
        "order_page_median_ms_quiet": quiet,
        "order_page_median_ms_polled": busy,
        "slower_percent": slower,
        "target_percent": 10,
        "met": slower <= 10,
    }


def main():
    setup_django()
    from django.conf import settings

    from merchant.models import Membership

    settings.OPEN_RATE_LIMITS = {}  # the documented limits: 3000 a minute per shop, above 200
    membership = Membership.objects.select_related("user", "shop").get(shop__name="bench_1000000")
    app, token = bench_app(membership, "bench ERP")
    results = {"order list": list_against_rest(membership, app, token)}
    print("order list", results["order list"])
    results["pollers"] = pollers_against_console(membership, app, token)
    print("pollers", results["pollers"])
    save_section("open_platform", results)


if __name__ == "__main__":
    main()
