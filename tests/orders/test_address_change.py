"""改地址 before an order ships: the buyer asks, the merchant agrees or refuses, or corrects it
directly; never once shipped or once a dropship manufacturer printed its waybill. Every
change is on the timeline with the address it replaced; a refused change changes nothing."""

import pytest

from common.exceptions import InvalidInput
from dropship import services as dropship
from orders import exceptions, services
from orders.models import AddressChange, Order, OrderEvent
from tests.conftest import token_client
from tests.factories.dropship import assign, bind, make_manufacturer, make_merchant
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db

NEW = {
    "name": "李四",
    "phone": "13900139000",
    "province": "上海市",
    "city": "上海市",
    "district": "浦东新区",
    "address": "世纪大道 100 号",
}


@pytest.fixture
def order(shop):
    return place(BuyerFactory(), make_product(shop).skus.get())


def consignee(order):
    order.refresh_from_db()
    return order.consignee_name, order.address


def test_the_buyer_asks_and_the_merchant_agrees_from_the_order_page(owner_client, order):
    buyer_api = token_client(order.buyer.user)

    asked = buyer_api.post(
        f"/api/v1/buyer/orders/{order.order_sn}/address-change", {"consignee": NEW}, format="json"
    )
    listing = owner_client.get("/orders/").content.decode()
    page = owner_client.get(f"/orders/{order.order_sn}/").content.decode()
    owner_client.post(
        f"/orders/{order.order_sn}/address-changes/{asked.json()['id']}/", {"answer": "agree"}
    )

    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    assert "改地址" in listing
    assert 'data-testid="address-change"' in page and "世纪大道 100 号" in page
    assert consignee(order) == ("李四", "世纪大道 100 号")
    changed = OrderEvent.objects.get(order=order, kind="address_changed")
    assert "文一西路 969 号" in changed.describe()  # what it was


def test_a_refusal_needs_a_reason_and_keeps_the_address(owner_api, order):
    services.request_address_change(order=order, buyer=order.buyer, consignee=NEW)
    url = f"/api/v1/orders/{order.order_sn}/address-change"

    no_reason = owner_api.post(f"{url}/refuse", {"reason": ""})
    refused = owner_api.post(f"{url}/refuse", {"reason": "已打包，无法修改"})
    again = owner_api.post(f"{url}/approve")

    assert no_reason.status_code == 400
    assert refused.status_code == 200 and refused.json()["address_change"] is None
    assert again.json()["code"] == "address_change_not_pending"
    assert consignee(order) == ("张三", "文一西路 969 号 3 幢 101 室")
    assert AddressChange.objects.get().refuse_reason == "已打包，无法修改"


def test_the_merchant_corrects_the_address_on_the_page(owner_client, order):
    bad = owner_client.post(f"/orders/{order.order_sn}/address/", {**NEW, "phone": "12345"})
    good = owner_client.post(f"/orders/{order.order_sn}/address/", NEW)

    assert bad.status_code == 400 and "11 位" in bad.content.decode()
    assert good.status_code == 302
    assert consignee(order) == ("李四", "世纪大道 100 号")
    assert OrderEvent.objects.filter(order=order, kind="address_changed").count() == 1


def test_the_merchant_answers_the_buyers_request_before_changing_it_himself(owner, order):
    services.request_address_change(order=order, buyer=order.buyer, consignee=NEW)

    with pytest.raises(exceptions.AddressChangePending):
        services.change_address(order=order, actor=owner, consignee={**NEW, "name": "王五"})
    with pytest.raises(exceptions.AddressChangePending):
        services.request_address_change(order=order, buyer=order.buyer, consignee=NEW)


def test_no_change_once_shipped(owner, order):
    services.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")

    with pytest.raises(exceptions.AddressNotChangeable):
        services.request_address_change(order=order, buyer=order.buyer, consignee=NEW)
    with pytest.raises(exceptions.AddressNotChangeable):
        services.change_address(order=order, actor=owner, consignee=NEW)


def test_a_manufacturer_that_printed_the_waybill_holds_the_address(db):
    merchant, maker = make_merchant(), make_manufacturer()
    bind(merchant, maker)
    printed, waiting = (
        place(BuyerFactory(), make_product(merchant.shop).skus.get()) for _ in range(2)
    )
    assign(merchant, maker, [printed, waiting])
    dropship.reveal_consignees(
        manufacturer_shop=maker.shop, order_sns=[printed.order_sn], actor=maker.user
    )

    with pytest.raises(exceptions.AddressNotChangeable):
        services.change_address(order=printed, actor=merchant.user, consignee=NEW)
    services.change_address(order=waiting, actor=merchant.user, consignee=NEW)

    assert Order.objects.get(pk=waiting.pk).address == "世纪大道 100 号"  # it prints the new one


def test_an_address_like_the_old_one_is_not_a_change(order):
    same = {
        "name": "张三",
        "phone": "13800138000",
        "province": "浙江省",
        "city": "杭州市",
        "district": "余杭区",
        "address": "文一西路 969 号 3 幢 101 室",
    }

    with pytest.raises(InvalidInput):
        services.request_address_change(order=order, buyer=order.buyer, consignee=same)
    assert not AddressChange.objects.exists()


def test_the_page_answers_only_the_request_the_merchant_saw(owner, owner_client, order):
    seen = services.request_address_change(order=order, buyer=order.buyer, consignee=NEW)
    services.refuse_address_change(order=order, actor=owner, reason="请联系客服")
    services.request_address_change(
        order=order, buyer=order.buyer, consignee={**NEW, "address": "另一个地址 8 号"}
    )

    page = owner_client.post(
        f"/orders/{order.order_sn}/address-changes/{seen.pk}/", {"answer": "agree"}, follow=True
    ).content.decode()

    assert "该改地址申请已处理" in page
    assert consignee(order) == ("张三", "文一西路 969 号 3 幢 101 室")
