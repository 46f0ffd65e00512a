from common.consumers import GroupsConsumer
from merchant.middleware import SESSION_SHOP_KEY
from merchant.selectors import get_current_membership, unread_notification_count
from merchant.services import notification_group, revoked_group


class NotificationConsumer(GroupsConsumer):
    """/ws/notifications/: the console's bell. Pushes `{"type": "unread", "unread": n}` to
    one member of one shop (the session's shop, as the pages show it) when a notification
    arrives or is read, and once on connecting. Closed when the user's credentials end."""

    def membership(self, user):
        session = self.scope.get("session")
        shop_id = session.get(SESSION_SHOP_KEY) if session is not None else None
        return get_current_membership(user=user, shop_id=shop_id)

    def groups_for(self, user):
        self.shop = getattr(self.membership(user), "shop", None)
        if self.shop is None:
            return None
        return [notification_group(shop_id=self.shop.pk, user_id=user.pk), revoked_group(user.pk)]

    def welcome(self, user):
        return {"type": "unread", "unread": unread_notification_count(shop=self.shop, user=user)}

    async def notification_unread(self, event):
        await self.send_json({"type": "unread", "unread": event["unread"]})

    notification_close = GroupsConsumer.close_socket
