from chat.selectors import unread_total
from console.menu import menu_for
from merchant.permissions import CHAT, can_access
from merchant.selectors import unread_notification_count


def console(request):
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:  # signed out mid-request
        return {}
    context = {
        "console_menu": menu_for(membership),
        "console_area": getattr(request, "console_area", ""),
    }
    context["notification_unread"] = unread_notification_count(
        shop=membership.shop, user=request.user
    )
    if can_access(membership, CHAT):
        context["chat_unread"] = unread_total(shop=membership.shop)
    return context
