from console.menu import menu_for
from console.selectors import topbar_counts
from merchant.permissions import CHAT, can_access


def console(request):
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:  # signed out mid-request
        return {}
    return {
        "console_menu": menu_for(membership),
        "console_area": getattr(request, "console_area", ""),
        # notification_unread, and chat_unread only for the roles that answer chats
        **topbar_counts(shop=membership.shop, user=request.user, chat=can_access(membership, CHAT)),
    }
