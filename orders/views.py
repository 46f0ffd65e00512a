from django.views.generic import TemplateView

from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class OrderIndexView(ShopAreaRequiredMixin, TemplateView):
    area = permissions.ORDERS
    template_name = "orders/order_list.html"
