"""The shape of the product's websockets (Channels): a signed-in user's socket joins the
groups its consumer names and is pushed what is sent to them; anyone else is closed with a
code the client can tell apart."""

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import HttpRequest

from common.i18n import request_language

CLOSE_UNAUTHENTICATED = 4401
CLOSE_REVOKED = 4403
CLOSE_NOT_FOUND = 4404


class JsonObjectsConsumer(AsyncJsonWebsocketConsumer):
    """A socket whose client sends JSON objects: `receive_json` gets the object, or None for
    anything else (a binary frame, text that is not JSON, a list), which no handler has to
    guard against and which never drops the socket (channels' own consumer raises)."""

    async def dispatch(self, message):
        """As channels' own, without its trip to the process's one sync thread before every
        handler (to close stale database connections): there a push to a socket waited
        behind every other socket's database work in the process, seconds in a burst of
        messages sent over sockets (bench.chat, 2026-12-04). The consumers reach the database
        through database_sync_to_async only, which closes stale connections itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        content = await self.decode_json(text_data) if text_data else None
        await self.receive_json(content, **kwargs)

    @classmethod
    async def decode_json(cls, text_data):
        try:
            content = await super().decode_json(text_data)
        except ValueError:
            return None
        return content if isinstance(content, dict) else None


class GroupsConsumer(JsonObjectsConsumer):
    """`groups_for(user)` (sync, may read the database) names the groups of the socket, or None
    to refuse it (4404); `welcome(user)` (sync) is a first message, if any. The client may
    ping; a socket is closed (4403) when it is sent `{"type": "<name>.close"}` to a group
    whose handler is `close_socket`."""

    def groups_for(self, user) -> list[str] | None:
        raise NotImplementedError

    def welcome(self, user) -> dict | None:
        return None

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        groups = await database_sync_to_async(self.groups_for)(user)
        if groups is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        welcome = await database_sync_to_async(self.welcome)(user)
        if welcome is not None:
            await self.send_json(welcome)

    async def disconnect(self, code):
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content is not None and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def close_socket(self, event):
        """The credentials of the user behind this socket ended (a membership switched off
        or given another role, a password change, a revoked token)."""
        await self.close(code=CLOSE_REVOKED)


def socket_language(scope) -> str:
    """The language a socket's answers are worded in, as its pages or its API would be: a
    browser's socket (it sends Origin) as the console's pages, an app's by Accept-Language
    (common.i18n.request_language)."""
    headers = dict(scope.get("headers", []))
    request = HttpRequest()
    request.COOKIES = scope.get("cookies") or {}
    if b"accept-language" in headers:
        request.META["HTTP_ACCEPT_LANGUAGE"] = headers[b"accept-language"].decode("latin1")
    return request_language(request, console=b"origin" in headers)
