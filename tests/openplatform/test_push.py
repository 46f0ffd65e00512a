"""The message service (消息服务): an app's socket at /message/{client_id}/{ts}/{digest} hears
of its shops' orders and after-sales as the platform's topics; what it has not acked comes
again when it reconnects, what happened while it was away is kept, and nothing of a shop
that did not authorise it reaches it."""

import json
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections

from config.asgi import application
from openplatform import push
from openplatform.models import PushMessage
from orders import services as orders
from tests.factories.dropship import make_merchant
from tests.factories.openplatform import authorise, make_app
from tests.factories.orders import BuyerFactory, place
from tests.factories.products import make_product

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


def socket_for(app, secret=None, timestamp=None):
    timestamp = timestamp or str(int(time.time() * 1000))
    signature = push.digest(app.client_id, timestamp, secret or app.client_secret)
    path = f"/message/{app.client_id}/{timestamp}/{signature.replace('=', '%3D')}"
    return WebsocketCommunicator(application, path)


async def frames(socket, count):
    return [await socket.receive_json_from(timeout=5) for _ in range(count)]


async def finish():
    await sync_to_async(connections.close_all)()


def shop_with_app():
    merchant, app = make_merchant(), make_app()
    authorise(app, merchant.shop.memberships.get())
    sku = make_product(merchant.shop, stock=10).skus.get()
    return merchant, app, sku


async def test_the_digest_in_the_path_matches_the_sdks_test_vector():
    assert push.digest("app", "1700000000000", "secret") == (
        "OTgxODMwNDI2NWZiN2NiNzA2NzIxOTI0ZjJlMDMxMjE="
    )


async def test_an_order_paid_and_shipped_reaches_the_open_socket_in_order():
    merchant, app, sku = await sync_to_async(shop_with_app)()
    socket = socket_for(app)
    connected, _ = await socket.connect()
    assert connected

    order = await sync_to_async(place)(await sync_to_async(BuyerFactory)(), sku)
    await sync_to_async(orders.ship_order)(
        order=order, carrier="SF", tracking_no="SF1234567890123", actor=merchant.user
    )
    paid, shipped = await frames(socket, 2)
    assert await socket.receive_nothing(timeout=0.3)  # paid, not acked, is not sent twice

    assert (paid["commandType"], paid["message"]["type"]) == ("Common", push.TRADE_CONFIRMED)
    assert shipped["message"]["type"] == push.TRADE_SELLER_SHIP
    assert paid["message"]["mallID"] == merchant.shop.shop_no
    assert json.loads(paid["message"]["content"]) == {
        "mall_id": merchant.shop.shop_no,
        "tid": order.order_sn,
    }
    await socket.disconnect()
    await finish()


async def test_what_is_not_acked_comes_again_and_what_happened_offline_is_kept():
    merchant, app, sku = await sync_to_async(shop_with_app)()
    buyer = await sync_to_async(BuyerFactory)()
    first = await sync_to_async(place)(buyer, sku)  # while no socket is open

    socket = socket_for(app)
    await socket.connect()
    (frame,) = await frames(socket, 1)
    await socket.send_json_to(
        {"id": frame["id"], "commandType": "Ack", "time": 0, "type": frame["message"]["type"]}
    )
    await socket.send_json_to({"id": 1, "commandType": "HeartBeat"})
    assert (await socket.receive_json_from(timeout=5))["commandType"] == "HeartBeat"
    second = await sync_to_async(place)(buyer, sku)
    (unacked,) = await frames(socket, 1)
    await socket.disconnect()

    again = socket_for(app)
    await again.connect()
    (redelivered,) = await frames(again, 1)
    assert await again.receive_nothing(timeout=0.3)

    assert json.loads(frame["message"]["content"])["tid"] == first.order_sn
    assert json.loads(unacked["message"]["content"])["tid"] == second.order_sn
    assert redelivered["id"] == unacked["id"]  # the acked one is not sent again
    sent = await sync_to_async(PushMessage.objects.get)(pk=unacked["id"])
    assert sent.sent_count == 2 and sent.acked_at is None
    await again.disconnect()
    await finish()


async def test_a_wrong_digest_or_an_old_clock_is_refused_and_other_shops_are_not_heard():
    merchant, app, sku = await sync_to_async(shop_with_app)()
    stranger = await sync_to_async(make_merchant)()
    their_sku = (await sync_to_async(make_product)(stranger.shop, stock=5)).skus
    their_sku = await sync_to_async(their_sku.get)()

    wrong = socket_for(app, secret="not-the-secret")
    old = socket_for(app, timestamp=str(int(time.time() * 1000) - 3_600_000))
    assert (await wrong.connect())[0] is False
    assert (await old.connect())[0] is False

    socket = socket_for(app)
    await socket.connect()
    await sync_to_async(place)(await sync_to_async(BuyerFactory)(), their_sku)
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()
    await finish()


async def test_after_sales_are_told_as_refund_topics():
    merchant, app, sku = await sync_to_async(shop_with_app)()
    buyer = await sync_to_async(BuyerFactory)()
    order = await sync_to_async(place)(buyer, sku)
    refused = await sync_to_async(orders.open_after_sale)(
        order=order, buyer=buyer, reason="不想要了", amount=order.pay_amount - 1
    )
    await sync_to_async(orders.refuse_after_sale)(
        after_sale=refused, actor=merchant.user, reason="已发货"
    )

    socket = socket_for(app)
    await socket.connect()
    topics = [frame["message"]["type"] for frame in await frames(socket, 3)]
    content = json.loads((await sync_to_async(PushMessage.objects.last)()).content)

    assert topics == [push.TRADE_CONFIRMED, push.REFUND_CREATED, push.REFUND_CLOSED]
    assert content["refund_id"] == refused.pk and content["refund_fee"] == 1890
    await socket.disconnect()
    await finish()
