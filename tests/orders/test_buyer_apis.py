import re
from decimal import Decimal

import pytest

from orders.models import AfterSale, Order, OrderEvent
from products.models import Sku
from tests.conftest import token_client
from tests.factories.orders import CONSIGNEE, BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def order_body(shop, *lines):
    return {
        "shop_no": shop.shop_no,
        "items": [{"sku_id": sku.pk, "quantity": quantity} for sku, quantity in lines],
        "consignee": CONSIGNEE,
    }


def test_placing_an_order_pays_it_and_takes_stock(buyer_api, shop):
    shirt = make_product(shop, price="19.90", stock=10).skus.get()
    socks = make_product(shop, price="3.35", stock=10, title="船袜").skus.get()

    response = buyer_api.post("/api/v1/buyer/orders", order_body(shop, (shirt, 2), (socks, 3)))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "awaiting_shipment"
    assert body["pay_amount"] == "49.85"
    assert re.fullmatch(r"\d{6}-\d{15}", body["order_sn"])
    order = Order.objects.get(order_sn=body["order_sn"])
    assert order.shop == shop
    assert order.ship_deadline - order.paid_at == order.ship_deadline - order.paid_at
    assert (order.ship_deadline - order.paid_at).total_seconds() == 48 * 3600
    assert [(i.title, i.quantity, i.amount) for i in order.items.all()] == [
        ("纯棉短袖T恤", 2, Decimal("39.80")),
        ("船袜", 3, Decimal("10.05")),
    ]
    assert Sku.objects.get(pk=shirt.pk).stock == 8
    assert shirt.product.__class__.objects.get(pk=shirt.product_id).sales_count == 2
    assert OrderEvent.objects.get(order=order).kind == "placed"


def test_an_off_sale_product_cannot_be_ordered(buyer_api, shop):
    sku = make_product(shop, on_sale=False).skus.get()

    response = buyer_api.post("/api/v1/buyer/orders", order_body(shop, (sku, 1)))

    assert response.status_code == 400
    assert response.json()["code"] == "product_off_sale"
    assert Sku.objects.get(pk=sku.pk).stock == 10
    assert not Order.objects.exists()


def test_ordering_more_than_the_stock_is_refused_and_takes_nothing(buyer_api, shop):
    plenty = make_product(shop, stock=10).skus.get()
    scarce = make_product(shop, stock=1, title="限量款").skus.get()

    response = buyer_api.post("/api/v1/buyer/orders", order_body(shop, (plenty, 1), (scarce, 2)))

    assert response.status_code == 400
    assert response.json()["code"] == "out_of_stock"
    assert Sku.objects.get(pk=plenty.pk).stock == 10
    assert Sku.objects.get(pk=scarce.pk).stock == 1
    assert not Order.objects.exists()


def test_a_sku_of_another_shop_is_refused(buyer_api, shop, other_shop):
    foreign = make_product(other_shop).skus.get()

    response = buyer_api.post("/api/v1/buyer/orders", order_body(shop, (foreign, 1)))

    assert response.status_code == 400
    assert response.json()["code"] == "sku_not_found"


def test_a_bad_phone_is_refused(buyer_api, shop):
    sku = make_product(shop).skus.get()
    body = order_body(shop, (sku, 1))
    body["consignee"] = {**CONSIGNEE, "phone": "12345"}

    response = buyer_api.post("/api/v1/buyer/orders", body)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["consignee.phone"]


def test_merchants_cannot_use_the_buyer_api(owner_api, shop):
    sku = make_product(shop).skus.get()

    response = owner_api.post("/api/v1/buyer/orders", order_body(shop, (sku, 1)))

    assert response.status_code == 403
    assert not Order.objects.exists()


def test_receipt_needs_a_shipped_order(buyer_api, buyer, shop):
    order = place(buyer, make_product(shop).skus.get())

    response = buyer_api.post(f"/api/v1/buyer/orders/{order.order_sn}/confirm-receipt")

    assert response.status_code == 400
    assert response.json()["code"] == "order_not_receivable"


def test_after_sale_above_the_paid_amount_is_refused(buyer_api, buyer, shop):
    order = place(buyer, make_product(shop, price="19.90").skus.get())

    too_much = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"reason": "不想要了", "amount": "19.91"},
    )
    exact = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"reason": "不想要了", "amount": "19.90"},
    )

    assert too_much.status_code == 400
    assert too_much.json()["code"] == "after_sale_amount_too_high"
    assert exact.status_code == 201
    # Nothing shipped, no manufacturer holds it: the buyer cancelled, refunded at once.
    assert exact.json()["status"] == "refunded"
    order.refresh_from_db()
    assert (order.status, order.after_sale_status) == ("cancelled", "refunded")


def test_a_second_open_after_sale_is_refused(buyer_api, buyer, shop):
    order = place(buyer, make_product(shop).skus.get())
    url = f"/api/v1/buyer/orders/{order.order_sn}/after-sales"
    buyer_api.post(url, {"reason": "质量问题", "amount": "5.00"})

    second = buyer_api.post(url, {"reason": "质量问题", "amount": "5.00"})

    assert second.status_code == 400
    assert second.json()["code"] == "after_sale_not_allowed"
    assert AfterSale.objects.count() == 1


def test_a_buyer_sees_only_its_own_orders(buyer, shop):
    order = place(buyer, make_product(shop).skus.get())
    stranger = token_client(BuyerFactory().user)

    assert stranger.get(f"/api/v1/buyer/orders/{order.order_sn}").status_code == 404
    assert stranger.get("/api/v1/buyer/orders").json()["results"] == []
    refused = stranger.post(
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales", {"reason": "x", "amount": "1.00"}
    )
    assert refused.status_code == 404
    assert not AfterSale.objects.exists()
