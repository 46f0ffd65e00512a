"""A list's filter bar, one field at a time: a Python tag rather than a template include,
since includes cost about 0.3 ms each and a list page renders many (the 售后 and order
lists are benchmarked pages)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

DEFAULT_COLUMNS = "col-6 col-md-3 col-xl-2"


@register.simple_tag
def filter_field(field, kind: str, cols: str = DEFAULT_COLUMNS, placeholder: str = ""):
    """`field` (a bound form field) as a text, date, select or check input with its label."""
    field_id, name, label = field.id_for_label, field.html_name, field.label
    value = field.value()
    if kind == "check":
        control = format_html(
            '<div class="form-check mb-1"><input class="form-check-input" type="checkbox" '
            'id="{}" name="{}"{}><label class="form-check-label small" for="{}">{}</label>'
            "</div>",
            field_id,
            name,
            SafeString(" checked") if value else "",
            field_id,
            label,
        )
        return format_html('<div class="{}">{}</div>', cols, control)
    if kind == "select":
        current = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (choice, SafeString(" selected") if str(choice) == current else "", text)
                for choice, text in field.field.choices
            ),
        )
        control = format_html(
            '<select class="form-select form-select-sm" id="{}" name="{}">{}</select>',
            field_id,
            name,
            options,
        )
    else:
        control = format_html(
            '<input class="form-control form-control-sm"{} id="{}" name="{}" value="{}"{}>',
            SafeString(' type="date"') if kind == "date" else "",
            field_id,
            name,
            "" if value is None else value,
            format_html(' placeholder="{}"', placeholder) if placeholder else "",
        )
    return format_html(
        '<div class="{}"><label class="form-label small" for="{}">{}</label>{}</div>',
        cols,
        field_id,
        label,
        control,
    )


@register.simple_tag
def filter_buttons(tab: str = "", reset: str = ""):
    """Search, and Reset: back to `reset`, or to the `tab` alone."""
    return format_html(
        '<div class="col-auto d-flex gap-2 text-nowrap">'
        '<button class="btn btn-primary btn-sm" type="submit">{}</button>'
        '<a class="btn btn-light btn-sm" href="{}">{}</a></div>',
        gettext("Search"),
        reset or f"?tab={tab}",
        gettext("Reset"),
    )
