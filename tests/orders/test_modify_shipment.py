"""修改发货: a shipped order's carrier or tracking number corrected once, before the carrier
reports the parcel, on the timeline with what it was; in the console, the API and the open
platform alike, refused (and nothing changed) otherwise."""

import pytest

from orders import services
from orders.models import OrderEventKind
from tests.factories.orders import place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shop, buyer, owner):
    sku = make_product(shop, stock=10).skus.get()
    order = place(buyer, sku)
    return services.ship_order(
        order=order, carrier="YTO", tracking_no="YT1234567890123", actor=owner
    )


def test_the_console_corrects_a_shipment_once_and_the_timeline_says_what_it_was(
    owner_client, shipped
):
    page = owner_client.get(f"/orders/{shipped.order_sn}/").content.decode()
    assert 'data-testid="modify-shipment"' in page

    corrected = owner_client.post(
        f"/orders/{shipped.order_sn}/shipment/",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
    )
    again = owner_client.post(
        f"/orders/{shipped.order_sn}/shipment/",
        {"carrier": "ZTO", "tracking_no": "75312345678901"},
    )

    assert corrected.status_code == 302 and again.status_code == 400
    assert "只能在快递揽收前修改一次" in again.content.decode()
    shipped.refresh_from_db()
    assert (shipped.carrier, shipped.tracking_no) == ("SF", "SF1234567890123")
    event = shipped.events.get(kind=OrderEventKind.SHIPMENT_MODIFIED)
    assert "圆通速递 YT1234567890123" in event.describe()
    page = owner_client.get(f"/orders/{shipped.order_sn}/").content.decode()
    assert 'data-testid="modify-shipment"' not in page


def test_once_the_carrier_reports_the_parcel_it_cannot_be_corrected(owner_api, shipped):
    services.record_logistics_events(
        carrier="YTO",
        tracking_no="YT1234567890123",
        events=[
            {"event_id": "e1", "status": "collected", "occurred_at": "2026-12-03T10:00:00+08:00"}
        ],
    )

    response = owner_api.put(
        f"/api/v1/orders/{shipped.order_sn}/shipment",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "shipment_not_modifiable"
    shipped.refresh_from_db()
    assert shipped.tracking_no == "YT1234567890123"


def test_the_duplicate_flag_follows_the_new_number(owner_api, shop, buyer, owner, shipped):
    sku = make_product(shop, stock=5, title="另一件").skus.get()
    other = services.ship_order(
        order=place(buyer, sku), carrier="SF", tracking_no="SF1234567890123", actor=owner
    )

    response = owner_api.put(
        f"/api/v1/orders/{shipped.order_sn}/shipment",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["tracking_no"] == "SF1234567890123"
    shipped.refresh_from_db()
    other.refresh_from_db()
    assert shipped.tracking_duplicated and other.tracking_duplicated


def test_another_shops_order_is_404(other_shop, owner_api, buyer):
    from tests.factories.dropship import make_merchant

    theirs = make_merchant()
    order = place(buyer, make_product(theirs.shop, stock=3).skus.get())
    services.ship_order(order=order, carrier="YTO", tracking_no="YT1234567890123")

    response = owner_api.put(
        f"/api/v1/orders/{order.order_sn}/shipment",
        {"carrier": "SF", "tracking_no": "SF1234567890123"},
        format="json",
    )

    assert response.status_code == 404
