from datetime import timedelta

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from chat.models import Conversation, Message, QuickPhrase, ResponseTime
from common.dates import shanghai_day_start
from common.tenancy import get_object_for_shop


def list_conversations(*, shop) -> QuerySet[Conversation]:
    return (
        Conversation.objects.for_shop(shop)
        .select_related("buyer__user")
        .order_by("-last_message_at", "-id")
    )


def get_conversation_for_shop(*, shop, conversation_id) -> Conversation:
    return get_object_for_shop(list_conversations(shop=shop), shop=shop, pk=conversation_id)


def get_conversation_for_buyer(*, buyer, conversation_id) -> Conversation:
    conversation = (
        Conversation.objects.filter(pk=conversation_id, buyer=buyer).first()
        if str(conversation_id).isdigit()
        else None
    )
    if conversation is None:
        raise Http404
    return conversation


def list_messages(*, conversation, after_id=None) -> QuerySet[Message]:
    messages = Message.objects.filter(conversation=conversation).order_by("id")
    if after_id:
        messages = messages.filter(id__gt=after_id)
    return messages


def unread_total(*, shop) -> int:
    return Conversation.objects.for_shop(shop).aggregate(n=Sum("merchant_unread", default=0))["n"]


def list_quick_phrases(*, shop) -> QuerySet[QuickPhrase]:
    return QuickPhrase.objects.for_shop(shop)


def list_buyer_orders_in_shop(*, conversation):
    from orders.selectors import list_buyer_orders

    return list_buyer_orders(buyer=conversation.buyer).filter(shop_id=conversation.shop_id)[:20]


def response_figures(*, shop, day=None) -> dict:
    """Today's average first-response time and the share answered within 3 minutes."""
    day = day or timezone.localdate()
    start = shanghai_day_start(day)
    figures = (
        ResponseTime.objects.for_shop(shop)
        .filter(asked_at__gte=start, asked_at__lt=start + timedelta(days=1))
        .aggregate(
            average=Avg("seconds"),
            answered=Count("id"),
            quick=Count("id", filter=Q(seconds__lte=180)),
        )
    )
    answered = figures["answered"]
    return {
        "average_seconds": round(figures["average"]) if figures["average"] is not None else None,
        "answered": answered,
        "three_minute_rate": round(100 * figures["quick"] / answered, 1) if answered else None,
    }


def get_quick_phrase_for_shop(*, shop, phrase_id) -> QuickPhrase:
    return get_object_for_shop(QuickPhrase.objects.all(), shop=shop, pk=phrase_id)
