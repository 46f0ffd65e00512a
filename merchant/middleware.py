from common.audit import reset_current_request, set_current_request
from merchant.selectors import get_current_membership

SESSION_SHOP_KEY = "current_shop_id"


class CurrentShopMiddleware:
    """Every console request knows its shop: `request.membership` (None without one) and
    `request.shop`. The API resolves its own through `ShopScopedApi` (token clients may name
    the shop with `X-Shop-No`), so API and static paths skip this query."""

    skipped_prefixes = ("/api/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if request.user.is_authenticated and not request.path.startswith(self.skipped_prefixes):
            request.membership = get_current_membership(
                user=request.user, shop_id=request.session.get(SESSION_SHOP_KEY)
            )
        request.shop = request.membership.shop if request.membership else None
        token = set_current_request(request)  # for the operation log (common.audit)
        try:
            return self.get_response(request)
        finally:
            reset_current_request(token)
