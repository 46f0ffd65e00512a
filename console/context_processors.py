from console.menu import menu_for
from console.selectors import topbar_counts
from merchant.permissions import CHAT, can_access


def console(request):
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:  # signed out mid-request
        return {}
    counts = topbar_counts(
        shop=membership.shop, user=request.user, chat=can_access(membership, CHAT)
    )
    context = {
        "console_menu": menu_for(membership),
        "console_area": getattr(request, "console_area", ""),
        "notification_unread": counts["notification_unread"],
    }
    if counts["chat_unread"] is not None:
        context["chat_unread"] = counts["chat_unread"]
    return context
