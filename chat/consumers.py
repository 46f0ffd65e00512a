from channels.db import database_sync_to_async
from django.http import Http404
from django.utils import translation
from rest_framework.exceptions import PermissionDenied, ValidationError

from chat.apis import BuyerMessageCreateApi
from chat.selectors import get_conversation_for_shop
from chat.services import buyer_group, send_buyer_message, shop_group, user_group
from common.api import exception_handler
from common.consumers import GroupsConsumer, socket_language
from common.exceptions import ApplicationError
from common.sockets import pushes_kept, send_kept
from merchant.permissions import CHAT, can_access
from merchant.selectors import get_current_membership


class ChatConsumer(GroupsConsumer):
    """/ws/chat/: pushes `{"type": "message" | "order_notice", ...}` to a shop's customer
    service (every conversation of the shop, or one with `?conversation=<id>`) or to a
    buyer. A buyer sends either through the HTTP API or over this socket:
    `{"type": "message", "client_id": "...", "shop_no": ..., "text": ...}` (or `goods_id` /
    `order_sn` for a card), answered `{"type": "sent", "client_id", "conversation_id", "id"}`
    once saved, or `{"type": "error", "client_id", "code", "detail", "fields"?}` with the
    API's codes. Saved first, then pushed, as through the API; the socket spares an app that
    holds one an HTTP request per message (bench.chat)."""

    buyer = None

    def groups_for(self, user) -> list[str] | None:
        query = dict(
            pair.split("=", 1)
            for pair in self.scope.get("query_string", b"").decode().split("&")
            if "=" in pair
        )
        self.buyer = buyer = getattr(user, "buyer", None)
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

    async def receive_json(self, content, **kwargs):
        if content is not None and content.get("type") == "message":
            answer, pushes = await self.buyer_sends(content)
            await send_kept(pushes)
            await self.send_json(answer)
        else:
            await super().receive_json(content, **kwargs)

    @database_sync_to_async
    def buyer_sends(self, content: dict) -> tuple[dict, list]:
        """The answer to a buyer's message sent over the socket, and what to push of it."""
        client_id = content.get("client_id")
        if not isinstance(client_id, str | int) or len(str(client_id)) > 64:
            client_id = None
        with translation.override(socket_language(self.scope)), pushes_kept() as pushes:
            try:
                if self.buyer is None:
                    raise PermissionDenied()
                serializer = BuyerMessageCreateApi.InputSerializer(data=content)
                if not serializer.is_valid():
                    raise ValidationError(serializer.errors)
                message = send_buyer_message(buyer=self.buyer, **serializer.validated_data)
            except (ApplicationError, PermissionDenied, ValidationError) as error:
                refusal = exception_handler(error, {}).data
                return {"type": "error", "client_id": client_id, **refusal}, []
            answer = {
                "type": "sent",
                "client_id": client_id,
                "conversation_id": message.conversation_id,
                "id": message.pk,
            }
            return answer, list(pushes)

    async def chat_event(self, event):
        await self.send_json(event["payload"])

    chat_close = GroupsConsumer.close_socket
