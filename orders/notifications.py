"""How orders' notifications read, and who receives them (see merchant.notifications)."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import local_time_text
from merchant.notifications import register
from merchant.permissions import AFTER_SALES
from orders.models import AfterSaleStage
from orders.services.after_sales import (
    AFTER_SALE_DUE_SOON_NOTIFICATION,
    AFTER_SALE_WAITING_NOTIFICATION,
)


def _after_sale_page(params: dict) -> str:
    return reverse("after_sales:detail", args=[params["after_sale_id"]])


def _deadline(params: dict) -> str:
    if not params.get("deadline"):
        return ""
    return local_time_text(datetime.fromisoformat(params["deadline"]))


@register(
    AFTER_SALE_WAITING_NOTIFICATION,
    areas=[AFTER_SALES],
    label=gettext_lazy("After-sales waiting for you"),
    link=_after_sale_page,
)
def after_sale_waiting(params: dict) -> str:
    values = {"order_sn": params.get("order_sn", ""), "deadline": _deadline(params)}
    if params.get("stage") == AfterSaleStage.AWAITING_RECEIPT:
        return (
            _(
                "The buyer of order %(order_sn)s sent the return back. Confirm its receipt by "
                "%(deadline)s, or it counts as received and the refund is paid."
            )
            % values
        )
    return (
        _(
            "The buyer of order %(order_sn)s asked for an after-sale. Answer by %(deadline)s, or "
            "the platform agrees for you."
        )
        % values
    )


@register(
    AFTER_SALE_DUE_SOON_NOTIFICATION,
    areas=[AFTER_SALES],
    label=gettext_lazy("After-sales about to time out"),
    link=_after_sale_page,
)
def after_sale_due_soon(params: dict) -> str:
    return _(
        "The after-sale of order %(order_sn)s times out at %(deadline)s: the platform acts for "
        "you then."
    ) % {"order_sn": params.get("order_sn", ""), "deadline": _deadline(params)}
