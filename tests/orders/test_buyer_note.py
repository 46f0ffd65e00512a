"""买家留言: the buyer's note travels with the order to every place a merchant reads it (the
list, the order page, the API, the open platform's buyer_memo); a note that is not plain
text of at most 200 characters is refused and nothing is ordered."""

import pytest

from orders.models import Order
from tests.factories.orders import CONSIGNEE
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def order_with_note(buyer_api, shop, note):
    sku = make_product(shop, stock=3).skus.get()
    return buyer_api.post(
        "/api/v1/buyer/orders",
        {
            "shop_no": shop.shop_no,
            "items": [{"sku_id": sku.pk, "quantity": 1}],
            "consignee": CONSIGNEE,
            "buyer_note": note,
        },
        format="json",
    ), sku


@pytest.fixture
def buyer_api(buyer):
    from tests.conftest import token_client

    return token_client(buyer.user)


def test_the_note_reaches_the_list_the_page_and_the_api(buyer_api, shop, owner_client, owner_api):
    placed, _sku = order_with_note(buyer_api, shop, "请发顺丰，  周末不在家")
    order_sn = placed.json()["order_sn"]

    listing = owner_client.get("/orders/").content.decode()
    page = owner_client.get(f"/orders/{order_sn}/").content.decode()
    detail = owner_api.get(f"/api/v1/orders/{order_sn}").json()

    assert placed.status_code == 201
    assert "买家留言: 请发顺丰， 周末不在家" in listing
    assert "请发顺丰， 周末不在家" in page
    assert detail["buyer_note"] == "请发顺丰， 周末不在家"


@pytest.mark.parametrize("note", ["长" * 201, "第一行\x07响铃"])
def test_a_note_that_is_not_plain_short_text_is_refused_and_nothing_is_ordered(
    buyer_api, shop, note
):
    placed, sku = order_with_note(buyer_api, shop, note)

    assert placed.status_code == 400
    assert "buyer_note" in placed.json()["fields"]
    assert not Order.objects.exists()
    sku.refresh_from_db()
    assert sku.stock == 3


def test_the_open_platform_reads_it_as_buyer_memo(buyer_api, shop, owner_membership):
    import json

    from django.test import Client

    from tests.factories.openplatform import authorise, make_app, signed

    placed, _sku = order_with_note(buyer_api, shop, "送货前电话联系")
    app = make_app()
    tokens = authorise(app, owner_membership)
    params = signed(
        app,
        "pdd.order.information.get",
        access_token=tokens["access_token"],
        order_sn=placed.json()["order_sn"],
    )

    body = Client().post("/api/router", json.dumps(params), content_type="application/json")

    assert body.json()["order_info_get_response"]["order_info"]["buyer_memo"] == "送货前电话联系"
