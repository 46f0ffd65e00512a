import json
import urllib.request

import pytest
from playwright.sync_api import expect
from websockets.sync.client import connect

from merchant.models import Role
from merchant.services import issue_token
from tests.conftest import staff_of
from tests.e2e.conftest import log_in
from tests.factories.merchant import PASSWORD, MembershipFactory
from tests.factories.orders import BuyerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def buyer_call(server, token, path, body=None):
    """The buyer's app, over HTTP to the ASGI server (its pushes go through that process)."""
    request = urllib.request.Request(  # noqa: S310
        f"{server}{path}",
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.loads(response.read())


def test_a_buyer_message_appears_live_and_the_reply_reaches_the_buyer(page, asgi_server):
    merchant = MembershipFactory()
    kefu = staff_of(merchant.shop, Role.CUSTOMER_SERVICE)
    buyer = BuyerFactory(nickname="小美")
    token = issue_token(user=buyer.user).key
    shop_no = merchant.shop.shop_no
    first = buyer_call(
        asgi_server, token, "/api/v1/buyer/chat/messages", {"shop_no": shop_no, "text": "你好"}
    )
    ticket = buyer_call(asgi_server, token, "/api/v1/chat/socket-ticket", {})["ticket"]
    with connect(  # a native app: no Origin, a one-time ticket
        f"{asgi_server.replace('http', 'ws')}/ws/chat/?ticket={ticket}"
    ) as buyer_socket:
        page.base_url = asgi_server
        log_in(page, kefu.username, PASSWORD)
        expect(page).to_have_url(f"{asgi_server}/chat/")
        thread = page.get_by_test_id("chat-messages")
        expect(thread).to_contain_text("你好")
        page.wait_for_timeout(500)  # let the page's socket connect

        buyer_call(
            asgi_server,
            token,
            "/api/v1/buyer/chat/messages",
            {"shop_no": shop_no, "text": "<b>还有货吗</b>"},
        )
        expect(thread).to_contain_text("<b>还有货吗</b>")  # live, without reload, as text

        page.get_by_label("回复").fill("有的，亲")
        page.get_by_role("button", name="发送").click()
        expect(thread).to_contain_text("有的，亲")

        received = []
        for _attempt in range(5):
            event = json.loads(buyer_socket.recv(timeout=5))
            received.append(event["message"]["text"])
            if event["message"]["sender_kind"] == "merchant":
                break
        assert received[-1] == "有的，亲"
    messages = buyer_call(
        asgi_server,
        token,
        f"/api/v1/buyer/chat/conversations/{first['conversation_id']}/messages",
    )["results"]
    assert [m["text"] for m in messages] == ["你好", "<b>还有货吗</b>", "有的，亲"]


def test_pushed_cards_and_order_notices_read_in_the_pages_language(page, asgi_server):
    """The buyer's app speaks Chinese; the shop's page is in English: what the socket
    pushes is worded by the page, in the thread and in the list's preview alike."""
    from django.conf import settings

    from tests.factories.orders import CONSIGNEE
    from tests.factories.products import make_product

    merchant = MembershipFactory()
    product = make_product(merchant.shop, price="19.90", title="Cotton tee")
    buyer = BuyerFactory(nickname="Amy")
    token = issue_token(user=buyer.user).key
    shop_no = merchant.shop.shop_no
    buyer_call(
        asgi_server, token, "/api/v1/buyer/chat/messages", {"shop_no": shop_no, "text": "hi"}
    )
    page.base_url = asgi_server
    log_in(page, merchant.user.username, PASSWORD)
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": asgi_server}]
    )
    page.goto(f"{asgi_server}/chat/")
    expect(page.locator("[data-socket-state]")).to_have_text("●")  # the socket is open

    buyer_call(
        asgi_server,
        token,
        "/api/v1/buyer/chat/messages",
        {"shop_no": shop_no, "goods_id": product.goods_id},
    )
    thread, preview = page.get_by_test_id("chat-messages"), page.locator("[data-last]")
    expect(thread).to_contain_text("[Product] Cotton tee")
    expect(preview).to_have_text("[Product] Cotton tee")
    order = buyer_call(
        asgi_server,
        token,
        "/api/v1/buyer/orders",
        {
            "shop_no": shop_no,
            "items": [{"sku_id": product.skus.get().pk, "quantity": 1}],
            "consignee": CONSIGNEE,
        },
    )
    expect(thread).to_contain_text(f"New order {order['order_sn']}, paid ¥19.90")
    expect(preview).to_have_text(f"[New order] {order['order_sn']}")
    page.reload()  # the server words them the same
    expect(page.locator("[data-last]")).to_have_text(f"[New order] {order['order_sn']}")
