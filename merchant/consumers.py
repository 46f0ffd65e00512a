from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from merchant.middleware import SESSION_SHOP_KEY
from merchant.selectors import get_current_membership, unread_notification_count
from merchant.services import notification_group, revoked_group

CLOSE_UNAUTHENTICATED = 4401
CLOSE_REVOKED = 4403
CLOSE_NOT_FOUND = 4404


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """/ws/notifications/: the console's bell. Pushes `{"type": "unread", "unread": n}` to
    one member of one shop (the session's shop, as the pages show it) when a notification
    arrives or is read, and once on connecting. Closed when the user's credentials end."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        found = await database_sync_to_async(self._membership_and_count)(user)
        if found is None:
            await self.close(code=CLOSE_NOT_FOUND)
            return
        shop_id, unread = found
        self.joined = [notification_group(shop_id=shop_id, user_id=user.pk), revoked_group(user.pk)]
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "unread", "unread": unread})

    def _membership_and_count(self, user):
        session = self.scope.get("session")
        shop_id = session.get(SESSION_SHOP_KEY) if session is not None else None
        membership = get_current_membership(user=user, shop_id=shop_id)
        if membership is None:
            return None
        return membership.shop_id, unread_notification_count(shop=membership.shop, user=user)

    async def disconnect(self, code):
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notification_unread(self, event):
        await self.send_json({"type": "unread", "unread": event["unread"]})

    async def notification_close(self, event):
        await self.close(code=CLOSE_REVOKED)
