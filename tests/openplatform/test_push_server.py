"""The message service on the real server (uvicorn, the Redis channel layer): an ERP's
socket, written as the Java SDK's WsClient speaks (path digest with %3D, JSON frames by
name, HeartBeat and Ack), hears of an order a buyer pays over the REST API in another
process, and of the shipment the ERP itself sends through /api/router."""

import asyncio
import json
import time

import pytest
import requests
import websockets

from merchant.services import issue_token
from openplatform import push
from tests.factories.dropship import make_merchant
from tests.factories.openplatform import authorise, make_app, signed
from tests.factories.orders import BuyerFactory
from tests.factories.products import make_product
from tests.processes import asgi_server, child_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.live]


def test_an_erp_socket_hears_a_paid_order_and_its_own_shipment():
    merchant, app = make_merchant(), make_app()
    tokens = authorise(app, merchant.shop.memberships.get())
    sku = make_product(merchant.shop, stock=5).skus.get()
    buyer = BuyerFactory()
    buyer_token = issue_token(user=buyer.user).key

    with asgi_server(child_env()) as url:
        timestamp = str(int(time.time() * 1000))
        digest = push.digest(app.client_id, timestamp, app.client_secret).replace("=", "%3D")
        address = f"{url.replace('http', 'ws')}/message/{app.client_id}/{timestamp}/{digest}"

        async def erp():
            async with websockets.connect(address) as socket:
                await socket.send(json.dumps({"id": 1, "commandType": "HeartBeat", "time": 1}))
                assert json.loads(await socket.recv())["commandType"] == "HeartBeat"
                placed = await asyncio.to_thread(
                    requests.post,
                    f"{url}/api/v1/buyer/orders",
                    json={
                        "shop_no": merchant.shop.shop_no,
                        "items": [{"sku_id": sku.pk, "quantity": 1}],
                        "consignee": {
                            "name": "张三",
                            "phone": "13800138000",
                            "province": "浙江省",
                            "city": "杭州市",
                            "district": "余杭区",
                            "address": "文一西路 1 号",
                        },
                    },
                    headers={"Authorization": f"Token {buyer_token}"},
                    timeout=10,
                )
                assert placed.status_code == 201, placed.text
                paid = json.loads(await asyncio.wait_for(socket.recv(), 10))
                order_sn = json.loads(paid["message"]["content"])["tid"]
                await socket.send(json.dumps({"id": paid["id"], "commandType": "Ack"}))
                shipped = await asyncio.to_thread(
                    requests.post,
                    f"{url}/api/router",
                    data=signed(
                        app,
                        "pdd.logistics.online.send",
                        access_token=tokens["access_token"],
                        order_sn=order_sn,
                        logistics_id=44,
                        tracking_number="SF1234567890123",
                    ),
                    timeout=10,
                )
                assert "logistics_online_send_response" in shipped.json(), shipped.text
                ship = json.loads(await asyncio.wait_for(socket.recv(), 10))
                return paid, ship, order_sn

        paid, ship, order_sn = asyncio.run(erp())

    assert paid["message"]["type"] == push.TRADE_CONFIRMED
    assert ship["message"]["type"] == push.TRADE_SELLER_SHIP
    assert json.loads(ship["message"]["content"]) == {
        "mall_id": merchant.shop.shop_no,
        "tid": order_sn,
    }
