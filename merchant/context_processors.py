from merchant.menu import menu_for
from merchant.permissions import CHAT, can_access


def console(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    context = {
        "console_menu": menu_for(membership),
        "console_area": getattr(request, "console_area", ""),
    }
    if can_access(membership, CHAT):
        from chat.selectors import unread_total

        context["chat_unread"] = unread_total(shop=membership.shop)
    return context
