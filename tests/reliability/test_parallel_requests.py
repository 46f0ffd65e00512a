"""Rules that must hold under concurrency, proved with parallel API requests on Postgres:
each thread is its own client with its own database connection, released together."""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from orders.models import Order
from payouts.models import FundAccount, Withdrawal
from products.models import Sku
from tests.conftest import token_client
from tests.factories.orders import CONSIGNEE, BuyerFactory
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50  # Postgres here allows 100 connections; the test holds one more


def in_parallel(request, count: int) -> list:
    """`count` calls of `request(i)`, THREADS at a time, the first THREADS released at once."""
    start = threading.Barrier(min(count, THREADS))

    def call(i):
        if i < THREADS:
            start.wait()
        try:
            return request(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(call, range(count)))


def test_fifty_parallel_withdrawal_requests_make_exactly_one(shop, owner):
    bind_card(shop, owner)
    give_balance(shop, "100000")
    clients = [token_client(owner) for _ in range(50)]

    answers = in_parallel(
        lambda i: clients[i].post("/api/v1/payouts/withdrawals", {"amount": "1000.00"}), 50
    )

    codes = sorted(str(a.json().get("code", a.status_code)) for a in answers)
    assert codes == ["201"] + ["withdrawal_daily_limit"] * 49
    assert Withdrawal.objects.count() == 1
    assert FundAccount.objects.get(shop=shop).frozen_amount == Decimal("1000.00")
    call_command("verify_ledgers")


def test_a_hundred_parallel_orders_for_ten_pieces_sell_exactly_ten(shop):
    sku = make_product(shop, stock=10).skus.get()
    clients = [token_client(BuyerFactory().user) for _ in range(100)]
    body = {
        "shop_no": shop.shop_no,
        "items": [{"sku_id": sku.pk, "quantity": 1}],
        "consignee": CONSIGNEE,
    }

    answers = in_parallel(
        lambda i: clients[i].post("/api/v1/buyer/orders", body, format="json"), 100
    )

    codes = sorted(str(a.json().get("code", a.status_code)) for a in answers)
    assert codes == ["201"] * 10 + ["out_of_stock"] * 90
    assert Sku.objects.get(pk=sku.pk).stock == 0
    assert Order.objects.filter(shop=shop).count() == 10
