"""/api/router fuzzed: random API types, parameter names and values (numbers, dates, odd
Unicode, NUL, huge and negative numbers), signed right or wrong, with shop A's token.
Whatever comes in: HTTP 200, a body in the protocol's shape, never 50000 (the gateway's
"internal error", which would hide a crash), and never a word of shop B's data. The 300
examples (fixed seed) were measured to answer: 158 × 20004 (bad sign), 57 × 10000, 49 ×
10017, 21 × 10001 and 15 successes."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openplatform.catalogue import APIS
from tests.factories.dropship import make_merchant
from tests.factories.openplatform import authorise, make_app, signed
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

PARAMETERS = sorted(
    {
        "order_sn",
        "order_sns",
        "goods_id",
        "sku_id",
        "outer_id",
        "quantity",
        "update_type",
        "is_onsale",
        "page",
        "page_size",
        "use_has_next",
        "order_status",
        "refund_status",
        "start_confirm_at",
        "end_confirm_at",
        "start_updated_at",
        "end_updated_at",
        "is_lucky_flag",
        "trade_type",
        "logistics_id",
        "tracking_number",
        "redelivery_type",
        "note",
        "tag",
        "tag_name",
        "order_state",
        "waybill_no",
        "after_sales_status",
        "after_sales_type",
        "after_sales_id",
        "goods_name",
        "created_at_from",
        "created_at_end",
        "code",
        "refresh_token",
    }
)
VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**64).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "2",
            "5",
            "true",
            "True",
            "²",
            "１",
            "1e309",
            "NaN",
            "SF1234567890123",
            "9999-12-31 23:59:59",
            "x\x00y",
            "'\"<>",
            "%s",
        ]
    ),
    st.text(max_size=40),
)


@pytest.fixture
def world(db):
    mine, theirs = make_merchant(), make_merchant()
    their_product = make_product(theirs.shop, stock=7, title="别家独有商品")
    their_order = place(BuyerFactory(), their_product.skus.get())
    make_product(mine.shop, stock=3)
    app = make_app()
    tokens = authorise(app, mine.shop.memberships.get())
    secrets_of_b = [
        their_order.order_sn,
        str(their_product.goods_id),
        theirs.shop.name,
        "别家独有商品",
        str(theirs.shop.shop_no),
    ]
    return app, tokens, secrets_of_b


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    api=st.one_of(st.sampled_from(sorted(APIS)), st.text(max_size=30)),
    params=st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=6),
    sign_right=st.booleans(),
    as_json=st.booleans(),
)
def test_no_call_crashes_or_leaks_another_shop(world, api, params, sign_right, as_json):
    app, tokens, secrets_of_b = world
    body = signed(app, api, access_token=tokens["access_token"], **params)
    if not sign_right:
        body["sign"] = "0" * 32
    client = Client()
    if as_json:
        response = client.post("/api/router", json.dumps(body), content_type="application/json")
    else:
        response = client.post("/api/router", body)

    assert response.status_code == 200
    answer = response.json()
    assert isinstance(answer, dict) and answer
    if "error_response" in answer:
        assert answer["error_response"]["error_code"] != 50000, answer
    text = response.content.decode()
    assert not [secret for secret in secrets_of_b if secret in text], text[:300]
