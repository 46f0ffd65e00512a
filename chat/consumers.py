from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.http import Http404

from chat.selectors import get_conversation_for_shop
from chat.services import buyer_group, shop_group, user_group
from merchant.permissions import CHAT, can_access
from merchant.selectors import get_current_membership

CLOSE_UNAUTHENTICATED = 4401
CLOSE_REVOKED = 4403
CLOSE_NOT_FOUND = 4404


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """/ws/chat/: pushes `{"type": "message" | "order_notice", ...}` to a shop's customer
    service (every conversation of the shop, or one with `?conversation=<id>`) or to a
    buyer. Sending goes through the HTTP API, which saves the message before pushing it."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        groups = await database_sync_to_async(self._groups)(user)
        if groups is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.joined = groups
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    def _groups(self, user) -> list[str] | None:
        query = dict(
            pair.split("=", 1)
            for pair in self.scope.get("query_string", b"").decode().split("&")
            if "=" in pair
        )
        buyer = getattr(user, "buyer", None)
        if buyer is not None:
            return [buyer_group(buyer.pk), user_group(user.pk)]
        membership = get_current_membership(user=user, shop_no=query.get("shop_no"))
        if not can_access(membership, CHAT):
            return None
        conversation_id = query.get("conversation")
        if conversation_id:
            try:
                get_conversation_for_shop(shop=membership.shop, conversation_id=conversation_id)
            except Http404:
                return None
        return [shop_group(membership.shop_id), user_group(user.pk)]

    async def disconnect(self, code):
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def chat_event(self, event):
        await self.send_json(event["payload"])

    async def chat_close(self, event):
        """The credentials of the user behind this socket ended (a membership switched off or
        given another role, a password change, a revoked token)."""
        await self.close(code=CLOSE_REVOKED)
