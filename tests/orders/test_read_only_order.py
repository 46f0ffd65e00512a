"""Customer service reads an order (to answer "快递到哪了") but cannot change it; finance
sees order numbers in the ledger without links it could not open."""

import pytest
from django.test import Client

from merchant.models import Role
from tests.conftest import staff_of
from tests.factories.orders import BuyerFactory, place
from tests.factories.payouts import received_order
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_customer_service_reads_an_order_with_its_logistics_and_no_actions(shop):
    order = place(BuyerFactory(), make_product(shop, stock=3).skus.get())
    kefu = login(staff_of(shop, Role.CUSTOMER_SERVICE))

    page = kefu.get(f"/orders/{order.order_sn}/")
    ship = kefu.post(
        f"/orders/{order.order_sn}/ship/", {"carrier": "SF", "tracking_no": "SF1234567890123"}
    )
    remark = kefu.post(f"/orders/{order.order_sn}/remark/", {"remark": "x", "remark_flag": ""})
    listing = kefu.get("/orders/")

    body = page.content.decode()
    assert page.status_code == 200
    assert order.order_sn in body and "文一西路" in body
    assert 'name="tracking_no"' not in body and 'name="remark"' not in body
    assert (ship.status_code, remark.status_code, listing.status_code) == (403, 403, 403)
    order.refresh_from_db()
    assert (order.status, order.remark) == ("awaiting_shipment", "")


def test_the_chat_panels_order_links_open_for_customer_service(shop):
    from chat.services import send_buyer_message

    order = place(BuyerFactory(), make_product(shop, stock=3).skus.get())
    send_buyer_message(buyer=order.buyer, shop_no=shop.shop_no, text="快递到哪了")
    kefu = login(staff_of(shop, Role.CUSTOMER_SERVICE))

    chat = kefu.get("/chat/").content.decode()

    assert f'href="/orders/{order.order_sn}/"' in chat
    assert kefu.get(f"/orders/{order.order_sn}/").status_code == 200


def test_finance_sees_ledger_order_numbers_without_links(shop):
    from payouts import services as payouts

    order = received_order(shop)
    payouts.credit_order_income(order=order)
    finance = login(staff_of(shop, Role.FINANCE))

    page = finance.get("/payouts/").content.decode()

    assert order.order_sn in page
    assert f'href="/orders/{order.order_sn}/"' not in page
