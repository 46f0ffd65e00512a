"""A platform admin suspends a shop: its console and API answer with the reason, buyers
cannot order from it, and lifting the suspension restores everything."""

import pytest
from django.test import Client
from django.urls import reverse

from merchant.models import Shop, User
from orders.exceptions import ShopNotFound
from orders.services import place_order
from tests.factories.orders import CONSIGNEE, BuyerFactory
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db
REASON = "涉嫌售卖假冒商品，正在核查"


def suspend(shop, reason=REASON):
    admin = User.objects.create_superuser("platform", password="admin-pass-2026")
    client = Client()
    client.force_login(admin)
    return client.post(
        reverse("admin:merchant_shop_change", args=[shop.pk]),
        {
            "name": shop.name,
            "is_suspended": "on",
            "suspension_reason": reason,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )


def test_a_suspension_needs_a_reason(shop):
    response = suspend(shop, reason="")

    assert response.status_code == 200  # the form again
    assert not Shop.objects.get(pk=shop.pk).is_suspended


def test_a_suspended_shops_console_and_api_say_why(shop, owner_client, owner_api):
    sku = make_product(shop, stock=5).skus.get()
    assert suspend(shop).status_code == 302

    page = owner_client.get("/orders/")
    api = owner_api.get("/api/v1/orders")

    assert page.status_code == 403 and REASON in page.content.decode()
    assert (api.status_code, api.json()["code"]) == (403, "shop_suspended")
    assert REASON in api.json()["detail"]
    with pytest.raises(ShopNotFound):
        place_order(
            buyer=BuyerFactory(),
            shop_no=shop.shop_no,
            items=[{"sku_id": sku.pk, "quantity": 1}],
            consignee=CONSIGNEE,
        )


def test_lifting_the_suspension_restores_the_console(shop, owner_client):
    Shop.objects.filter(pk=shop.pk).update(is_suspended=True, suspension_reason=REASON)
    assert owner_client.get("/orders/").status_code == 403

    Shop.objects.filter(pk=shop.pk).update(is_suspended=False)

    assert owner_client.get("/orders/").status_code == 200
