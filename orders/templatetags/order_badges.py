"""An order's status badges and flags: Python tags rather than template includes, since the
order list renders them for every row (an include per row cost about 2 ms a page)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from orders.models import AfterSaleStatus

register = template.Library()


@register.simple_tag
def order_status(order) -> SafeString:
    """The status, and the after-sales status while there is one."""
    html = format_html(
        '<span class="badge status-badge status-{}">{}</span>',
        order.status,
        order.get_status_display(),
    )
    if order.after_sale_status != AfterSaleStatus.NONE:
        html += format_html(
            ' <span class="badge status-badge after-sale-{}">{}</span>',
            order.after_sale_status,
            order.get_after_sale_status_display(),
        )
    return html


@register.simple_tag
def order_flags(order) -> SafeString:
    """The merchant's remark flag, and the badges for late, duplicated tracking, review."""
    parts = []
    if order.remark_flag:
        title = order.get_remark_flag_display()
        if order.remark:
            title = f"{title}: {order.remark}"
        parts.append(
            format_html(
                '<i class="bi bi-flag-fill flag-{}" title="{}"></i>', order.remark_flag, title
            )
        )
    if order.is_late:
        parts.append(format_html('<span class="badge text-bg-warning">{}</span>', gettext("Late")))
    if order.tracking_duplicated:
        parts.append(
            format_html(
                '<span class="badge text-bg-danger" title="{}">{}</span>',
                gettext("Tracking number used on another order"),
                gettext("Duplicate tracking"),
            )
        )
    if getattr(order, "address_change_pending", False):
        parts.append(
            format_html(
                '<span class="badge text-bg-info" title="{}">{}</span>',
                gettext("The buyer asks to change the address"),
                gettext("Address change"),
            )
        )
    if order.is_under_review:
        parts.append(
            format_html('<span class="badge text-bg-secondary">{}</span>', gettext("Under review"))
        )
    return mark_safe(" ".join(parts))  # noqa: S308  (each part is escaped by format_html)


@register.simple_tag
def time_left(deadline, now) -> SafeString:
    """What is left of a deadline ("剩 1 天 3 小时"), red under 12 hours, "已超时" past it:
    the platform acts at the deadline, so the merchant should see it coming."""
    if deadline is None:
        return mark_safe("")  # noqa: S308  (empty)
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return format_html('<span class="text-danger deadline">{}</span>', gettext("Overdue"))
    days, hours, minutes = seconds // 86400, seconds % 86400 // 3600, seconds % 3600 // 60
    if days:
        text = gettext("%(days)d d %(hours)d h left") % {"days": days, "hours": hours}
    else:
        text = gettext("%(hours)d h %(minutes)d min left") % {"hours": hours, "minutes": minutes}
    urgent = " text-danger" if seconds < 12 * 3600 else ""
    return format_html(
        '<time class="deadline{}" datetime="{}">{}</time>', urgent, deadline.isoformat(), text
    )
