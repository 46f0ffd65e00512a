"""The lists' filter sets: a query naming none of the filters skips the form (apply_filters'
short way) and must list exactly what the filter set itself lists then, for every set."""

import pytest

from common.filters import SelectorFilterSet, apply_filters
from merchant.filters import OperationFilterSet
from orders.filters import AfterSaleFilterSet, OrderFilterSet
from payouts.filters import LedgerFilterSet

pytestmark = pytest.mark.django_db


def all_selector_filter_sets():
    found, pending = set(), [SelectorFilterSet]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.add(subclass)
            pending.append(subclass)
    return found


def test_every_list_filter_set_is_checked_here():
    assert all_selector_filter_sets() == {
        OrderFilterSet,
        AfterSaleFilterSet,
        OperationFilterSet,
        LedgerFilterSet,
    }


@pytest.mark.parametrize(
    "filterset", sorted(all_selector_filter_sets(), key=lambda cls: cls.__name__)
)
@pytest.mark.parametrize("query", [{}, {"cursor": "abc", "page_size": "50"}])
def test_a_query_without_filters_lists_what_the_filter_set_lists(filterset, query):
    queryset = filterset._meta.model.objects.all()
    through_the_form = filterset(query, queryset=queryset)
    assert through_the_form.is_valid()
    assert str(apply_filters(filterset, query, queryset=queryset).query) == str(
        through_the_form.qs.query
    )
