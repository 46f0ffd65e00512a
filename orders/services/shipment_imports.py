"""导入发货: a file's rows kept and shipped in chunks, in the request or in the worker."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from common.forms import CONTROL_CHARACTERS
from common.tasks import enqueue, enqueue_on_commit
from orders.models import (
    ShipmentImport,
    ShipmentImportStatus,
)
from orders.services.shipping import ship_orders_batch

# A file of up to SHIPMENT_IMPORT_INLINE_ROWS rows ships in the request (about a second);
# a larger one in the background, the page showing its progress. Either way in chunks of
# IMPORT_CHUNK_ROWS rows, each chunk one transaction with the import's progress.
IMPORT_CHUNK_ROWS = 100


def start_shipment_import(
    *, shop, rows: list[dict], actor, file_name: str = "", language: str = ""
) -> ShipmentImport:
    """导入发货: keep the file's rows, then ship them here or queue the work."""
    job = ShipmentImport.objects.create(
        shop=shop,
        requested_by=actor,
        file_name=CONTROL_CHARACTERS.sub("", file_name)[:200],  # Postgres text refuses NUL
        language=language or settings.LANGUAGE_CODE,
        rows=rows,
        total=len(rows),
    )
    if len(rows) <= settings.SHIPMENT_IMPORT_INLINE_ROWS:
        return process_shipment_import(import_id=job.pk)
    enqueue_on_commit("orders.tasks.process_shipment_import_task", job.pk)
    return job


def process_shipment_import(*, import_id: int) -> ShipmentImport:
    """Ship the rows not yet processed, a chunk per transaction with its progress. Safe to
    run again or twice at once (a redelivered task, the sweep): each chunk is taken under
    the import's row lock and starts where the last committed one ended."""
    while True:
        with transaction.atomic():
            job = (
                ShipmentImport.objects.select_for_update().select_related("shop").get(pk=import_id)
            )
            if job.status == ShipmentImportStatus.DONE:
                return job
            chunk = job.rows[job.processed : job.processed + IMPORT_CHUNK_ROWS]
            with translation.override(job.language):
                results = ship_orders_batch(shop=job.shop, rows=chunk, actor=job.requested_by)
            job.results += results
            job.processed += len(chunk)
            job.shipped_count += sum(result["ok"] for result in results)
            if job.processed >= job.total:
                job.status, job.finished_at = ShipmentImportStatus.DONE, timezone.now()
            job.save(
                update_fields=[
                    "results", "processed", "shipped_count", "status", "finished_at", "updated_at"
                ]
            )  # fmt: skip


def requeue_shipment_imports(*, older_than=timedelta(minutes=2)) -> int:
    """Queue again imports whose worker stopped (or whose task the broker lost)."""
    stale = ShipmentImport.objects.filter(
        status=ShipmentImportStatus.PROCESSING, updated_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    return sum(enqueue("orders.tasks.process_shipment_import_task", pk) for pk in stale)
