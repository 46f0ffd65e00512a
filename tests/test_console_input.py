"""Odd input that broke console pages and APIs once (found by the console walk,
tests/fuzz/test_console_walk.py), kept as quick tests: refused with a 4xx, never a 5xx."""

import pytest

from tests.factories.products import make_product


@pytest.mark.django_db
def test_a_nul_byte_is_refused_at_the_edge(owner_client, owner_api):
    page = owner_client.get("/orders/", {"q": "26\x00"})
    api = owner_api.get("/api/v1/orders", {"q": "26\x00"})
    form = owner_client.post("/products/bulk-status/", {"product_id": "1\x00"})

    assert (page.status_code, form.status_code) == (400, 400)
    assert (api.status_code, api.json()["code"]) == (400, "validation_error")


@pytest.mark.django_db
def test_digits_that_are_not_ascii_are_no_identifier(owner_api, owner_client, shop):
    make_product(shop, title="²号商品")

    assert owner_client.get("/products/", {"q": "²"}).status_code == 200
    assert owner_api.get("/api/v1/shop", HTTP_X_SHOP_NO="²").status_code == 403
    assert owner_api.get("/api/v1/orders", {"page_size": "²"}).status_code == 400
