"""An order assigned to a manufacturer ships through the dropship path only: the merchant
could ship it from 订单管理 and the manufacturer's 回传 was accepted after (two tracking
numbers on one order)."""

import pytest
from django.test import Client

from dropship import services
from dropship.exceptions import DropshipOrderNotTrackable
from orders import services as orders
from tests.factories.dropship import assign, bind, make_manufacturer, make_merchant, return_address
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    bind(merchant, maker)
    order = place(BuyerFactory(), make_product(merchant.shop, stock=5).skus.get())
    assign(merchant, maker, [order])
    return merchant, maker, order


def test_the_merchant_cannot_ship_an_assigned_order_directly(assigned, owner_api, owner_client):
    _merchant, _maker, order = assigned

    api = owner_api.post(
        f"/api/v1/orders/{order.order_sn}/ship", {"carrier": "SF", "tracking_no": "SF1234567890123"}
    )
    page = owner_client.get(f"/orders/{order.order_sn}/").content.decode()
    batch = orders.ship_orders_batch(
        shop=order.shop,
        rows=[{"order_sn": order.order_sn, "carrier": "SF", "tracking_no": "SF1234567890123"}],
        actor=None,
    )

    assert (api.status_code, api.json()["code"]) == (400, "order_assigned_to_manufacturer")
    assert 'data-testid="assigned-to-manufacturer"' in page
    assert 'name="tracking_no"' not in page
    assert batch[0]["ok"] is False
    order.refresh_from_db()
    assert (order.status, order.tracking_no) == ("awaiting_shipment", "")


def test_the_dropship_path_ships_it_once(assigned):
    merchant, maker, order = assigned
    services.return_tracking(
        manufacturer_shop=maker.shop,
        order_sn=order.order_sn,
        carrier="YTO",
        tracking_no="YT1234567890123",
        actor=maker.user,
    )

    result = services.ship_online(
        merchant_shop=merchant.shop,
        order_sns=[order.order_sn],
        return_address_id=return_address(merchant.shop).pk,
        actor=merchant.user,
    )

    order.refresh_from_db()
    assert result["shipped"] == [order.order_sn]
    assert (order.status, order.tracking_no) == ("shipped", "YT1234567890123")


def test_after_cancelling_the_merchant_ships_and_the_manufacturer_cannot_return(assigned):
    merchant, maker, order = assigned
    services.cancel_assignments(
        merchant_shop=merchant.shop, order_sns=[order.order_sn], actor=merchant.user
    )

    orders.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    with pytest.raises(DropshipOrderNotTrackable):
        services.return_tracking(
            manufacturer_shop=maker.shop,
            order_sn=order.order_sn,
            carrier="YTO",
            tracking_no="YT1234567890123",
            actor=maker.user,
        )

    order.refresh_from_db()
    assert order.tracking_no == "SF1234567890123"


def test_the_order_page_says_where_to_ship_it(assigned):
    merchant, _maker, order = assigned
    client = Client()
    client.force_login(merchant.user)

    page = client.get(f"/orders/{order.order_sn}/").content.decode()

    assert "代发管理" in page or "Dropship" in page
