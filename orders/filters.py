"""The order list's filters, defined once for the console page, the API and the CSV export
(django-filter). An invalid value is an error everywhere (a 400 in the API, a form error on
the page, a refused export), never a filter silently dropped."""

from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import reject_control_characters
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
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


class DayField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(_("Enter a date between 2000 and 2099."))


class TextField(forms.CharField):
    default_validators = [reject_control_characters]


class RawCheckbox(forms.CheckboxInput):
    """The value as sent: "on" from the page's checkbox, true/false/1/0 from the API."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictBooleanField(forms.Field):
    widget = RawCheckbox
    truths, falsehoods = {"on", "true", "1"}, {"false", "0"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).lower()
        if text in self.truths:
            return True
        if text in self.falsehoods:
            return False
        raise forms.ValidationError(_("Enter true or false."))


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class DayFilter(django_filters.DateFilter):
    field_class = DayField


class TextFilter(django_filters.CharFilter):
    field_class = TextField


class OrderFilterSet(django_filters.FilterSet):
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

    def filter_queryset(self, queryset):
        """All filters at once through `selectors.filter_orders`, which knows the indexes
        (an order-number prefix bounds the payment day, for one)."""
        values = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False)
        }
        return selectors.filter_orders(queryset, **values)

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


class AfterSaleFilterSet(django_filters.FilterSet):
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

    def filter_queryset(self, queryset):
        values = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False)
        }
        return selectors.filter_after_sales(queryset, **values)

    @property
    def current_tab(self) -> str:
        valid = self.is_bound and self.is_valid()
        return (self.form.cleaned_data.get("tab") if valid else "") or "all"
