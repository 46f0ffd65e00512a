"""Every API operation, generated from the OpenAPI schema (so a new endpoint is covered
without a list to update), refused to the anonymous, to the wrong role and - for objects
in its path - to another shop, with the database unchanged by the attempt."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from chat.services import send_buyer_message
from dropship import services as dropship
from dropship import statements
from merchant.models import Role
from merchant.services import issue_token
from orders import services as orders
from payouts import services as payouts
from tests.factories.dropship import bind, make_manufacturer, make_merchant, return_address
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import bind_card, give_balance
from tests.factories.products import make_product

OPEN = {"/api/v1/auth/register", "/api/v1/auth/token", "/api/v1/buyer/register"}
SIGNED = {"/api/v1/logistics/webhook/{carrier}"}  # refused without a valid HMAC instead
# Any signed-in user's own things (their tokens, a socket ticket): no shop, no role.
OWN = {
    "/api/v1/auth/logout",
    "/api/v1/auth/tokens",
    "/api/v1/auth/tokens/{token_id}",
    "/api/v1/chat/socket-ticket",
}


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


OPERATIONS = operations()


def fingerprint() -> str:
    """Every row of the project's tables, hashed: equal before and after means untouched.
    The project's apps are those in this repository, so a new app is covered too."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if Path(model._meta.app_config.path).parent == settings.BASE_DIR:
            for row in model.objects.order_by("pk").values_list():
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def world(db):
    """Shop B with one object of every kind that appears in an API path."""
    merchant, maker = make_merchant(), make_manufacturer()
    binding = bind(merchant, maker)
    buyer = BuyerFactory()
    product = make_product(merchant.shop, price="2000.00", stock=20)
    order = place(buyer, product.skus.get())
    after_sale = orders.open_after_sale(order=order, buyer=buyer, reason="x", amount="1.00")
    bind_card(merchant.shop, merchant.user)
    give_balance(merchant.shop, "1500")
    withdrawal = payouts.request_withdrawal(
        shop=merchant.shop, amount="1000", requested_by=merchant.user
    )
    statement = statements.build_statement(
        statement=dropship.request_statement(
            merchant_shop=merchant.shop,
            manufacturer_shop_no=maker.shop.shop_no,
            start_date=timezone.localdate(),
            end_date=timezone.localdate(),
            actor=merchant.user,
        )
    )
    conversation = send_buyer_message(
        buyer=buyer, shop_no=merchant.shop.shop_no, text="hi"
    ).conversation
    address = return_address(merchant.shop)
    return {
        "address_id": address.pk,
        "product_id": product.pk,
        "order_sn": order.order_sn,
        "after_sale_id": after_sale.pk,
        "membership_id": merchant.shop.memberships.get(role=Role.OWNER).pk,
        "binding_id": binding.pk,
        "statement_id": statement.pk,
        "withdrawal_id": withdrawal.pk,
        "conversation_id": conversation.pk,
        "carrier": "SF",
        "token_id": issue_token(user=merchant.user).pk,
        "buyer": buyer,
    }


def fill(path: str, ids: dict) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def call(client, method, url):
    return getattr(client, method.lower())(url, {}, format="json")


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user).key}")
    return client


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_anonymous_are_refused(world, method, path):
    if path in OPEN:
        pytest.skip("open by design (sign-up and login)")
    before = fingerprint()

    response = call(APIClient(), method, fill(path, world))

    assert response.status_code == 401, response.content
    assert response.json()["code"] in {"not_authenticated", "invalid_signature"}
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_wrong_role_is_refused(world, method, path):
    if path in OPEN | SIGNED | OWN or path == "/api/v1/carriers":
        pytest.skip("no role involved")
    buyer_side = path.startswith("/api/v1/buyer/")
    # A merchant calling the buyer side; a buyer, or a customer-service account outside
    # chat, calling the merchant side.
    client = client_for(make_merchant().user if buyer_side else BuyerFactory().user)
    before = fingerprint()

    response = call(client, method, fill(path, world))

    assert response.status_code in {403, 404}, response.content
    assert response.json()["code"] in {"permission_denied", "not_found"}
    assert fingerprint() == before


@pytest.mark.parametrize(("method", "path"), [op for op in OPERATIONS if "{" in op[1]])
def test_another_shops_objects_are_404(world, method, path):
    if path in SIGNED:
        pytest.skip("no shop in the path")
    if path.startswith("/api/v1/buyer/"):
        user = BuyerFactory().user  # another buyer
    elif path.startswith("/api/v1/dropship/manufacturer/") or path.endswith(("/accept", "/refuse")):
        user = make_manufacturer().user
    else:
        user = make_merchant().user
    client = client_for(user)
    before = fingerprint()

    response = call(client, method, fill(path, world))

    assert response.status_code == 404, (method, path, response.content)
    assert response.json()["code"] == "not_found"
    assert fingerprint() == before
