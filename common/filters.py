"""Filter fields every list shares (django-filter): days within a sane range, text without
control characters, booleans that say true or false. An invalid value is an error (a 400 in
the API, a form error on the page), never a filter silently dropped."""

from datetime import date

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from common.exceptions import InvalidInput
from common.forms import reject_control_characters

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


class SelectorFilterSet(django_filters.FilterSet):
    """A list's filters applied all at once by its app's selector (`selector(queryset,
    **values)`, which knows the indexes), with the values given: django-filter checks and
    converts them, the selector filters."""

    selector = None  # staticmethod(selectors.filter_...)

    def filter_queryset(self, queryset):
        values = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "", False)
        }
        return self.selector(queryset, **values)


def apply_filters(filterset_class, data, *, queryset):
    """`queryset` through `filterset_class` with `data` (a query, or the filters an export
    kept); anything invalid is refused field by field, never dropped.

    A query that names none of the filters (an app paging through a whole list, the common
    call) goes straight to the selector, which is what the filter set would do with every
    value empty: building and cleaning its form cost 1.5 ms of a 12 ms order list call."""
    if getattr(filterset_class, "selector", None) and not any(
        name in data for name in filterset_class.base_filters
    ):
        return filterset_class.selector(queryset)
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        raise InvalidInput({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs
