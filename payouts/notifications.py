"""How payouts' console notifications read (see merchant.notifications)."""

from datetime import datetime

from django.utils.translation import gettext as _

from common.dates import local_time_text
from common.i18n import choice_label
from merchant.notifications import register
from payouts.models import Bank
from payouts.services import BANK_CARD_NOTIFICATION


@register(BANK_CARD_NOTIFICATION)
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
