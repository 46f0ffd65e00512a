"""How exports' notifications read (see merchant.notifications)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.services import EXPORT_FAILED_NOTIFICATION, EXPORT_READY_NOTIFICATION
from merchant.notifications import register
from merchant.permissions import SHOP


def _export_page(params: dict) -> str:
    return reverse("exports:detail", args=[params["export_id"]])


@register(
    EXPORT_READY_NOTIFICATION,
    areas=[SHOP],
    label=gettext_lazy("Export ready"),
    link=_export_page,
)
def export_ready(params: dict) -> str:
    return _("Your export %(name)s (%(rows)s rows) is ready to download.") % {
        "name": params.get("name", ""),
        "rows": params.get("rows", 0),
    }


@register(
    EXPORT_FAILED_NOTIFICATION,
    areas=[SHOP],
    label=gettext_lazy("Export failed"),
    link=_export_page,
)
def export_failed(params: dict) -> str:
    return _("Your export %(name)s could not be built. Try again, or with fewer rows.") % {
        "name": params.get("name", "")
    }
