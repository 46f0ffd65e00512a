from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.filters import DayField
from common.money import MONEY
from payouts.models import WITHDRAWAL_MAX, WITHDRAWAL_MIN, Bank


class WithdrawalForm(forms.Form):
    amount = forms.DecimalField(
        label=pgettext_lazy("withdrawal", "Amount (¥)"),
        widget=forms.NumberInput(
            attrs={"step": "0.01", "min": str(WITHDRAWAL_MIN), "max": str(WITHDRAWAL_MAX)}
        ),
        **MONEY,
    )


class BankCardForm(forms.Form):
    holder_name = forms.CharField(label=_("Card holder"), max_length=30)
    bank_code = forms.ChoiceField(label=_("Bank"), choices=Bank.choices)
    card_no = forms.CharField(
        label=_("Card number"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    password = forms.CharField(
        label=_("Login password"),
        widget=forms.PasswordInput,
        strip=False,
        help_text=_(
            "To protect your money, confirm with your login password. Wrong passwords count "
            "toward the login lock."
        ),
    )


class DailyBillForm(forms.Form):
    """日账单's day (Shanghai); yesterday when none is chosen."""

    day = DayField(label=_("Day"))

    def __init__(self, data, **kwargs):
        data = data.copy()
        if not data.get("day"):
            data["day"] = (timezone.localdate() - timedelta(days=1)).isoformat()
        super().__init__(data, **kwargs)
