"""The manufacturer sees a buyer's full consignee only while it may ship the order: bound,
and the order assigned to it and not yet shipped. Its order list pages by keyset, newest
work first, instead of stopping at 500 rows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from dropship import services
from dropship.models import DropshipOrder
from orders.models import OrderEvent
from tests.factories.dropship import assign, bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db
FULL_ADDRESS = "文一西路 969 号 3 幢 101 室"


@pytest.fixture
def bound(owner_membership):
    merchant, maker = make_merchant(owner_membership), make_manufacturer()
    binding = bind(merchant, maker)
    sku = make_product(merchant.shop, stock=200).skus.get()
    client = Client()
    client.force_login(maker.user)
    return merchant, maker, binding, sku, client


def print_csv(client, order):
    response = client.post("/dropship/print/", {"order_sn": [order.order_sn], "format": "csv"})
    ok = response.status_code == 200
    return response, (response.getvalue().decode("utf-8-sig") if ok else "")


def reveals():
    return OrderEvent.objects.filter(kind="consignee_revealed").count()


def test_a_bound_manufacturer_prints_an_order_assigned_to_it(bound):
    merchant, maker, _binding, sku, client = bound
    order = place(BuyerFactory(), sku)
    assign(merchant, maker, [order])

    _response, body = print_csv(client, order)

    assert FULL_ADDRESS in body
    assert reveals() == 1


@pytest.mark.parametrize("ended_by", ["merchant", "manufacturer"])
def test_after_unbinding_the_manufacturer_cannot_print_the_orders_it_had(bound, ended_by):
    merchant, maker, binding, sku, client = bound
    order = place(BuyerFactory(), sku)
    assign(merchant, maker, [order])
    ender = merchant if ended_by == "merchant" else maker
    services.unbind(binding=binding, by_shop=ender.shop, actor=ender.user)

    response, body = print_csv(client, order)

    assert FULL_ADDRESS not in body and "13800138000" not in body
    assert response.status_code == 302
    assert reveals() == 0


def test_a_shipped_order_is_no_longer_printable(bound):
    merchant, maker, _binding, sku, client = bound
    order = place(BuyerFactory(), sku)
    assign(merchant, maker, [order])
    DropshipOrder.objects.filter(order=order).update(dropship_status="shipped")

    _response, body = print_csv(client, order)

    assert FULL_ADDRESS not in body
    assert reveals() == 0


def test_the_manufacturers_list_pages_newest_first_past_500_rows(bound):
    merchant, maker, _binding, sku, client = bound
    orders = [place(BuyerFactory(), sku) for _ in range(55)]
    assign(merchant, maker, orders)
    # Spread the payment times: the last placed is the newest.
    for minutes, order in enumerate(reversed(orders)):
        DropshipOrder.objects.filter(order=order).update(
            paid_at=timezone.now() - timedelta(minutes=minutes)
        )

    first = client.get("/dropship/")
    page = first.context["page"]
    second = client.get(f"/dropship/?cursor={page.next_cursor}").context["page"]

    assert [row.order_id for row in page.items][:3] == [o.pk for o in reversed(orders)][:3]
    assert len(page.items) == 50 and len(second.items) == 5
    assert {row.order_id for row in [*page.items, *second.items]} == {o.pk for o in orders}
    assert orders[-1].order_sn in first.content.decode()


def test_the_waybill_names_the_merchant_as_sender(bound):
    merchant, maker, _binding, sku, client = bound
    order = place(BuyerFactory(), sku)
    assign(merchant, maker, [order])

    _response, body = print_csv(client, order)

    header, row = [line.split(",") for line in body.strip().splitlines()]
    assert row[header.index("发件人")] == "张店长"  # the merchant's, not 陈厂长 the maker's
    assert row[header.index("发件人电话")] == "13800138000"
    assert row[header.index("发件地址")] == "杭州市余杭区文一西路 969 号"


def test_the_manufacturer_lands_on_its_own_dashboard(bound):
    merchant, maker, _binding, sku, client = bound
    orders = [place(BuyerFactory(), sku) for _ in range(3)]
    assign(merchant, maker, orders)
    from orders.models import Order

    Order.objects.filter(pk=orders[0].pk).update(ship_deadline=timezone.now() - timedelta(hours=1))
    services.return_tracking(
        manufacturer_shop=maker.shop,
        order_sn=orders[1].order_sn,
        carrier="YTO",
        tracking_no="YT1234567890123",
        actor=maker.user,
    )

    home = client.get("/", follow=True)
    body = home.content.decode()

    assert home.redirect_chain[-1][0].endswith("/dashboard/")
    assert 'data-testid="to-ship">2<' in body
    assert 'data-testid="late">1<' in body
    assert 'data-testid="returned">1<' in body
    assert "今日成交" not in body and "trend-chart" not in body
