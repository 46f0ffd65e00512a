"""操作日志's filters, defined once for the page, the API and the export (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import DayFilter, SelectorFilterSet, TextFilter
from merchant import selectors
from merchant.models import Operation, OperationLog


class OperationFilterSet(SelectorFilterSet):
    action = django_filters.ChoiceFilter(
        choices=Operation.choices, label=_("Operation"), empty_label=_("Any operation")
    )
    operator = TextFilter(label=_("Operator"), max_length=150)
    target = TextFilter(label=_("Object"), max_length=60)
    created_from = DayFilter(label=_("Date from"))
    created_to = DayFilter(label=_("Date to"))

    class Meta:
        model = OperationLog
        fields: list[str] = []

    selector = staticmethod(selectors.filter_operations)
