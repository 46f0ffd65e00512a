"""导出: a filtered list written to a CSV or XLSX file in the background, with its progress
on the page and a notification when it is ready. Asking checks the member's role and the
filters (the list page's own) and counts the rows; a worker writes the file
(`build_export`, idempotent: a redelivered task rebuilds it, a finished one is left alone),
and the sweep queues again what a lost message or a dead worker left behind."""

import logging
import os
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.filters import apply_filters
from common.routers import primary, replica_reads
from common.spreadsheets import write_rows
from common.tasks import enqueue, enqueue_on_commit
from exports import exceptions
from exports.models import Export, ExportFailure, ExportFormat, ExportStatus
from exports.registry import ExportKind, get_kind
from merchant.models import Membership
from merchant.permissions import can_access
from merchant.services import notify

logger = logging.getLogger(__name__)

EXPORT_READY_NOTIFICATION = "exports.ready"
EXPORT_FAILED_NOTIFICATION = "exports.failed"
MAX_ATTEMPTS = 3
PROGRESS_EVERY = 2000  # rows between two progress updates


def export_kind_for(membership, kind: str) -> ExportKind:
    """The kind, if the member's role may export it; refused otherwise (by name)."""
    spec = get_kind(kind)
    if spec is None:
        raise InvalidInput({"kind": [_("There is no export of this kind.")]})
    if not can_access(membership, spec.area):
        raise exceptions.ExportNotAllowed()
    return spec


def clean_params(spec: ExportKind, params) -> dict[str, str]:
    """The list's filters out of a query (a QueryDict, a dict or a query string): its own
    names only, one value each."""
    if isinstance(params, str):
        params = QueryDict(params)
    names = sorted(spec.filterset.base_filters)
    return {name: str(params.get(name)) for name in names if params.get(name) not in (None, "")}


def clean_query(spec: ExportKind, query: str) -> str:
    """The list's own filters out of a posted query, re-encoded (to go back to the list)."""
    kept = QueryDict(mutable=True)
    kept.update(clean_params(spec, query))
    return kept.urlencode()


def filtered(spec: ExportKind, shop, params: dict):
    """The rows the file holds: the shop's, through the list page's filters."""
    return apply_filters(spec.filterset, params, queryset=spec.queryset(shop))


def clean_columns(spec: ExportKind, columns) -> list[str]:
    """The chosen columns in the order given (all of them when none is chosen)."""
    if not columns:
        return list(spec.columns)
    columns = list(dict.fromkeys(str(column) for column in columns))
    unknown = [column for column in columns if column not in spec.columns]
    if unknown:
        raise InvalidInput(
            {"columns": [_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)}]}
        )
    return columns


@transaction.atomic
def request_export(
    *, shop, user, kind: str, file_format: str, params=None, columns=None, language: str
) -> Export:
    """Asks for a file of the list `kind` as filtered by `params`; it is built after commit.
    A member has at most EXPORTS_UNFINISHED_MAX exports waiting or building at once."""
    membership = (
        Membership.objects.select_for_update()  # one member's requests, one after the other
        .filter(shop=shop, user=user, is_active=True)
        .first()
    )
    spec = export_kind_for(membership, kind)
    if file_format not in ExportFormat.values:
        raise InvalidInput({"file_format": [_("Choose CSV or XLSX.")]})
    columns = clean_columns(spec, columns)
    params = clean_params(spec, params or {})
    rows = filtered(spec, shop, params).count()
    unfinished = Export.objects.filter(
        shop=shop, requested_by=user, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]
    ).count()
    if unfinished >= settings.EXPORTS_UNFINISHED_MAX:
        raise exceptions.TooManyExports(params={"count": unfinished})
    export = Export.objects.create(
        shop=shop,
        requested_by=user,
        kind=kind,
        file_format=file_format,
        params=params,
        columns=columns,
        language=language,
        row_count=rows,
    )
    enqueue_on_commit("exports.tasks.build_export_task", export.pk)
    return export


def build_export(*, export_id: int) -> Export:
    """Writes the export's file and marks it ready, telling the member who asked. Run again
    (a redelivered task after a crash), it writes the file anew; a finished export is left
    alone, and the third attempt that dies gives up, marked failed."""
    export = Export.objects.select_related("shop", "requested_by").get(pk=export_id)
    if export.status in (ExportStatus.READY, ExportStatus.FAILED):
        return export
    if export.attempts >= MAX_ATTEMPTS:
        return mark_failed(export_id=export.pk, reason=ExportFailure.GAVE_UP)
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.RUNNING,
        attempts=F("attempts") + 1,
        rows_done=0,
        updated_at=timezone.now(),
    )
    spec = export.spec

    def progress(rows: int) -> None:
        Export.objects.filter(pk=export.pk).update(rows_done=rows, updated_at=timezone.now())

    with translation.override(export.language), tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"export.{export.file_format}")
        header = [str(spec.columns[column]) for column in export.columns]
        # The rows from the read replica, if there is one (a few seconds of lag are fine for
        # a file of history); the export's own row and progress on the primary.
        with replica_reads():
            rows = spec.rows(filtered(spec, export.shop, export.params), export.columns)
            written = write_rows(
                path,
                export.file_format,
                header,
                rows,
                on_progress=lambda count: primary(progress, count),
                every=PROGRESS_EVERY,
            )
        with transaction.atomic():
            export = Export.objects.select_for_update().get(pk=export.pk)
            if export.status != ExportStatus.RUNNING:  # finished meanwhile by another delivery
                return export
            if export.file:
                export.file.delete(save=False)
            with open(path, "rb") as source:
                export.file.save(export.file_name(), File(source), save=False)
            export.status, export.finished_at = ExportStatus.READY, timezone.now()
            export.rows_done = export.row_count = written
            export.save()
            notify(
                shop=export.shop,
                users=[export.requested_by],
                kind=EXPORT_READY_NOTIFICATION,
                export_id=export.pk,
                name=export.file.name.rsplit("/", 1)[-1],
                rows=written,
            )
    return export


@transaction.atomic
def mark_failed(*, export_id: int, reason: str) -> Export:
    export = (
        Export.objects.select_for_update().select_related("shop", "requested_by").get(pk=export_id)
    )
    if export.status in (ExportStatus.READY, ExportStatus.FAILED):
        return export
    export.status, export.finished_at = ExportStatus.FAILED, timezone.now()
    export.failure_reason = reason
    export.save(update_fields=["status", "finished_at", "failure_reason", "updated_at"])
    notify(
        shop=export.shop,
        users=[export.requested_by],
        kind=EXPORT_FAILED_NOTIFICATION,
        export_id=export.pk,
        name=export.file_name(),
    )
    return export


def requeue_stuck_exports(*, older_than=timedelta(minutes=5)) -> int:
    """Periodic: an export that waited or made no progress for `older_than` lost its
    message or its worker; it is queued again (building is idempotent)."""
    stale = timezone.now() - older_than
    queued = 0
    for pk in Export.objects.filter(
        status__in=[ExportStatus.PENDING, ExportStatus.RUNNING], updated_at__lt=stale
    ).values_list("pk", flat=True)[:100]:
        queued += enqueue("exports.tasks.build_export_task", pk)
    return queued
