"""消息中心 in the browser: the bell rings without a reload when a buyer asks for an
after-sale (the ASGI server's process pushes it), and the notice leads to the request."""

import pytest
from playwright.sync_api import expect

from merchant.services import issue_token
from tests.e2e.conftest import log_in
from tests.e2e.test_chat import buyer_call
from tests.factories.merchant import PASSWORD, MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_bell_rings_live_and_the_notice_leads_to_the_request(page, asgi_server):
    merchant = MembershipFactory()
    order = place(BuyerFactory(), make_product(merchant.shop, price="19.90").skus.get())
    token = issue_token(user=order.buyer.user).key
    page.base_url = asgi_server
    log_in(page, merchant.user.username, PASSWORD)
    page.goto(f"{asgi_server}/orders/")
    bell = page.get_by_test_id("notification-unread")
    expect(bell).to_be_hidden()
    page.wait_for_timeout(500)  # let the page's socket connect

    opened = buyer_call(
        asgi_server,
        token,
        f"/api/v1/buyer/orders/{order.order_sn}/after-sales",
        {"kind": "refund_only", "reason_code": "not_wanted", "reason": "拍错了", "amount": "5.00"},
    )
    expect(bell).to_have_text("1")  # live, without a reload

    page.get_by_test_id("notifications-link").click()
    notice = page.get_by_test_id("notification").first
    expect(notice).to_contain_text(order.order_sn)
    notice.get_by_test_id("notification-open").click()
    expect(page).to_have_url(f"{asgi_server}/after-sales/{opened['id']}/")
    expect(page.get_by_test_id("notification-unread")).to_be_hidden()
