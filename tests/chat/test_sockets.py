"""Who may hold a chat socket: tickets instead of tokens in URLs, same-origin browsers (port
included), sockets that close when the membership behind them changes, and buyers that hear
only their own figures."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client
from django.utils import timezone

from chat.models import SocketTicket
from chat.services import issue_socket_ticket
from config.asgi import application
from merchant import services as merchant
from merchant.models import Role
from merchant.services import issue_token
from tests.conftest import staff_of, token_client
from tests.factories.merchant import MembershipFactory
from tests.factories.orders import BuyerFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]
HOST = (b"host", b"localhost:8000")


def communicator(path, *headers):
    return WebsocketCommunicator(application, path, headers=[HOST, *headers])


async def ticket_for(user):
    text, _row = await sync_to_async(issue_socket_ticket)(user=user)
    return text


async def finish():
    await sync_to_async(connections.close_all)()


async def test_an_api_token_in_the_url_no_longer_opens_a_socket():
    merchant_member = await sync_to_async(MembershipFactory)()
    token = await sync_to_async(issue_token)(user=merchant_member.user)

    assert await communicator(f"/ws/chat/?token={token.key}").connect() == (False, 4401)
    await finish()


async def test_a_ticket_opens_one_socket_once():
    member = await sync_to_async(MembershipFactory)()
    ticket = await ticket_for(member.user)

    first = communicator(f"/ws/chat/?ticket={ticket}")
    assert (await first.connect())[0]
    assert await communicator(f"/ws/chat/?ticket={ticket}").connect() == (False, 4401)
    await first.disconnect()
    await finish()


async def test_an_expired_ticket_is_refused():
    member = await sync_to_async(MembershipFactory)()
    ticket = await ticket_for(member.user)
    await sync_to_async(SocketTicket.objects.update)(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert await communicator(f"/ws/chat/?ticket={ticket}").connect() == (False, 4401)
    await finish()


def session_cookie(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def test_the_browser_console_connects_from_its_own_origin_only():
    member = await sync_to_async(MembershipFactory)()
    cookie = (b"cookie", await sync_to_async(session_cookie)(member.user))

    same = communicator("/ws/chat/", cookie, (b"origin", b"http://localhost:8000"))
    other_port = communicator("/ws/chat/", cookie, (b"origin", b"http://localhost:9999"))
    other_host = communicator("/ws/chat/", cookie, (b"origin", b"http://evil.example:8000"))
    no_origin = communicator("/ws/chat/", cookie)  # a cookie alone is not a browser's

    assert (await same.connect())[0]
    assert await other_port.connect() == (False, 4403)
    assert await other_host.connect() == (False, 4403)
    assert await no_origin.connect() == (False, 4401)
    await same.disconnect()
    await finish()


@pytest.mark.parametrize("change", [{"is_active": False}, {"role": Role.FINANCE}])
async def test_deactivating_a_member_or_changing_its_role_closes_its_sockets(change):
    owner = await sync_to_async(MembershipFactory)()
    kefu = await sync_to_async(staff_of)(owner.shop, Role.CUSTOMER_SERVICE)
    membership = await sync_to_async(kefu.memberships.get)()
    socket = communicator(f"/ws/chat/?ticket={await ticket_for(kefu)}")
    assert (await socket.connect())[0]

    values = {"role": membership.role, "is_active": True, **change}
    await sync_to_async(merchant.update_staff)(membership=membership, **values)

    closed = await socket.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4403}
    await finish()


async def test_a_buyers_socket_carries_only_its_own_figures():
    owner = await sync_to_async(MembershipFactory)()
    buyer, other_buyer = await sync_to_async(BuyerFactory)(), await sync_to_async(BuyerFactory)()
    socket = communicator(f"/ws/chat/?ticket={await ticket_for(buyer.user)}")
    assert (await socket.connect())[0]

    def two_buyers_write():
        for who in (other_buyer, buyer):
            token_client(who.user).post(
                "/api/v1/buyer/chat/messages", {"shop_no": owner.shop.shop_no, "text": "在吗"}
            )

    await sync_to_async(two_buyers_write)()
    pushed = await socket.receive_json_from(timeout=5)

    assert pushed["message"]["text"] == "在吗"
    assert "unread_total" not in pushed and "merchant_unread" not in pushed
    assert pushed["buyer_unread"] == 0
    assert await socket.receive_nothing(timeout=0.5)  # not the other buyer's message
    await socket.disconnect()
    await finish()
