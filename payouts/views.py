from django.views.generic import TemplateView

from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class AccountIndexView(ShopAreaRequiredMixin, TemplateView):
    area = permissions.PAYOUTS
    template_name = "payouts/account_detail.html"
