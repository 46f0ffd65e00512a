from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from chat import selectors, services
from chat.models import MessageKind, SenderKind
from common.api import ERRORS, CharField, DefaultPagination, ErrorSerializer, int_param, paginated
from merchant import permissions
from merchant.mixins import ShopScopedApi
from orders.apis import BuyerApi, OrderSummarySerializer


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    sender_kind = serializers.ChoiceField(choices=SenderKind.choices)
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    text = CharField()
    payload = serializers.DictField()
    is_removed = serializers.BooleanField(
        help_text="Removed by the platform's moderators: text and payload are withheld."
    )
    created_at = serializers.DateTimeField()


class TextSerializer(serializers.Serializer):
    text = CharField(max_length=500)


def read_messages(request, conversation, side) -> Response:
    """The conversation's messages (only those after `?after=<id>`, for a socket that
    reconnects), oldest first; reading marks them read for `side`."""
    after = int_param(request, "after")
    messages = selectors.list_messages(conversation=conversation, after_id=after)[:500]
    services.mark_read(conversation=conversation, side=side)
    data = [services.message_data(message) for message in messages]
    return Response({"results": data, "next": None, "previous": None})


class BuyerMessageCreateApi(BuyerApi):
    class InputSerializer(serializers.Serializer):
        shop_no = serializers.IntegerField()
        text = CharField(max_length=500, required=False, allow_blank=True)
        goods_id = serializers.IntegerField(required=False, help_text="Send a product card")
        order_sn = CharField(max_length=22, required=False, help_text="An order card")

    class OutputSerializer(serializers.Serializer):
        conversation_id = serializers.IntegerField()
        id = serializers.IntegerField()

    @extend_schema(
        operation_id="buyer_chat_send",
        request=InputSerializer,
        responses={201: OutputSerializer, 429: ERRORS[400], **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.send_buyer_message(buyer=request.buyer, **serializer.validated_data)
        return Response(self.OutputSerializer(message).data, status=status.HTTP_201_CREATED)


class BuyerMessageListApi(BuyerApi):
    @extend_schema(
        operation_id="buyer_chat_messages",
        parameters=[OpenApiParameter("after", int, description="Only newer ids")],
        responses={200: paginated(MessageSerializer), **ERRORS},
    )
    def get(self, request, conversation_id: int):
        conversation = selectors.get_conversation_for_buyer(
            buyer=request.buyer, conversation_id=conversation_id
        )
        return read_messages(request, conversation, SenderKind.BUYER)


class ConversationListApi(ShopScopedApi):
    area = permissions.CHAT

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        buyer = serializers.SerializerMethodField()
        unread_count = serializers.IntegerField(source="merchant_unread")
        last_message = CharField(source="preview")
        last_message_at = serializers.DateTimeField()

        def get_buyer(self, conversation) -> dict:
            return {"id": conversation.buyer_id, "nickname": conversation.buyer.nickname}

    @extend_schema(
        operation_id="chat_conversations_list",
        responses={200: paginated(OutputSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(
            selectors.list_conversations(shop=self.shop), request, self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class ConversationMessagesApi(ShopScopedApi):
    area = permissions.CHAT

    @extend_schema(
        operation_id="chat_messages_list",
        parameters=[OpenApiParameter("after", int, description="Only newer ids")],
        responses={200: paginated(MessageSerializer), **ERRORS},
    )
    def get(self, request, conversation_id: int):
        conversation = selectors.get_conversation_for_shop(
            shop=self.shop, conversation_id=conversation_id
        )
        return read_messages(request, conversation, SenderKind.MERCHANT)

    @extend_schema(
        operation_id="chat_messages_send",
        request=TextSerializer,
        responses={201: MessageSerializer, **ERRORS},
    )
    def post(self, request, conversation_id: int):
        conversation = selectors.get_conversation_for_shop(
            shop=self.shop, conversation_id=conversation_id
        )
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.send_merchant_message(
            conversation=conversation, user=request.user, text=serializer.validated_data["text"]
        )
        return Response(services.message_data(message), status=status.HTTP_201_CREATED)


class ConversationOrdersApi(ShopScopedApi):
    area = permissions.CHAT

    @extend_schema(
        operation_id="chat_conversation_orders",
        responses={200: OrderSummarySerializer(many=True), **ERRORS},
    )
    def get(self, request, conversation_id: int):
        conversation = selectors.get_conversation_for_shop(
            shop=self.shop, conversation_id=conversation_id
        )
        orders = selectors.list_buyer_orders_in_shop(conversation=conversation)
        return Response(OrderSummarySerializer(orders, many=True).data)


class SocketTicketApi(APIView):
    """A one-time ticket for `/ws/chat/?ticket=...` (valid SOCKET_TICKET_LIFETIME): apps
    authenticate the socket with it instead of putting their API token in the URL."""

    class OutputSerializer(serializers.Serializer):
        ticket = CharField()
        expires_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="chat_socket_ticket",
        request=None,
        responses={201: OutputSerializer, 401: ErrorSerializer},
    )
    def post(self, request):
        text, ticket = services.issue_socket_ticket(user=request.user)
        return Response(
            self.OutputSerializer({"ticket": text, "expires_at": ticket.expires_at}).data,
            status=status.HTTP_201_CREATED,
        )
