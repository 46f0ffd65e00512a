from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from merchant import permissions
from merchant.models import Role


@dataclass(frozen=True)
class MenuEntry:
    area: str
    label: Promise
    url_name: str
    icon: str


MENU = (
    MenuEntry(permissions.DASHBOARD, _("Home"), "dashboard", "house-door"),
    MenuEntry(permissions.ORDERS, _("Orders"), "orders:index", "receipt"),
    MenuEntry(
        permissions.AFTER_SALES,
        pgettext_lazy("menu", "After-sales"),
        "after_sales:index",
        "arrow-return-left",
    ),
    MenuEntry(permissions.PRODUCTS, _("Products"), "products:index", "box-seam"),
    MenuEntry(permissions.PAYOUTS, _("Fund account"), "payouts:index", "wallet2"),
    MenuEntry(permissions.DROPSHIP, _("Dropship"), "dropship:index", "truck"),
    MenuEntry(permissions.CHAT, _("Customer service"), "chat:index", "chat-dots"),
    MenuEntry(permissions.OPEN_APPS, _("Authorised apps"), "openplatform:grants", "plug"),
    MenuEntry(permissions.SETTINGS, _("Shop settings"), "shop_settings", "gear"),
)


def menu_for(membership) -> list[MenuEntry]:
    return [entry for entry in MENU if permissions.can_access(membership, entry.area)]


# Where a role starts when its first menu entry is not its daily work: customer service
# answers chats first (after-sales second).
HOME_AREA = {Role.CUSTOMER_SERVICE: permissions.CHAT}


def home_for(membership) -> MenuEntry | None:
    """The page `/` opens: the role's home area, else its first menu entry."""
    entries = menu_for(membership)
    home = HOME_AREA.get(getattr(membership, "role", None))
    return next((entry for entry in entries if entry.area == home), None) or next(
        iter(entries), None
    )
