"""How dropship's console notifications read (see merchant.notifications)."""

from django.utils.translation import gettext as _

from dropship.services.assignment import ORDER_WITHDRAWN_NOTIFICATION
from merchant.notifications import register


@register(ORDER_WITHDRAWN_NOTIFICATION)
def order_withdrawn(params: dict) -> str:
    return _(
        "%(merchant)s took back order %(order_sn)s: the buyer opened an after-sales request. "
        "Do not ship it."
    ) % {"merchant": params.get("merchant", ""), "order_sn": params.get("order_sn", "")}
