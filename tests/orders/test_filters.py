"""One set of filters for the order list page, the API and the CSV export: every filter the
contract names is applied, and an invalid value is refused everywhere (it dropped every
filter on the page, and the export then exported every order)."""

import pytest

from dropship import services as dropship
from orders import services
from tests.factories.dropship import bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(owner_membership):
    merchant = make_merchant(owner_membership)
    maker = make_manufacturer()
    bind(merchant, maker)
    sku = make_product(merchant.shop, price="100.00", stock=20).skus.get()
    refunded, in_progress, assigned, plain = (place(BuyerFactory(), sku) for _ in range(4))
    services.approve_after_sale(
        after_sale=services.open_after_sale(
            order=refunded, buyer=refunded.buyer, reason="x", amount="10.00"
        ),
        actor=merchant.user,
    )
    services.open_after_sale(order=in_progress, buyer=in_progress.buyer, reason="x", amount="5")
    dropship.assign_orders(
        merchant_shop=merchant.shop,
        order_sns=[assigned.order_sn],
        manufacturer_shop_no=maker.shop.shop_no,
        actor=merchant.user,
    )
    return {"refunded": refunded, "in_progress": in_progress, "assigned": assigned, "plain": plain}


def sns(response):
    return {row["order_sn"] for row in response.json()["results"]}


def test_the_api_applies_every_filter_of_the_contract(owner_api, orders):
    refunded = owner_api.get("/api/v1/orders?after_sale_status=refunded")
    in_progress = owner_api.get("/api/v1/orders?after_sale_status=in_progress")
    assigned = owner_api.get("/api/v1/orders?dropship_status=assigned")

    assert sns(refunded) == {orders["refunded"].order_sn}
    assert sns(in_progress) == {orders["in_progress"].order_sn}
    assert sns(assigned) == {orders["assigned"].order_sn}


@pytest.mark.parametrize(
    "query",
    [
        "paid_from=2026-13-45",
        "paid_to=9999-12-31",
        "dropship_status=lost",
        "q=26%00",
        "order_sn=2611%00",
        "tab=nonsense",
    ],
)
def test_invalid_filters_are_refused_on_the_api_page_and_export(
    owner_api, owner_client, orders, query
):
    api = owner_api.get(f"/api/v1/orders?{query}")
    page = owner_client.get(f"/orders/?{query}")
    export = owner_client.get(f"/orders/export.csv?{query}")

    assert (api.status_code, api.json()["code"]) == (400, "validation_error")
    if "%00" in query:  # a NUL byte is refused at the edge, before any view
        assert (page.status_code, export.status_code) == (400, 400)
        return
    assert page.status_code == 200
    assert page.context["page"].items == []
    assert page.context["form"].errors
    assert export.status_code == 302  # back to the list, with the message; no file


def test_a_valid_filter_exports_only_its_orders(owner_client, orders):
    export = owner_client.get("/orders/export.csv?after_sale_status=refunded")

    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert orders["refunded"].order_sn in body
    assert orders["plain"].order_sn not in body


def test_the_page_says_which_filter_is_wrong(owner_client, orders):
    page = owner_client.get("/orders/?paid_from=2026-13-45").content.decode()

    assert 'data-testid="filter-errors"' in page
    assert "支付开始日期: 输入一个有效的日期。" in page  # the field and what is wrong
