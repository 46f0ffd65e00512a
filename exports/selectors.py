from django.http import Http404

from common.tenancy import get_object_for_shop
from exports.models import Export, ExportStatus


def list_exports(*, shop, user):
    """The member's own exports in `shop`, newest first."""
    return Export.objects.for_shop(shop).filter(requested_by=user).order_by("-created_at", "-id")


def get_export_for_member(*, shop, user, export_id) -> Export:
    """One of the member's own exports; another member's (exports hold buyers' phone
    numbers) is a 404, like a missing one."""
    return get_object_for_shop(Export.objects.filter(requested_by=user), shop=shop, pk=export_id)


def get_export_file(*, shop, user, export_id):
    export = get_export_for_member(shop=shop, user=user, export_id=export_id)
    if export.status != ExportStatus.READY or not export.file:
        raise Http404
    return export.file
