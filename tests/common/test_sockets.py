"""Every websocket of the product (walked from the ASGI router, so a new one is not left
out) shrugs off frames it cannot read: binary data, text that is not JSON, JSON that is not
an object, and objects of any socket's protocol with values of the wrong kind (a list for
an id). None of them drops the socket; its keep-alive is still answered after."""

import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from chat.services import issue_socket_ticket
from common.consumers import socket_language
from config.asgi import application
from merchant.models import Role
from openplatform import push
from tests.factories.merchant import MembershipFactory
from tests.factories.openplatform import authorise, make_app

BROWSER = [(b"host", b"localhost"), (b"origin", b"http://localhost")]


def chat_socket():
    ticket, _row = issue_socket_ticket(user=MembershipFactory(role=Role.OWNER).user)
    socket = WebsocketCommunicator(
        application, f"/ws/chat/?ticket={ticket}", headers=[(b"host", b"localhost")]
    )
    return socket, {"type": "ping"}, {"type": "pong"}, 0


def notifications_socket():
    client = Client()
    client.force_login(MembershipFactory(role=Role.OWNER).user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    socket = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[*BROWSER, (b"cookie", cookie)]
    )
    return socket, {"type": "ping"}, {"type": "pong"}, 1  # greeted with the unread count


def open_platform_socket():
    app = make_app()
    authorise(app, MembershipFactory(role=Role.OWNER))
    timestamp = str(int(time.time() * 1000))
    digest = push.digest(app.client_id, timestamp, app.client_secret).replace("=", "%3D")
    socket = WebsocketCommunicator(application, f"/message/{app.client_id}/{timestamp}/{digest}")
    heartbeat = {"id": 9, "commandType": "HeartBeat"}
    return socket, heartbeat, heartbeat, 0


# Frames of each socket's protocol (chat's "type", the open platform's "commandType") with
# values of the wrong kind: every socket is sent all of them.
ODD_VALUES = [
    {"type": [1]},
    {"type": "message", "client_id": [1], "shop_no": {"a": 1}, "text": ["a"]},
    {"commandType": [1]},
    {"commandType": "Ack", "id": [1]},
    {"commandType": "Ack", "id": {"a": 1}},
    {"commandType": 2, "id": 10**30},
]

SOCKETS = {
    "ws/chat/": chat_socket,
    "ws/notifications/": notifications_socket,
    "message/<str:client_id>/<str:timestamp>/<str:digest>": open_platform_socket,
}


def test_every_socket_of_the_router_is_walked():
    routes = application.application_mapping["websocket"].routes
    assert {str(route.pattern) for route in routes} == set(SOCKETS)


@pytest.mark.parametrize("route", SOCKETS)
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_frames_a_socket_cannot_read_never_drop_it(route):
    socket, keepalive, answer, greetings = await sync_to_async(SOCKETS[route])()
    assert (await socket.connect())[0]
    for _ in range(greetings):
        await socket.receive_json_from(timeout=5)
    await socket.send_to(bytes_data=b"\x00\xff")
    for text in ("{not json", "[1, 2]", '"ping"', "42", "null", "{}", '{"type": 5}'):
        await socket.send_to(text_data=text)
    for frame in ODD_VALUES:
        await socket.send_json_to(frame)
    await socket.send_json_to(keepalive)
    # An odd frame may be answered (a refusal); the keep-alive's answer comes after.
    for _ in range(len(ODD_VALUES) + 1):
        if await socket.receive_json_from(timeout=5) == answer:
            break
    else:
        raise AssertionError("the keep-alive was not answered")
    await socket.disconnect()
    await sync_to_async(connections.close_all)()


@pytest.mark.parametrize(
    ("headers", "cookies", "language"),
    [
        # An app (no Origin) chooses with Accept-Language, weights included.
        ([(b"accept-language", b"en;q=0.1, zh-CN;q=0.9")], {}, "zh-hans"),
        ([(b"accept-language", b"en-US,en;q=0.9")], {}, "en"),
        ([(b"accept-language", b"fr, de;q=0.5")], {}, "zh-hans"),
        ([], {}, "zh-hans"),
        # The console in a browser: the language picked (the cookie), else Chinese, whatever
        # the browser's own language, as its pages do.
        ([(b"origin", b"http://localhost"), (b"accept-language", b"en-US")], {}, "zh-hans"),
        ([(b"origin", b"http://localhost")], {"django_language": "en"}, "en"),
    ],
)
def test_a_socket_speaks_the_language_its_pages_or_its_api_would(headers, cookies, language):
    scope = {"headers": [(b"host", b"localhost"), *headers], "cookies": cookies}
    assert socket_language(scope) == language
