"""拆包裹: a shipped order's further parcels, each with its carrier, number and logistics;
the delivery of a further parcel does not receive the order, its own parcel's does."""

from datetime import UTC, datetime

import pytest

from common.exceptions import InvalidInput
from orders import exceptions, services
from orders.models import OrderEvent, Package
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(shop):
    order = place(BuyerFactory(), make_product(shop).skus.get())
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    order.refresh_from_db()
    return order


def event(event_id, status, description):
    return {
        "event_id": event_id,
        "status": status,
        "description": description,
        "occurred_at": datetime(2026, 12, 3, 8, 0, tzinfo=UTC),
    }


def test_a_second_parcel_from_the_order_page(owner_client, shipped):
    bad = owner_client.post(
        f"/orders/{shipped.order_sn}/packages/", {"carrier": "ZTO", "tracking_no": "123"}
    )
    good = owner_client.post(
        f"/orders/{shipped.order_sn}/packages/",
        {"carrier": "ZTO", "tracking_no": "75312345678901"},
    )
    page = owner_client.get(f"/orders/{shipped.order_sn}/").content.decode()

    assert bad.status_code == 400 and "不是中通快递" in bad.content.decode()
    assert good.status_code == 302
    assert page.count('data-testid="parcel"') == 2
    assert "包裹 2" in page and "75312345678901" in page
    assert OrderEvent.objects.filter(order=shipped, kind="package_added").count() == 1


def test_each_parcel_has_its_own_logistics_and_only_the_first_receives(shipped):
    services.add_package(order=shipped, carrier="ZTO", tracking_no="75312345678901")

    services.record_logistics_events(
        carrier="ZTO",
        tracking_no="75312345678901",
        events=[event("z1", "delivered", "第二个包裹已签收")],
    )
    shipped.refresh_from_db()
    assert shipped.status == "shipped"  # the first parcel is still on its way
    services.record_logistics_events(
        carrier="SF",
        tracking_no="SF1234567890123",
        events=[event("s1", "delivered", "已签收")],
    )
    shipped.refresh_from_db()

    assert shipped.status == "received"
    by_parcel = dict(shipped.logistics_events.values_list("tracking_no", "description"))
    assert by_parcel == {"75312345678901": "第二个包裹已签收", "SF1234567890123": "已签收"}


def test_packages_only_on_shipped_orders_and_never_twice(shop, shipped):
    waiting = place(BuyerFactory(), make_product(shop).skus.get())

    with pytest.raises(exceptions.PackageNotAllowed):
        services.add_package(order=waiting, carrier="ZTO", tracking_no="75312345678901")
    with pytest.raises(InvalidInput):
        services.add_package(order=shipped, carrier="SF", tracking_no="SF1234567890123")
    assert not Package.objects.exists()


def test_packages_in_the_api(owner_api, other_owner_api, shipped):
    url = f"/api/v1/orders/{shipped.order_sn}/packages"

    theirs = other_owner_api.post(url, {"carrier": "ZTO", "tracking_no": "75312345678901"})
    mine = owner_api.post(url, {"carrier": "ZTO", "tracking_no": "75312345678901"})

    assert theirs.status_code == 404
    assert mine.status_code == 200
    assert mine.json()["packages"][0]["tracking_no"] == "75312345678901"
    assert mine.json()["tracking_no"] == "SF1234567890123"
