from datetime import timedelta

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from chat.models import Conversation, Message, QuickPhrase, ResponseTime
from common.dates import shanghai_day_start
from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from merchant.models import Shop
from orders.selectors import list_buyer_orders

QUICK_REPLY = timedelta(minutes=3)  # 3 分钟回复率


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
        if is_identifier(str(conversation_id))
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


UNREAD_TOTAL = Sum("merchant_unread", default=0)  # over a shop's unread conversations


def list_unread_conversations() -> QuerySet[Conversation]:
    """Conversations with messages the shop has not read, through their own index: the
    unread total (every buyer message and every console page) reads these, not every
    conversation the shop ever had."""
    return Conversation.objects.filter(merchant_unread__gt=0)


def unread_total(*, shop) -> int:
    return list_unread_conversations().filter(shop=shop).aggregate(n=UNREAD_TOTAL)["n"]


def list_quick_phrases(*, shop) -> QuerySet[QuickPhrase]:
    return QuickPhrase.objects.for_shop(shop)


def list_buyer_orders_in_shop(*, conversation):
    return list_buyer_orders(buyer=conversation.buyer).filter(shop_id=conversation.shop_id)[:20]


def response_figures(*, shop, day=None) -> dict:
    """Today's average first-response time and the share answered within 3 minutes, in
    one query. Buyers who asked today and have waited over 3 minutes with no answer yet
    count as misses: neglect lowers the rate (it counted answered spells only). Those
    waiting less are not decided yet."""
    day = day or timezone.localdate()
    start = shanghai_day_start(day)
    spells = (
        ResponseTime.objects.filter(
            shop=OuterRef("pk"), asked_at__gte=start, asked_at__lt=start + timedelta(days=1)
        )
        .order_by()
        .values("shop")
    )
    waiting = (
        Conversation.objects.filter(
            shop=OuterRef("pk"),
            awaiting_reply_since__gte=start,
            awaiting_reply_since__lt=min(start + timedelta(days=1), timezone.now() - QUICK_REPLY),
        )
        .order_by()
        .values("shop")
    )
    figures = (
        Shop.objects.filter(pk=getattr(shop, "pk", shop))
        .annotate(
            average=Subquery(spells.annotate(value=Avg("seconds")).values("value")),
            answered=Subquery(spells.annotate(value=Count("id")).values("value")),
            quick=Subquery(
                spells.annotate(
                    value=Count("id", filter=Q(seconds__lte=QUICK_REPLY.total_seconds()))
                ).values("value")
            ),
            unanswered=Subquery(waiting.annotate(value=Count("id")).values("value")),
        )
        .values("average", "answered", "quick", "unanswered")
        .get()
    )
    answered, unanswered = figures["answered"] or 0, figures["unanswered"] or 0
    asked = answered + unanswered
    return {
        "average_seconds": round(figures["average"]) if figures["average"] is not None else None,
        "answered": answered,
        "unanswered": unanswered,
        "three_minute_rate": round(100 * (figures["quick"] or 0) / asked, 1) if asked else None,
    }


def get_quick_phrase_for_shop(*, shop, phrase_id) -> QuickPhrase:
    return get_object_for_shop(QuickPhrase.objects.all(), shop=shop, pk=phrase_id)
