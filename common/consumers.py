"""The shape of the product's websockets (Channels): a signed-in user's socket joins the
groups its consumer names and is pushed what is sent to them; anyone else is closed with a
code the client can tell apart."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

CLOSE_UNAUTHENTICATED = 4401
CLOSE_REVOKED = 4403
CLOSE_NOT_FOUND = 4404


class GroupsConsumer(AsyncJsonWebsocketConsumer):
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
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def close_socket(self, event):
        """The credentials of the user behind this socket ended (a membership switched off
        or given another role, a password change, a revoked token)."""
        await self.close(code=CLOSE_REVOKED)
