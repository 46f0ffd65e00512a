from django import template

from common.dates import local_time_text

register = template.Library()


@register.filter(name="local_time")
def local_time(value, format_string: str) -> str:
    """`{{ order.paid_at|local_time:"%Y-%m-%d %H:%M" }}`: see common.dates.local_time_text."""
    return local_time_text(value, format_string) if value else ""
