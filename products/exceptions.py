from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class ProductNotSellable(ApplicationError):
    code = "product_not_sellable"
    default_message = _("A product goes on sale only with at least one SKU in stock.")


class StockOutOfRange(ApplicationError):
    code = "stock_out_of_range"
    default_message = _("Stock cannot go below zero or above 10,000,000.")
