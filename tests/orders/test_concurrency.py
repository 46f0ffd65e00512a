import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from orders.exceptions import OutOfStock
from orders.models import Order
from products.models import Sku
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product


@pytest.mark.django_db(transaction=True)
def test_parallel_buyers_never_oversell():
    """20 buyers, each on its own connection, race for 5 pieces: exactly 5 orders."""
    shop = MembershipFactory().shop
    sku = make_product(shop, stock=5).skus.get()
    buyers = [BuyerFactory() for _ in range(20)]
    start = threading.Barrier(len(buyers))

    def buy(buyer):
        start.wait()
        try:
            place(buyer, sku)
            return "ok"
        except OutOfStock:
            return "out_of_stock"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(buyers)) as pool:
        results = list(pool.map(buy, buyers))

    assert results.count("ok") == 5
    assert results.count("out_of_stock") == 15
    assert Sku.objects.get(pk=sku.pk).stock == 0
    assert Order.objects.count() == 5
