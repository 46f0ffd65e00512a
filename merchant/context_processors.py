from merchant.menu import menu_for


def console(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "console_menu": menu_for(membership),
        "console_area": getattr(request, "console_area", ""),
    }
