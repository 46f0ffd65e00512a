from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class ProductNotSellable(ApplicationError):
    code = "product_not_sellable"
    default_message = _("A product goes on sale only with at least one SKU in stock.")
