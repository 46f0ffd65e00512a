from django.views.generic import TemplateView

from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin


class ProductIndexView(ShopAreaRequiredMixin, TemplateView):
    area = permissions.PRODUCTS
    template_name = "products/product_list.html"
