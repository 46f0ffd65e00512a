"""How products' notifications read, and who receives them (see merchant.notifications)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from merchant.notifications import register
from merchant.permissions import PRODUCTS
from products.services import STOCK_LOW_NOTIFICATION


@register(
    STOCK_LOW_NOTIFICATION,
    areas=[PRODUCTS],
    label=gettext_lazy("Stock low"),
    link=lambda params: reverse("products:update", args=[params["product_id"]]),
)
def stock_low(params: dict) -> str:
    values = {
        "title": params.get("title", ""),
        "spec": params.get("spec", ""),
        "stock": params.get("stock", 0),
        "threshold": params.get("threshold", 0),
    }
    if not params.get("stock"):
        return (
            _("%(title)s (%(spec)s) sold out: buyers cannot order it until you restock.") % values
        )
    return (
        _("%(title)s (%(spec)s) is down to %(stock)s in stock (alert at %(threshold)s).") % values
    )
