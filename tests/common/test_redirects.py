"""`next` sent with a POST brings the merchant back to where they were, and never off-site.
Every console form that posts `next` is tried with the classic open-redirect shapes."""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.factories.dropship import make_merchant
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db
ROOT = settings.BASE_DIR
OFF_SITE = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    " //evil.example",
]


@pytest.fixture
def merchant_client(owner_membership):
    make_merchant(owner_membership)
    client = Client()
    client.force_login(owner_membership.user)
    return client


def endpoints(shop):
    product = make_product(shop, stock=5)
    return [
        ("/products/bulk-status/", {"product_ids": [product.pk], "on_sale": "0"}),
        ("/dropship/orders/assign/", {"order_sns": ["nope"]}),
        ("/dropship/orders/cancel/", {"order_sns": ["nope"]}),
        ("/chat/phrases/", {"text": "亲，在的"}),
    ]


@pytest.mark.parametrize("target", OFF_SITE)
def test_an_off_site_next_falls_back_to_the_console(merchant_client, shop, target):
    for path, data in endpoints(shop):
        response = merchant_client.post(path, {**data, "next": target})

        assert response.status_code == 302, path
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (path, target)


def test_an_on_site_next_is_followed(merchant_client, shop):
    for path, data in endpoints(shop):
        response = merchant_client.post(path, {**data, "next": "/orders/?tab=shipped"})

        assert response["Location"] == "/orders/?tab=shipped", path


def test_no_view_reads_next_itself():
    """The class: a view that reads `next` by hand, rather than through
    common.http.redirect_back, is one forgotten check away from an open redirect."""
    pattern = re.compile(r"""(POST|GET|data)\.get\(\s*["']next["']""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in ROOT.glob("*/*.py")
        if ".venv" not in path.parts and path.name != "http.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []
