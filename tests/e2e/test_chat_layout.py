"""The reply box stays reachable however long the conversation: at desktop size the
messages scroll inside the page and the reply box is on screen; on a phone it is reached
by scrolling the page. (It was pushed below the screen from about 10 messages.)"""

import pytest
from playwright.sync_api import expect

from chat.models import Conversation, Message
from merchant.models import Role
from tests.conftest import staff_of
from tests.e2e.conftest import _new_page, log_in
from tests.factories.merchant import PASSWORD, MembershipFactory
from tests.factories.orders import BuyerFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def long_conversation():
    merchant = MembershipFactory()
    kefu = staff_of(merchant.shop, Role.CUSTOMER_SERVICE)
    conversation = Conversation.objects.create(shop=merchant.shop, buyer=BuyerFactory())
    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            sender_kind="buyer" if n % 2 else "merchant",
            text=f"第 {n} 条消息：这件衣服有没有大一码的？",
        )
        for n in range(30)
    )
    return kefu, conversation


@pytest.mark.parametrize(
    ("width", "height", "phone"), [(1400, 900, False), (390, 844, True)], ids=["desktop", "phone"]
)
def test_the_reply_box_is_reachable_with_30_messages(
    browser, request, live_server, long_conversation, width, height, phone
):
    kefu, conversation = long_conversation
    options = {"viewport": {"width": width, "height": height}}
    if phone:
        options.update(is_mobile=True, has_touch=True)
    context, page = _new_page(browser, request, **options)
    page.base_url = live_server.url
    log_in(page, kefu.username, PASSWORD)
    page.goto(f"{live_server.url}/chat/?c={conversation.pk}")

    reply = page.get_by_label("回复")
    messages = page.get_by_test_id("chat-messages")
    expect(messages).to_contain_text("第 29 条消息")
    if not phone:
        box = reply.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        scrolls = messages.evaluate("list => list.scrollHeight > list.clientHeight")
        assert scrolls  # the thread scrolls inside, the page does not have to
    reply.scroll_into_view_if_needed()
    reply.fill("亲，有的")
    expect(reply).to_be_in_viewport()
    context.close()
