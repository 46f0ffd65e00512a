"""How dropship's notifications read, and who receives them (see merchant.notifications)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dropship.services.assignment import ORDER_WITHDRAWN_NOTIFICATION
from dropship.services.bindings import (
    BINDING_ANSWERED_NOTIFICATION,
    BINDING_ENDED_NOTIFICATION,
    BINDING_REQUESTED_NOTIFICATION,
)
from dropship.statements import STATEMENT_READY_NOTIFICATION
from merchant.notifications import register
from merchant.permissions import DROPSHIP, PAYOUTS


def _dropship_page(params: dict) -> str:
    return reverse("dropship:index")


@register(
    ORDER_WITHDRAWN_NOTIFICATION,
    areas=[DROPSHIP],
    label=gettext_lazy("Dropship order taken back"),
    link=_dropship_page,
)
def order_withdrawn(params: dict) -> str:
    return _(
        "%(merchant)s took back order %(order_sn)s: the buyer opened an after-sales request. "
        "Do not ship it."
    ) % {"merchant": params.get("merchant", ""), "order_sn": params.get("order_sn", "")}


@register(
    BINDING_REQUESTED_NOTIFICATION,
    areas=[DROPSHIP],
    label=gettext_lazy("Binding requests"),
    link=lambda params: reverse("dropship:manufacturers"),
)
def binding_requested(params: dict) -> str:
    return _(
        "%(merchant)s (shop ID %(shop_no)s) asks you to ship its orders. Accept or refuse "
        "the binding."
    ) % {"merchant": params.get("merchant", ""), "shop_no": params.get("merchant_shop_no", "")}


@register(
    BINDING_ANSWERED_NOTIFICATION,
    areas=[DROPSHIP],
    label=gettext_lazy("Binding answers"),
    link=lambda params: reverse("dropship:manufacturers"),
)
def binding_answered(params: dict) -> str:
    values = {
        "manufacturer": params.get("manufacturer", ""),
        "shop_no": params.get("manufacturer_shop_no", ""),
    }
    if params.get("accepted"):
        return (
            _(
                "%(manufacturer)s (shop ID %(shop_no)s) accepted your binding: you can assign "
                "orders to it."
            )
            % values
        )
    return _("%(manufacturer)s (shop ID %(shop_no)s) refused your binding.") % values


@register(
    BINDING_ENDED_NOTIFICATION,
    areas=[DROPSHIP],
    label=gettext_lazy("Binding ended"),
    link=lambda params: reverse("dropship:manufacturers"),
)
def binding_ended(params: dict) -> str:
    return _(
        "%(other)s (shop ID %(shop_no)s) ended your dropship binding; its open assignments "
        "were cancelled."
    ) % {"other": params.get("other", ""), "shop_no": params.get("other_shop_no", "")}


@register(
    STATEMENT_READY_NOTIFICATION,
    areas=[DROPSHIP, PAYOUTS],
    label=gettext_lazy("Statement ready"),
    link=lambda params: reverse("dropship:statements"),
)
def statement_ready(params: dict) -> str:
    return _(
        "The statement with %(manufacturer)s for %(start)s to %(end)s is ready to download."
    ) % {
        "manufacturer": params.get("manufacturer", ""),
        "start": params.get("start_date", ""),
        "end": params.get("end_date", ""),
    }
