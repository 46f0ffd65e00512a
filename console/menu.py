from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from merchant import permissions


@dataclass(frozen=True)
class MenuEntry:
    area: str
    label: Promise
    url_name: str
    icon: str


MENU = (
    MenuEntry(permissions.DASHBOARD, _("Home"), "dashboard", "house-door"),
    MenuEntry(permissions.ORDERS, _("Orders"), "orders:index", "receipt"),
    MenuEntry(permissions.PRODUCTS, _("Products"), "products:index", "box-seam"),
    MenuEntry(permissions.PAYOUTS, _("Fund account"), "payouts:index", "wallet2"),
    MenuEntry(permissions.DROPSHIP, _("Dropship"), "dropship:index", "truck"),
    MenuEntry(permissions.CHAT, _("Customer service"), "chat:index", "chat-dots"),
    MenuEntry(permissions.OPEN_APPS, _("Authorised apps"), "openplatform:grants", "plug"),
    MenuEntry(permissions.SETTINGS, _("Shop settings"), "shop_settings", "gear"),
)


def menu_for(membership) -> list[MenuEntry]:
    return [entry for entry in MENU if permissions.can_access(membership, entry.area)]
