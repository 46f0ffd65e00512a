"""账单明细's filters, defined once for the fund page and the API (django-filter); an invalid
value is an error (a 400, a form error), never a filter silently dropped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import DayFilter, SelectorFilterSet, TextFilter
from payouts import selectors
from payouts.models import LedgerEntry, LedgerKind


class LedgerFilterSet(SelectorFilterSet):
    kind = django_filters.ChoiceFilter(
        choices=LedgerKind.choices, label=_("Kind"), empty_label=_("Any kind")
    )
    created_from = DayFilter(label=_("Date from"))
    created_to = DayFilter(label=_("Date to"))
    order_sn = TextFilter(label=_("Order number"), max_length=22)

    class Meta:
        model = LedgerEntry
        fields: list[str] = []

    selector = staticmethod(selectors.filter_ledger)
