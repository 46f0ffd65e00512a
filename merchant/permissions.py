"""Who may use which part of the console: the one place where roles meet areas."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from merchant.exceptions import ShopSuspended
from merchant.models import Role
from merchant.selectors import get_current_membership

DASHBOARD = "dashboard"
ORDERS = "orders"
PRODUCTS = "products"
PAYOUTS = "payouts"
DROPSHIP = "dropship"
CHAT = "chat"
SETTINGS = "settings"
SHOP = "shop"  # the shop's own identity (name, shop ID): every member may read it
# 售后: answering buyers' after-sales requests (refunds, returns); customer service does
# it too, as in most shops.
AFTER_SALES = "after_sales"
# One order, read-only (its items, consignee and logistics): customer service answers
# "快递到哪了" from it; changing an order needs ORDERS.
ORDER_VIEW = "order_view"
# Binding or changing the shop's payout card: the owner only (finance withdraws to it).
BANK_CARD = "bank_card"
# Authorising software to call the shop's data (开放平台 授权管理): the owner only.
OPEN_APPS = "open_apps"

AREAS_BY_ROLE = {
    Role.OWNER: {
        DASHBOARD,
        ORDERS,
        ORDER_VIEW,
        AFTER_SALES,
        PRODUCTS,
        PAYOUTS,
        BANK_CARD,
        DROPSHIP,
        CHAT,
        SETTINGS,
        SHOP,
        OPEN_APPS,
    },
    Role.OPERATIONS: {DASHBOARD, ORDERS, ORDER_VIEW, AFTER_SALES, PRODUCTS, DROPSHIP, SHOP},
    Role.CUSTOMER_SERVICE: {CHAT, ORDER_VIEW, AFTER_SALES, SHOP},
    Role.FINANCE: {PAYOUTS, SHOP},
}


def can_access(membership, area: str) -> bool:
    return membership is not None and area in AREAS_BY_ROLE.get(membership.role, set())


class ShopAreaPermission(BasePermission):
    """DRF side of `can_access`: the view's `area` against the caller's current membership;
    a view that reads in one area and writes in another names the second `write_area`."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        membership = get_current_membership(
            user=request.user, shop_no=request.headers.get("X-Shop-No")
        )
        request.membership = membership
        if membership is not None and membership.shop.is_suspended:
            raise ShopSuspended(
                ShopSuspended.default_message % {"reason": membership.shop.suspension_reason}
            )
        area = view.area
        if request.method not in SAFE_METHODS and getattr(view, "write_area", ""):
            area = view.write_area
        return can_access(membership, area)
