"""How payouts' notifications read, and who receives them (see merchant.notifications)."""

from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.dates import local_time_text
from common.i18n import choice_label
from common.money import format_amount
from merchant.notifications import register
from merchant.permissions import BANK_CARD, ORDERS, PAYOUTS
from payouts.models import Bank
from payouts.services import (
    BANK_CARD_NOTIFICATION,
    LATE_PENALTY_NOTIFICATION,
    WITHDRAWAL_FAILED_NOTIFICATION,
    WITHDRAWAL_SUCCEEDED_NOTIFICATION,
)


def _account_page(params: dict) -> str:
    return reverse("payouts:index")


@register(
    BANK_CARD_NOTIFICATION,
    areas=[BANK_CARD],
    label=gettext_lazy("Payout bank card changed"),
    link=lambda params: reverse("payouts:bank_card"),
    optional=False,  # a security notice: the owner learns of a change they did not make
)
def bank_card_bound(params: dict) -> str:
    bank = params.get("bank_code", params.get("bank", ""))  # "bank" before 2026-12
    return _(
        "%(user)s bound the bank card %(bank)s ending in %(last4)s. Withdrawals go to it from "
        "%(usable_from)s. If this was not you, change your password and the card at once."
    ) % {
        "user": params.get("actor", ""),
        "bank": choice_label(Bank, bank),
        "last4": params.get("last4", ""),
        "usable_from": local_time_text(datetime.fromisoformat(params["usable_from"])),
    }


@register(
    WITHDRAWAL_SUCCEEDED_NOTIFICATION,
    areas=[PAYOUTS],
    label=gettext_lazy("Withdrawal arrived"),
    link=_account_page,
)
def withdrawal_succeeded(params: dict) -> str:
    return _(
        "Your withdrawal of %(amount)s requested on %(requested_on)s arrived on the card ending "
        "in %(last4)s."
    ) % {
        "requested_on": params.get("requested_on", ""),
        "amount": format_amount(params.get("amount", "0")),
        "last4": params.get("last4", ""),
    }


@register(
    WITHDRAWAL_FAILED_NOTIFICATION,
    areas=[PAYOUTS],
    label=gettext_lazy("Withdrawal bounced"),
    link=_account_page,
)
def withdrawal_failed(params: dict) -> str:
    return _(
        "Your withdrawal of %(amount)s requested on %(requested_on)s failed (%(reason)s); the "
        "amount is back in the available balance."
    ) % {
        "requested_on": params.get("requested_on", ""),
        "amount": format_amount(params.get("amount", "0")),
        "reason": params.get("reason") or _("Refused by the bank"),
    }


@register(
    LATE_PENALTY_NOTIFICATION,
    areas=[PAYOUTS, ORDERS],
    label=gettext_lazy("Late-shipment penalty"),
    link=lambda params: reverse("orders:detail", args=[params["order_sn"]]),
)
def late_penalty(params: dict) -> str:
    return _(
        "Order %(order_sn)s shipped late: a penalty of %(amount)s was taken from the "
        "available balance."
    ) % {"order_sn": params.get("order_sn", ""), "amount": format_amount(params.get("amount", "0"))}
