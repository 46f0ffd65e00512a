from django import template

from exports.models import ExportFormat
from exports.registry import get_kind

register = template.Library()


@register.inclusion_tag("exports/partials/export_button.html", takes_context=True)
def export_button(context, kind: str, query: str = ""):
    """A list page's export button: format, a box per column (all ticked), the page's
    filters carried along. The file is built in the background (导出记录)."""
    spec = get_kind(kind)
    return {
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "prefix": kind.replace(".", "-"),
        "query": query,
        "columns": list(spec.columns.items()) if spec else [],
        "formats": ExportFormat.choices,
    }
