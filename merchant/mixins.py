from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from rest_framework.views import APIView

from merchant.permissions import ShopAreaPermission, can_access


class ShopAreaRequiredMixin(LoginRequiredMixin):
    """A console page of one area: logged in, a member of a shop, and a role that may use it.
    Anything else is the 403 page; the page's shop is `self.shop`."""

    area: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.shop is not None and request.shop.is_suspended:
            return render(
                request, "merchant/shop_suspended.html", {"shop": request.shop}, status=403
            )
        if not can_access(request.membership, self.area):
            raise PermissionDenied
        self.check_shop()
        request.console_area = self.area
        return super().dispatch(request, *args, **kwargs)

    def check_shop(self) -> None:
        """A further condition on the shop, after the role's (raise to refuse)."""

    @property
    def shop(self):
        return self.request.shop


class ShopScopedApi(APIView):
    """Base of every merchant API: the caller's shop is `self.shop`, checked against `area`.

    A caller without a membership in a shop (a buyer) or whose role may not use `area` gets
    403 `permission_denied`; objects of other shops are reached only through selectors that
    take `self.shop`, and answer 404.
    """

    area: str = ""

    def get_permissions(self):
        return [*super().get_permissions(), ShopAreaPermission()]

    @property
    def shop(self):
        return self.request.membership.shop

    @property
    def membership(self):
        return self.request.membership
