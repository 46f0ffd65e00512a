"""Reads of the console's frame, around every page's own content."""

from django.db.models import Count, OuterRef, Subquery

from chat.selectors import UNREAD_TOTAL, list_unread_conversations
from merchant.models import Shop
from merchant.selectors import list_unread_notifications


def topbar_counts(*, shop, user, chat: bool) -> dict[str, int]:
    """The top bar's badges in one round trip, since every page shows them: the user's
    unread notifications (`notification_unread`) and, where the role answers chats, the
    shop's unread messages (`chat_unread`)."""

    def per_shop(queryset, aggregate):
        return Subquery(
            queryset.filter(shop=OuterRef("pk"))
            .order_by()
            .values("shop")
            .annotate(n=aggregate)
            .values("n")
        )

    counts = {
        "notification_unread": per_shop(
            list_unread_notifications(shop=shop, user=user), Count("pk")
        )
    }
    if chat:
        counts["chat_unread"] = per_shop(list_unread_conversations(), UNREAD_TOTAL)
    row = Shop.objects.filter(pk=shop.pk).values(**counts).get()
    return {name: count or 0 for name, count in row.items()}  # no rows: no subquery value
