from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import TemplateView

from chat.selectors import response_figures
from console.menu import home_for
from dropship.models import DropshipRole
from dropship.selectors import get_dropship_role, get_manufacturer_dashboard
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from orders.selectors import get_dashboard
from products.selectors import count_low_stock


class HomeView(LoginRequiredMixin, View):
    """`/`: the first page the user's role may open (the dashboard for owner and operations)."""

    def get(self, request):
        home = home_for(request.membership)
        if home is not None:
            return redirect(home.url_name)
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied


class DashboardView(ShopAreaRequiredMixin, TemplateView):
    """首页: today's sales against yesterday, the to-dos and the 7- or 30-day trend."""

    area = permissions.DASHBOARD
    template_name = "console/dashboard.html"

    def get_template_names(self):
        if self.is_manufacturer:
            return ["console/manufacturer_dashboard.html"]
        return [self.template_name]

    @cached_property
    def is_manufacturer(self) -> bool:
        return get_dropship_role(shop=self.shop) == DropshipRole.MANUFACTURER

    def get_context_data(self, **kwargs):
        if self.is_manufacturer:  # a manufacturer sells nothing: its work instead
            return super().get_context_data(
                work=get_manufacturer_dashboard(shop=self.shop), **kwargs
            )
        days = 30 if self.request.GET.get("days") == "30" else 7
        numbers = get_dashboard(shop=self.shop, days=days)
        trend = {
            "dates": [day["date"].strftime("%m-%d") for day in numbers["trend"]],
            "orders": [day["paid_orders"] for day in numbers["trend"]],
            "amounts": [str(day["paid_amount"]) for day in numbers["trend"]],
            "labels": {
                "orders": _("Paid orders"),
                "amount": _("Paid amount"),
                "orders_axis": pgettext("chart axis", "Orders"),
                "amount_axis": _("Amount (¥)"),
            },
        }
        return super().get_context_data(
            numbers=numbers,
            days=days,
            trend=trend,
            chat=response_figures(shop=self.shop),
            low_stock=count_low_stock(shop=self.shop),
            **kwargs,
        )
