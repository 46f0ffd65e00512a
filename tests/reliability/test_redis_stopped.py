"""Redis stopped under a running product: the web server (uvicorn) and a worker use a
redis-server of the test's own as broker, cache and channel layer, and the test kills it.

Pages and API must still answer; actions that queue background work must commit and answer
as usual (the rows they write are the durable record of that work); when Redis comes back,
empty, the periodic sweeps queue the work again and it completes: nothing is lost.
"""

from contextlib import contextmanager
from datetime import timedelta

import pytest
import requests
from django.test import Client
from django.utils import timezone

from chat.models import Message
from dropship import services as dropship
from dropship.models import Statement, StatementStatus
from merchant.services import issue_token
from orders import services as orders
from payouts import services as payouts
from payouts.models import LedgerEntry, LedgerKind, Withdrawal
from tests.factories.dropship import bind, make_manufacturer, make_merchant, ship_many
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product
from tests.processes import CeleryWorker, asgi_server, child_env, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/dashboard/", "/orders/", "/products/", "/payouts/", "/dropship/statements/", "/chat/"]


def session_for(user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def api_for(user) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {issue_token(user=user).key}"
    return session


@contextmanager
def later(minutes: int):
    """The periodic sweeps only pick up work older than a minute or two: run them as beat
    would a few minutes from now."""
    moved = timezone.now() + timedelta(minutes=minutes)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moved)
        yield


def test_with_redis_stopped_the_product_answers_and_the_work_completes_after(
    broker_at_private_redis,
):
    redis = broker_at_private_redis
    merchant, manufacturer = make_merchant(), make_manufacturer()
    shop, owner = merchant.shop, merchant.user
    binding = bind(merchant, manufacturer)
    ship_many(binding, 50)
    bind_card(shop, owner)
    give_balance(shop, "1500")
    buyer = BuyerFactory()
    order, after = (place(buyer, make_product(shop, price="88.00").skus.get()) for _ in "12")
    orders.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    orders.ship_order(order=after, carrier="SF", tracking_no="SF1234567890124")
    env = child_env(REDIS_URL=redis.url)
    worker = CeleryWorker(env).start()
    try:
        with asgi_server(env) as url:
            console, api, buyer_api = session_for(owner), api_for(owner), api_for(buyer.user)

            redis.stop()

            for path in PAGES:
                page = console.get(url + path, allow_redirects=False)
                assert page.status_code == 200, path
            assert api.get(f"{url}/api/v1/orders").status_code == 200
            assert api.get(f"{url}/api/v1/dashboard?days=7").status_code == 200
            withdrawal = api.post(f"{url}/api/v1/payouts/withdrawals", json={"amount": "1000.00"})
            assert withdrawal.status_code == 201, withdrawal.text
            today = str(timezone.localdate())
            statement = api.post(
                f"{url}/api/v1/dropship/statements",
                json={
                    "manufacturer_shop_no": manufacturer.shop.shop_no,
                    "start_date": str(timezone.localdate() - timedelta(days=1)),
                    "end_date": today,
                },
            )
            assert statement.status_code == 202, statement.text
            receipt = buyer_api.post(f"{url}/api/v1/buyer/orders/{order.order_sn}/confirm-receipt")
            assert receipt.status_code == 200, receipt.text
            message = buyer_api.post(
                f"{url}/api/v1/buyer/chat/messages", json={"shop_no": shop.shop_no, "text": "在吗"}
            )
            assert message.status_code == 201, message.text

            # What the actions wrote is committed, waiting for its background work.
            assert Withdrawal.objects.get().bank_reference == ""
            assert Statement.objects.get().status == StatementStatus.GENERATING
            assert not LedgerEntry.objects.filter(order=order, kind=LedgerKind.ORDER_INCOME)
            assert Message.objects.filter(text="在吗").exists()

            redis.start()  # back, and empty: every queued message of before is gone

            assert wait_until(lambda: api.get(f"{url}/api/v1/orders").ok, 10)
            # Work queued from now on goes straight through the broker to the worker.
            buyer_api.post(f"{url}/api/v1/buyer/orders/{after.order_sn}/confirm-receipt")
            income = LedgerEntry.objects.filter(order=after, kind=LedgerKind.ORDER_INCOME)
            assert wait_until(income.exists, 30), worker.output()
            with later(minutes=3):
                dropship.requeue_background_work()  # queues the statement for the worker
                payouts.poll_withdrawals()
                payouts.settle_missed()

            def statement_ready():
                return Statement.objects.get().status == StatementStatus.READY

            assert wait_until(statement_ready, 60), worker.output()
            assert Statement.objects.get().row_count == 50
            assert Withdrawal.objects.get().bank_reference.startswith("SIM")
            assert LedgerEntry.objects.filter(order=order, kind=LedgerKind.ORDER_INCOME).exists()
            conversation = message.json()["conversation_id"]
            thread = api.get(f"{url}/api/v1/chat/conversations/{conversation}/messages")
            assert [m["text"] for m in thread.json()["results"]] == ["在吗"]
    finally:
        worker.stop()
