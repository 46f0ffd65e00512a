"""The order list's filters, defined once for the console page, the API and the CSV export
(django-filter). An invalid value is an error everywhere (a 400 in the API, a form error on
the page, a refused export), never a filter silently dropped."""

import django_filters
from django.utils.translation import gettext_lazy as _

from common.filters import DayFilter, SelectorFilterSet, StrictBooleanFilter, TextFilter
from orders import selectors
from orders.models import (
    AfterSale,
    AfterSaleKind,
    AfterSaleReason,
    AfterSaleStatus,
    Order,
    OrderStatus,
    RemarkFlag,
)

TAB_CHOICES = [
    ("awaiting_shipment", _("Awaiting shipment")),
    ("shipped", _("Shipped")),
    ("received", _("Received")),
    ("after_sale", _("After-sales")),
    ("cancelled", _("Cancelled")),
    ("all", _("All")),
]
# The dropship list's states, by value (dropship is a higher app than orders).
DROPSHIP_STATUS_CHOICES = [
    ("unassigned", _("Unassigned")),
    ("assigned", _("Assigned")),
    ("tracking_returned", _("Tracking returned")),
    ("shipped", _("Shipped")),
]


class OrderFilterSet(SelectorFilterSet):
    tab = django_filters.ChoiceFilter(choices=TAB_CHOICES, label=_("Tab"))
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))
    after_sale_status = django_filters.ChoiceFilter(
        choices=AfterSaleStatus.choices, label=_("After-sales")
    )
    dropship_status = django_filters.ChoiceFilter(
        choices=DROPSHIP_STATUS_CHOICES, label=_("Dropship status")
    )
    q = TextFilter(label=_("Search"), max_length=40)
    order_sn = TextFilter(label=_("Order number"), max_length=22)
    consignee = TextFilter(label=_("Consignee or phone"), max_length=20)
    paid_from = DayFilter(label=_("Paid from"))
    paid_to = DayFilter(label=_("Paid to"))
    late = StrictBooleanFilter(label=_("Late shipment"))
    remark_flag = django_filters.ChoiceFilter(
        choices=[c for c in RemarkFlag.choices if c[0]],
        label=_("Remark flag"),
        empty_label=_("Any flag"),
    )

    class Meta:
        model = Order
        fields: list[str] = []

    # All at once: the selector knows the indexes (an order-number prefix bounds the payment
    # day, for one).
    selector = staticmethod(selectors.filter_orders)

    @property
    def current_tab(self) -> str:
        valid = self.is_bound and self.is_valid()
        return (self.form.cleaned_data.get("tab") if valid else "") or "all"


AFTER_SALE_TAB_CHOICES = [
    ("pending", _("Awaiting my answer")),
    ("awaiting_return", _("Awaiting the buyer's return")),
    ("awaiting_receipt", _("Awaiting my receipt")),
    ("platform", _("Platform reviewing")),
    ("completed", _("Completed")),
    ("closed", _("Closed")),
    ("all", _("All")),
]


class AfterSaleFilterSet(SelectorFilterSet):
    """The 售后 page's and API's filters, applied by `selectors.filter_after_sales`."""

    tab = django_filters.ChoiceFilter(choices=AFTER_SALE_TAB_CHOICES, label=_("Tab"))
    kind = django_filters.ChoiceFilter(
        choices=AfterSaleKind.choices, label=_("Type"), empty_label=_("Any type")
    )
    reason_code = django_filters.ChoiceFilter(
        choices=AfterSaleReason.choices, label=_("Reason"), empty_label=_("Any reason")
    )
    q = TextFilter(label=_("Order or return tracking number"), max_length=30)
    created_from = DayFilter(label=_("Requested from"))
    created_to = DayFilter(label=_("Requested to"))
    due_soon = StrictBooleanFilter(label=_("Due within 12 hours"))

    class Meta:
        model = AfterSale
        fields: list[str] = []

    selector = staticmethod(selectors.filter_after_sales)

    @property
    def current_tab(self) -> str:
        valid = self.is_bound and self.is_valid()
        return (self.form.cleaned_data.get("tab") if valid else "") or "all"
