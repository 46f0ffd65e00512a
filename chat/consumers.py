from django.http import Http404

from chat.selectors import get_conversation_for_shop
from chat.services import buyer_group, shop_group, user_group
from common.consumers import GroupsConsumer
from merchant.permissions import CHAT, can_access
from merchant.selectors import get_current_membership


class ChatConsumer(GroupsConsumer):
    """/ws/chat/: pushes `{"type": "message" | "order_notice", ...}` to a shop's customer
    service (every conversation of the shop, or one with `?conversation=<id>`) or to a
    buyer. Sending goes through the HTTP API, which saves the message before pushing it."""

    def groups_for(self, user) -> list[str] | None:
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

    async def chat_event(self, event):
        await self.send_json(event["payload"])

    chat_close = GroupsConsumer.close_socket
