from django import template

from common.money import format_amount

register = template.Library()


@register.filter(name="money")
def money(value):
    if value is None or value == "":
        return ""
    return format_amount(value)
