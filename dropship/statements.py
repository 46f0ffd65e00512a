"""Building a statement's files: rows streamed from the database into CSV and XLSX files
(openpyxl's write-only mode), so memory stays flat for 100,000 orders."""

import csv
import logging
import os
import tempfile
import time
from datetime import timedelta
from decimal import Decimal

from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from common.dates import LocalTimeText, local_time_text, shanghai_day_start
from common.routers import replica_reads
from common.spreadsheets import csv_row, xlsx_row
from dropship.models import (
    DropshipStatus,
    Statement,
    StatementFailure,
    StatementStatus,
    SupplyPrice,
)
from merchant.services import notify_shop
from orders.carriers import carrier_names
from orders.models import OrderItem

MAX_ATTEMPTS = 3
ZERO = Decimal("0.00")
logger = logging.getLogger(__name__)


def _rows(statement: Statement):
    """(order_sn, shipped_at, title, spec, quantity, supply_price|None, carrier, tracking_no)
    in shipping order, read in chunks. On Postgres shipped_at comes formatted as local time
    text (the query formats it faster than Python would, row by row)."""
    start = shanghai_day_start(statement.start_date)
    end = shanghai_day_start(statement.end_date + timedelta(days=1))
    shipped_at = F("order__dropship__shipped_at")
    if connection.vendor == "postgresql":
        shipped_at = LocalTimeText(shipped_at)
    return (
        OrderItem.objects.filter(
            order__dropship__binding_id=statement.binding_id,
            order__dropship__dropship_status=DropshipStatus.SHIPPED,
            order__dropship__shipped_at__gte=start,
            order__dropship__shipped_at__lt=end,
        )
        .order_by("order__dropship__shipped_at", "order_id", "id")
        .values_list(
            "order__order_sn",
            shipped_at,
            "title",
            "spec",
            "quantity",
            "sku_id",
            "order__dropship__carrier",
            "order__dropship__tracking_no",
        )
        .iterator(chunk_size=5000)
    )


class Totals:
    """What the summary row and the statement's own fields say, counted while writing."""

    def __init__(self):
        self.amount, self.rows, self.missing, self.orders = ZERO, 0, 0, 0

    def summary(self) -> list:
        note = _("%(orders)d orders, %(missing)d rows without a supply price") % {
            "orders": self.orders,
            "missing": self.missing,
        }
        return [_("Total"), "", "", "", "", "", self.amount, "", "", note]


def _lines(statement: Statement, prices: dict, totals: Totals):
    """The statement's lines as written to both files, counted into `totals` at the end.
    The loop runs once per row of a statement of up to 100,000: it keeps to locals."""
    no_price = _("No supply price set")
    carriers = carrier_names()
    amount_sum, rows, missing, orders, last_order = ZERO, 0, 0, 0, None
    for sn, shipped, title, spec, quantity, sku_id, carrier, tracking_no in _rows(statement):
        price = prices.get(sku_id)
        if price is None:
            amount, note = None, no_price
            missing += 1
        else:
            amount, note = price * quantity, ""
            amount_sum += amount
        rows += 1
        if sn != last_order:
            orders, last_order = orders + 1, sn
        if not isinstance(shipped, str):  # not formatted by the database
            shipped = local_time_text(shipped)
        carrier_name = carriers.get(carrier, carrier)
        yield [sn, shipped, title, spec, quantity, price, amount, carrier_name, tracking_no, note]
    totals.amount, totals.rows, totals.missing, totals.orders = amount_sum, rows, missing, orders


STATEMENT_READY_NOTIFICATION = "dropship.statement_ready"


def _replica_lines(*args):
    """The statement's lines read from the replica, if there is one: a statement may miss
    what shipped in the last seconds before it was built, as it misses what ships after."""
    with replica_reads():
        yield from _lines(*args)


def build_statement(*, statement: Statement) -> Statement:
    """Write the statement's files and mark it ready. Running it again rebuilds the same
    files (a redelivered task after a crash), and a ready statement is left alone."""
    statement = Statement.objects.get(pk=statement.pk)
    if statement.status != StatementStatus.GENERATING:
        return statement
    if statement.attempts >= MAX_ATTEMPTS:  # each earlier attempt died mid-build
        return mark_failed(statement=statement, reason=StatementFailure.GAVE_UP)
    Statement.objects.filter(pk=statement.pk).update(attempts=statement.attempts + 1)
    prices = dict(
        SupplyPrice.objects.filter(binding_id=statement.binding_id).values_list("sku_id", "price")
    )
    header = [
        _("Order number"),
        _("Shipped at"),
        _("Product"),
        _("Specification"),
        _("Quantity"),
        _("Supply price"),
        _("Amount"),
        _("Carrier"),
        _("Tracking number"),
        _("Note"),
    ]
    totals = Totals()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = os.path.join(folder, "statement.csv")
        xlsx_path = os.path.join(folder, "statement.xlsx")
        # One pass over the rows feeds both files (they must agree); the time each writer
        # takes is summed apart, so the log tells the CSV and XLSX rates apart.
        clock = time.perf_counter
        reading = csv_seconds = xlsx_seconds = 0.0
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Statement"))
        with open(csv_path, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_row(header))
            sheet.append(xlsx_row(sheet, header))
            started = clock()
            for line in _replica_lines(statement, prices, totals):
                read = clock()
                writer.writerow(csv_row(line))  # csv writes None as an empty cell
                wrote = clock()
                sheet.append(xlsx_row(sheet, line))
                reading, csv_seconds = reading + read - started, csv_seconds + wrote - read
                started = clock()
                xlsx_seconds += started - wrote
            reading += clock() - started  # the last fetch, which found no more rows
            writer.writerow(csv_row([str(cell) for cell in totals.summary()]))
            sheet.append(xlsx_row(sheet, totals.summary()))
        started = clock()
        workbook.save(xlsx_path)
        xlsx_seconds += clock() - started
        logger.info(
            "statement %s: %d rows; reading %.2f s, CSV %.2f s, XLSX %.2f s",
            statement.pk,
            totals.rows,
            reading,
            csv_seconds,
            xlsx_seconds,
        )
        name = f"statement-{statement.pk}-{statement.start_date:%Y%m%d}-{statement.end_date:%Y%m%d}"
        with transaction.atomic():
            statement = Statement.objects.select_for_update().get(pk=statement.pk)
            if statement.status != StatementStatus.GENERATING:
                return statement
            for field, path, extension in (
                ("csv_file", csv_path, "csv"),
                ("xlsx_file", xlsx_path, "xlsx"),
            ):
                old = getattr(statement, field)
                if old:
                    old.delete(save=False)
                with open(path, "rb") as source:
                    getattr(statement, field).save(f"{name}.{extension}", File(source), save=False)
            statement.status, statement.finished_at = StatementStatus.READY, timezone.now()
            statement.row_count, statement.order_count = totals.rows, totals.orders
            statement.total_amount, statement.missing_prices = totals.amount, totals.missing
            statement.save()
            binding = statement.binding
            notify_shop(
                shop=binding.merchant_shop,
                kind=STATEMENT_READY_NOTIFICATION,
                manufacturer=binding.manufacturer_shop.name,
                start_date=statement.start_date.isoformat(),
                end_date=statement.end_date.isoformat(),
                statement_id=statement.pk,
            )
    return statement


def mark_failed(*, statement: Statement, reason: str) -> Statement:
    Statement.objects.filter(pk=statement.pk, status=StatementStatus.GENERATING).update(
        status=StatementStatus.FAILED, failure_reason=reason, finished_at=timezone.now()
    )
    return Statement.objects.get(pk=statement.pk)
