"""库存预警: a threshold per SKU (the shop's by default), the dashboard's to-do, a notice when
an order takes a SKU to it, 已售罄 for a product on sale without stock."""

import pytest
from django.test import Client

from merchant.models import Notification, Role
from orders.exceptions import OutOfStock
from products import services
from products.selectors import count_low_stock, low_stock_skus
from tests.conftest import staff_of, token_client
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product, product_form


def notices(user):
    return list(
        Notification.objects.filter(user=user, kind="products.stock_low").values_list(
            "params", flat=True
        )
    )


def test_an_order_that_crosses_the_threshold_tells_operations_once(shop, owner):
    operations, finance = staff_of(shop, Role.OPERATIONS), staff_of(shop, Role.FINANCE)
    sku = make_product(shop, stock=12).skus.get()  # the shop's default threshold: 10

    place(BuyerFactory(), sku)  # 11 left: above
    assert notices(operations) == []
    place(BuyerFactory(), sku)  # 10 left: crossed
    place(BuyerFactory(), sku)  # 9 left: already below, no second notice
    assert [notice["stock"] for notice in notices(operations)] == [10]
    assert notices(owner) and not notices(finance)

    for _ in range(9):
        place(BuyerFactory(), sku)
    assert count_low_stock(shop=shop) == 1
    with pytest.raises(OutOfStock):
        place(BuyerFactory(), sku)
    page = Client()
    page.force_login(operations)
    listed = page.get("/products/").content.decode()
    assert 'data-testid="sold-out"' in listed and "已售罄" in listed
    text = page.get("/notifications/").content.decode()
    assert "库存仅剩 10" in text


def test_a_sku_threshold_overrides_the_shops_and_the_shop_can_change_its_own(shop, owner_api):
    product = make_product(shop, stock=30)
    sku = product.skus.get()
    services.update_product(
        product=product,
        title=product.title,
        category=None,
        description="",
        skus=[
            {
                "id": sku.pk,
                "spec": sku.spec,
                "price": "19.90",
                "stock": 30,
                "low_stock_threshold": 40,
            }
        ],
        images=[],
    )
    assert list(low_stock_skus(shop=shop)) == [sku]
    assert owner_api.get("/api/v1/dashboard").json()["low_stock"] == 1

    changed = owner_api.patch("/api/v1/shop", {"low_stock_threshold": 50}, format="json")
    assert changed.status_code == 200 and changed.json()["low_stock_threshold"] == 50
    refused = owner_api.patch("/api/v1/shop", {"low_stock_threshold": -1}, format="json")
    assert refused.status_code == 400
    operations = token_client(staff_of(shop, Role.OPERATIONS))
    assert operations.patch("/api/v1/shop", {"name": "别人的店"}, format="json").status_code == 403
    shop.refresh_from_db()
    assert shop.low_stock_threshold == 50 and shop.name != "别人的店"

    listed = owner_api.get("/api/v1/products?low_stock=1").json()["results"]
    assert [row["id"] for row in listed] == [product.pk]
    assert listed[0]["skus"][0]["low_stock_threshold"] == 40
    assert listed[0]["sold_out"] is False


def test_the_product_page_takes_a_threshold_and_refuses_a_wrong_one(shop, owner_client):
    product = make_product(shop, stock=5)
    sku = product.skus.get()
    base = product_form(product)
    wrong = owner_client.post(
        f"/products/{product.pk}/edit/", {**base, "skus-0-low_stock_threshold": "-3"}
    )
    assert wrong.status_code == 400
    sku.refresh_from_db()
    assert sku.low_stock_threshold is None
    saved = owner_client.post(
        f"/products/{product.pk}/edit/", {**base, "skus-0-low_stock_threshold": "2"}
    )
    assert saved.status_code == 302
    sku.refresh_from_db()
    assert sku.low_stock_threshold == 2
    assert count_low_stock(shop=shop) == 0  # 5 > 2
    dashboard = owner_client.get("/dashboard/").content.decode()
    assert 'data-testid="low-stock">0<' in dashboard


def test_shop_settings_page_sets_the_default(shop, owner_client):
    answer = owner_client.post("/settings/", {"name": shop.name, "low_stock_threshold": "3"})
    assert answer.status_code == 302
    shop.refresh_from_db()
    assert shop.low_stock_threshold == 3
    refused = owner_client.post("/settings/", {"name": shop.name, "low_stock_threshold": "abc"})
    assert refused.status_code == 200 and "请输入整数" in refused.content.decode()
