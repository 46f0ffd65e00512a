import asyncio
import contextlib

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chat.models import Conversation, Message
from chat.selectors import unread_total
from chat.services import issue_socket_ticket, send_buyer_message
from config.asgi import application
from merchant.models import Role
from tests.conftest import staff_of, token_client
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

BROWSER = [(b"host", b"localhost"), (b"origin", b"http://localhost")]


def socket(user, query="", headers=None):
    """A native client's socket: a one-time ticket, no Origin (unless `headers` say so)."""
    ticket, _row = issue_socket_ticket(user=user)
    return WebsocketCommunicator(
        application,
        f"/ws/chat/?ticket={ticket}{query}",
        headers=headers or [(b"host", b"localhost")],
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_buyer_message_reaches_the_merchant_socket_and_the_reply_the_buyer():
    merchant = await sync_to_async(MembershipFactory)()
    buyer = await sync_to_async(BuyerFactory)()
    shop_socket = await sync_to_async(socket)(merchant.user)
    buyer_socket = await sync_to_async(socket)(buyer.user)
    assert (await shop_socket.connect())[0]
    assert (await buyer_socket.connect())[0]

    def buyer_sends():
        return token_client(buyer.user).post(
            "/api/v1/buyer/chat/messages",
            {"shop_no": merchant.shop.shop_no, "text": "在吗？有货吗"},
        )

    sent = await sync_to_async(buyer_sends)()
    assert sent.status_code == 201
    pushed = await shop_socket.receive_json_from(timeout=5)
    assert pushed["type"] == "message"
    assert pushed["message"]["text"] == "在吗？有货吗"
    assert pushed["conversation_id"] == sent.json()["conversation_id"]
    assert pushed["merchant_unread"] == 1 and pushed["unread_total"] == 1
    await buyer_socket.receive_json_from(timeout=5)  # the buyer's own echo

    def merchant_replies():
        return token_client(merchant.user).post(
            f"/api/v1/chat/conversations/{sent.json()['conversation_id']}/messages",
            {"text": "亲，有货的"},
        )

    reply = await sync_to_async(merchant_replies)()
    assert reply.status_code == 201
    to_buyer = await buyer_socket.receive_json_from(timeout=5)
    assert to_buyer["message"]["text"] == "亲，有货的"
    assert to_buyer["message"]["sender_kind"] == "merchant"
    await shop_socket.disconnect()
    await buyer_socket.disconnect()
    await sync_to_async(connections.close_all)()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_another_shops_conversation_is_refused_on_the_socket():
    merchant = await sync_to_async(MembershipFactory)()
    other = await sync_to_async(MembershipFactory)()
    buyer = await sync_to_async(BuyerFactory)()
    conversation = await sync_to_async(Conversation.objects.create)(shop=other.shop, buyer=buyer)
    communicator = await sync_to_async(socket)(merchant.user, f"&conversation={conversation.pk}")

    connected, code = await communicator.connect()

    assert not connected
    assert code == 4404
    await sync_to_async(connections.close_all)()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_anonymous_and_wrong_role_sockets_are_closed():
    merchant = await sync_to_async(MembershipFactory)()
    finance = await sync_to_async(staff_of)(merchant.shop, Role.FINANCE)
    anonymous = WebsocketCommunicator(application, "/ws/chat/", headers=BROWSER)

    assert (await anonymous.connect()) == (False, 4401)
    assert (await (await sync_to_async(socket)(finance)).connect()) == (False, 4404)
    await sync_to_async(connections.close_all)()


@pytest.mark.django_db
def test_unread_counts_and_reading_marks_read(owner_api, shop, buyer, buyer_api):
    for text in ["你好", "能便宜点吗"]:
        buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": text})

    listed = owner_api.get("/api/v1/chat/conversations").json()["results"]
    thread = owner_api.get(f"/api/v1/chat/conversations/{listed[0]['id']}/messages").json()
    after = owner_api.get("/api/v1/chat/conversations").json()["results"]

    assert (listed[0]["unread_count"], listed[0]["last_message"]) == (2, "能便宜点吗")
    assert [m["text"] for m in thread["results"]] == ["你好", "能便宜点吗"]
    assert after[0]["unread_count"] == 0
    url = f"/api/v1/chat/conversations/{listed[0]['id']}/messages"
    newer = owner_api.get(f"{url}?after={thread['results'][0]['id']}").json()["results"]
    assert [m["text"] for m in newer] == ["能便宜点吗"]
    assert owner_api.get(f"{url}?after=abc").status_code == 400  # not silently "all"


@pytest.mark.django_db
def test_a_buyers_next_message_costs_four_queries_and_the_unread_total_counts_unread_only(
    shop, buyer
):
    """The message path of a sales rush: the conversation with its shop in one locked read
    (the conversation's row only), the message, the conversation's counters and the shop's
    unread total, summed over its unread conversations (their own index), not all of them."""
    for other in BuyerFactory.create_batch(3):
        send_buyer_message(buyer=other, shop_no=shop.shop_no, text="看过了")
    Conversation.objects.filter(shop=shop).update(merchant_unread=0)  # the shop read those
    send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text="在吗")

    with CaptureQueriesContext(connection) as queries:
        message = send_buyer_message(buyer=buyer, shop_no=shop.shop_no, text="有货吗")
    statements = [
        query["sql"] for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]
    ]
    assert len(statements) == 4, statements
    assert 'FOR UPDATE OF "chat_conversation"' in statements[0]
    assert '"merchant_shop"' in statements[0]
    assert '"merchant_unread" > 0' in statements[-1]
    assert message.conversation.merchant_unread == 2
    assert unread_total(shop=shop) == 2


@pytest.mark.django_db
def test_a_new_order_of_the_buyer_shows_in_the_conversation(owner_api, shop, buyer, buyer_api):
    sent = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "下单了"}
    )
    order = place(buyer, make_product(shop, price="19.90").skus.get())

    conversation_id = sent.json()["conversation_id"]
    thread = owner_api.get(f"/api/v1/chat/conversations/{conversation_id}/messages").json()
    orders = owner_api.get(f"/api/v1/chat/conversations/{conversation_id}/orders").json()

    notice = thread["results"][-1]
    assert (notice["kind"], notice["payload"]["order_sn"]) == ("order_notice", order.order_sn)
    assert [o["order_sn"] for o in orders] == [order.order_sn]


@pytest.mark.django_db
def test_each_after_sales_step_shows_in_the_conversation_for_the_other_side(
    owner, owner_api, owner_client, shop, buyer, buyer_api
):
    from orders import services as orders

    sent = buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "在吗"})
    conversation_id = sent.json()["conversation_id"]
    owner_api.get(f"/api/v1/chat/conversations/{conversation_id}/messages")  # read
    order = place(buyer, make_product(shop, price="30.00").skus.get())
    orders.ship_order(order=order, carrier="SF", tracking_no="SF1234567890123")
    asked = orders.open_after_sale(order=order, buyer=buyer, reason="少件", amount="10.00")
    orders.refuse_after_sale(after_sale=asked, actor=owner, reason="已核对")

    conversation = Conversation.objects.get(pk=conversation_id)
    notices = list(
        Message.objects.filter(conversation=conversation, kind="after_sale_notice").order_by("id")
    )
    page = owner_client.get(f"/chat/?c={conversation_id}").content.decode()
    english = buyer_api.get(
        f"/api/v1/buyer/chat/conversations/{conversation_id}/messages",
        HTTP_ACCEPT_LANGUAGE="en",
    ).json()["results"][-1]

    assert [n.payload["stage"] for n in notices] == ["awaiting_merchant", "refused"]
    assert (conversation.merchant_unread, conversation.buyer_unread) == (2, 1)  # order, ask
    assert f"订单 {order.order_sn} 的售后（仅退款，¥10.00）：商家已驳回" in page
    assert english["text"] == (
        f"After-sales for order {order.order_sn} (Refund only, ¥10.00): Refused by the merchant"
    )


@pytest.mark.django_db
def test_a_buyer_cannot_flood_a_shop(shop, buyer_api, settings):
    settings.CHAT_BUYER_RATE = "3/min"

    answers = [
        buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": f"第{i}条"})
        for i in range(4)
    ]

    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert Message.objects.count() == 3


@pytest.mark.django_db
def test_long_and_empty_messages_are_refused(shop, buyer_api):
    long = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "长" * 501}
    )
    empty = buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "  "})

    assert long.status_code == empty.status_code == 400
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_html_in_a_message_shows_as_text(owner_client, shop, buyer_api):
    buyer_api.post(
        "/api/v1/buyer/chat/messages",
        {"shop_no": shop.shop_no, "text": "<script>alert('x')</script><b>hi</b>"},
    )

    page = owner_client.get("/chat/").content.decode()

    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;b&gt;hi&lt;/b&gt;" in page


@pytest.mark.django_db
def test_another_shops_conversation_is_404_in_the_api(owner_api, other_shop):
    conversation = Conversation.objects.create(shop=other_shop, buyer=BuyerFactory())

    assert (
        owner_api.get(f"/api/v1/chat/conversations/{conversation.pk}/messages").status_code == 404
    )
    reply = owner_api.post(f"/api/v1/chat/conversations/{conversation.pk}/messages", {"text": "hi"})
    assert reply.status_code == 404
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_buyer_reads_only_its_own_conversations(shop, buyer_api):
    stranger = Conversation.objects.create(shop=shop, buyer=BuyerFactory())

    assert (
        buyer_api.get(f"/api/v1/buyer/chat/conversations/{stranger.pk}/messages").status_code == 404
    )


@pytest.mark.django_db
def test_customer_service_sees_only_chat(shop, buyer_api):
    kefu = token_client(staff_of(shop, Role.CUSTOMER_SERVICE))
    buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "你好"})

    assert kefu.get("/api/v1/chat/conversations").status_code == 200
    assert kefu.get("/api/v1/orders").status_code == 403
    assert kefu.get("/api/v1/payouts/account").status_code == 403


@pytest.mark.django_db
def test_first_response_time_feeds_the_dashboard(shop, owner, buyer_api, owner_api):
    from chat.selectors import response_figures

    sent = buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "在吗"})
    owner_api.post(
        f"/api/v1/chat/conversations/{sent.json()['conversation_id']}/messages", {"text": "在的"}
    )

    figures = response_figures(shop=shop)

    assert figures["answered"] == 1
    assert figures["three_minute_rate"] == 100.0
    assert figures["average_seconds"] <= 5


@pytest.mark.django_db
def test_buyers_send_product_and_order_cards_of_this_shop_only(shop, other_shop, buyer, buyer_api):
    product = make_product(shop, price="19.90", title="纯棉T恤")
    foreign = make_product(other_shop, title="别家的")
    order = place(buyer, product.skus.get())

    card = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "goods_id": product.goods_id}
    )
    order_card = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "order_sn": order.order_sn}
    )
    refused = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "goods_id": foreign.goods_id}
    )

    assert card.status_code == order_card.status_code == 201
    assert refused.status_code == 400
    kinds = list(Message.objects.order_by("id").values_list("kind", "payload"))
    assert kinds[0] == (
        "product",
        {"goods_id": product.goods_id, "title": "纯棉T恤", "price": "19.90", "image": None},
    )
    assert kinds[-1][0] == "order" and kinds[-1][1]["order_sn"] == order.order_sn


@pytest.mark.django_db
def test_dashboard_api_reports_chat_response_figures(owner_api, shop, buyer_api):
    sent = buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "在吗"})
    owner_api.post(
        f"/api/v1/chat/conversations/{sent.json()['conversation_id']}/messages", {"text": "在的"}
    )

    chat = owner_api.get("/api/v1/dashboard").json()["chat"]

    assert chat["answered"] == 1
    assert chat["three_minute_rate"] == "100.0"


@pytest.mark.django_db
def test_quick_phrases_are_managed_per_shop(owner_client, shop, other_shop):
    from chat.models import QuickPhrase

    owner_client.post("/chat/phrases/", {"text": "亲，在的"})
    foreign = QuickPhrase.objects.create(shop=other_shop, text="别家的")
    mine = QuickPhrase.objects.get(shop=shop)

    assert owner_client.post(f"/chat/phrases/{foreign.pk}/delete/").status_code == 404
    owner_client.post(f"/chat/phrases/{mine.pk}/delete/")

    assert list(QuickPhrase.objects.values_list("text", flat=True)) == ["别家的"]


@pytest.mark.asyncio
async def test_a_burst_of_pushes_waits_for_a_busy_socket_instead_of_being_dropped():
    """200 buyers writing at once all push to the shop's one customer-service socket; it
    reads them as fast as it can, and none may be dropped meanwhile (bench.chat found the
    layer's default of 100 waiting messages too small)."""
    from channels import DEFAULT_CHANNEL_LAYER
    from channels.layers import channel_layers

    from chat.services import shop_group

    # A layer of its own: the shared one may hold receive locks bound to the event loop of
    # a test run before in this process (channels_redis binds them to the first loop).
    layer = channel_layers.make_backend(DEFAULT_CHANNEL_LAYER)
    channel = await layer.new_channel()
    group = shop_group(987654321)
    await layer.group_add(group, channel)
    try:
        for index in range(500):
            await layer.group_send(group, {"type": "chat.event", "payload": {"n": index}})
        received = []
        with contextlib.suppress(TimeoutError):  # a dropped push never arrives
            while len(received) < 500:
                event = await asyncio.wait_for(layer.receive(channel), timeout=2)
                received.append(event["payload"]["n"])
    finally:
        await layer.group_discard(group, channel)
    assert received == list(range(500))


@pytest.mark.django_db
def test_buyers_nobody_answered_lower_the_three_minute_rate(shop, owner_api):
    from datetime import timedelta

    from django.utils import timezone

    from chat.models import Conversation
    from chat.selectors import response_figures

    answered, neglected, just_asked = (token_client(BuyerFactory().user) for _ in range(3))
    sent = answered.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "在吗"})
    owner_api.post(
        f"/api/v1/chat/conversations/{sent.json()['conversation_id']}/messages", {"text": "在的"}
    )
    for client in (neglected, just_asked):
        client.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "有人吗"})
    waiting = Conversation.objects.filter(awaiting_reply_since__isnull=False).order_by("id")
    Conversation.objects.filter(pk=waiting[0].pk).update(
        awaiting_reply_since=timezone.now() - timedelta(minutes=4)
    )

    figures = response_figures(shop=shop)

    assert (figures["answered"], figures["unanswered"]) == (1, 1)  # the 1-minute one waits
    assert figures["three_minute_rate"] == 50.0


@pytest.mark.django_db
def test_a_message_flagged_by_a_moderator_is_removed_for_both_sides(
    shop, buyer, buyer_api, owner_api, owner_client
):
    from django.urls import reverse

    from merchant.models import User

    sent = buyer_api.post(
        "/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "加我微信 abc123 私下交易"}
    ).json()
    message = Message.objects.get(pk=sent["id"])
    admin_user = User.objects.create_superuser("moderator", password="admin-pass-2026")
    moderator = Client()
    moderator.force_login(admin_user)

    moderator.post(
        reverse("admin:chat_message_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(message.pk),
            "form-0-is_flagged": "on",
            "_save": "Save",
        },
    )

    conversation_id = sent["conversation_id"]
    shop_side = owner_api.get(f"/api/v1/chat/conversations/{conversation_id}/messages").json()
    buyer_side = buyer_api.get(
        f"/api/v1/buyer/chat/conversations/{conversation_id}/messages"
    ).json()
    listed = owner_api.get("/api/v1/chat/conversations").json()["results"][0]
    page = owner_client.get(f"/chat/?conversation={conversation_id}").content.decode()
    for side in (shop_side, buyer_side):
        assert side["results"][0]["is_removed"] is True
        assert "微信" not in side["results"][0]["text"]
    assert "微信" not in str(listed) and "微信" not in page
    assert 'data-testid="removed-message"' in page
    assert Message.objects.get(pk=message.pk).text.startswith("加我微信")  # kept for review


@pytest.mark.django_db
def test_the_side_panel_names_order_statuses_in_the_readers_language(owner_client, shop, buyer_api):
    import json
    import re

    buyer_api.post("/api/v1/buyer/chat/messages", {"shop_no": shop.shop_no, "text": "你好"})

    page = owner_client.get("/chat/").content.decode()

    labels = re.search(r'id="order-status-labels"[^>]*>(.*?)</script>', page).group(1)
    assert json.loads(labels)["awaiting_shipment"] == "待发货"


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_buyer_sends_over_the_socket_and_the_shop_is_pushed_it(settings):
    settings.CHAT_BUYER_RATE = "2/min"
    merchant = await sync_to_async(MembershipFactory)()
    buyer = await sync_to_async(BuyerFactory)()
    shop_no = merchant.shop.shop_no
    shop_socket = await sync_to_async(socket)(merchant.user)
    buyer_socket = await sync_to_async(socket)(
        buyer.user, headers=[(b"host", b"localhost"), (b"accept-language", b"en;q=0.9")]
    )
    assert (await shop_socket.connect())[0] and (await buyer_socket.connect())[0]

    await buyer_socket.send_json_to(
        {"type": "message", "client_id": "a1", "shop_no": shop_no, "text": "在吗"}
    )
    answers = [await buyer_socket.receive_json_from(timeout=5) for _ in range(2)]
    sent = next(answer for answer in answers if answer["type"] == "sent")
    assert sent["client_id"] == "a1"
    pushed = await shop_socket.receive_json_from(timeout=5)
    assert pushed["message"] | {"text": "在吗"} == pushed["message"]
    assert (pushed["conversation_id"], pushed["message"]["id"]) == (
        sent["conversation_id"],
        sent["id"],
    )
    assert pushed["merchant_unread"] == 1

    # Refused as the API refuses, in the socket's language, and nothing is saved.
    refusals = [
        ({"shop_no": shop_no, "text": "  "}, "validation_error", "Write a message first."),
        ({"shop_no": 999999999, "text": "hi"}, "shop_not_found", None),
        ({"shop_no": "x", "text": "hi"}, "validation_error", "A valid integer is required."),
        ({"shop_no": shop_no, "text": "第二条"}, None, None),  # the second of 2 a minute
        ({"shop_no": shop_no, "text": "第三条"}, "rate_limited", None),
    ]
    for body, code, detail in refusals:
        await buyer_socket.send_json_to({"type": "message", "client_id": 7, **body})
        answer = await buyer_socket.receive_json_from(timeout=5)
        if code is None:
            assert answer["type"] == "sent"
            await buyer_socket.receive_json_from(timeout=5)  # its own echo
            await shop_socket.receive_json_from(timeout=5)
            continue
        assert answer["type"] == "error" and answer["code"] == code, answer
        assert answer["client_id"] == 7
        assert detail is None or answer["detail"] == detail
    texts = await sync_to_async(list)(Message.objects.values_list("text", flat=True))
    assert sorted(texts) == sorted(["在吗", "第二条"])

    # The shop's own socket cannot send as a buyer.
    await shop_socket.send_json_to({"type": "message", "shop_no": shop_no, "text": "hi"})
    refused = await shop_socket.receive_json_from(timeout=5)
    assert refused["type"] == "error" and refused["code"] == "permission_denied"
    assert refused["detail"] == "你没有执行此操作的权限。"  # no Accept-Language: the default
    # Anything else on the socket is ignored, and the socket stays open.
    for junk in ([1, 2], "message", {"type": 5}, {}):
        await shop_socket.send_json_to(junk)
    await shop_socket.send_to(text_data="{not json")
    await shop_socket.send_to(bytes_data=b"\x00\x01")
    await shop_socket.send_json_to({"type": "ping"})
    assert await shop_socket.receive_json_from(timeout=5) == {"type": "pong"}
    await shop_socket.disconnect()
    await buyer_socket.disconnect()
    await sync_to_async(connections.close_all)()
