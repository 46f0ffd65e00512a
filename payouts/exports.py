"""账单下载: the account's ledger as a file, any range, the fund page's filters (see
exports.registry)."""

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from common.dates import local_time_text
from exports.registry import ExportKind, project, register
from merchant import permissions
from payouts import selectors
from payouts.filters import LedgerFilterSet
from payouts.models import LedgerKind

LEDGER_COLUMNS = {
    "created_at": _("Time"),
    "kind": _("Kind"),
    "amount": _("Amount"),
    "available_delta": _("available change"),
    "frozen_delta": _("frozen change"),
    "available_after": _("Available after"),
    "frozen_after": _("frozen after"),
    "order_sn": _("Order number"),
    "withdrawal": _("Withdrawal"),
    "note": _("Note"),
}


def ledger_rows(entries, columns):
    kinds = {value: str(label) for value, label in LedgerKind.choices}
    cells = {
        "created_at": lambda entry: local_time_text(entry.created_at),
        "kind": lambda entry: kinds[entry.kind],
        "amount": lambda entry: entry.amount,
        "available_delta": lambda entry: entry.available_delta,
        "frozen_delta": lambda entry: entry.frozen_delta,
        "available_after": lambda entry: entry.available_after,
        "frozen_after": lambda entry: entry.frozen_after,
        "order_sn": lambda entry: entry.order_number or "",
        "withdrawal": lambda entry: entry.withdrawal_id or "",
        "note": lambda entry: entry.describe(),
    }
    # The order's number only, not the whole order row the page's list joins.
    entries = entries.select_related(None).annotate(order_number=F("order__order_sn"))
    return project(entries.iterator(chunk_size=2000), columns, cells)


LEDGER_EXPORT = register(
    ExportKind(
        kind="payouts.ledger",
        area=permissions.PAYOUTS,
        label=_("Bill download"),
        columns=LEDGER_COLUMNS,
        filterset=LedgerFilterSet,
        queryset=lambda shop: selectors.list_ledger(shop=shop),
        rows=ledger_rows,
        filename="bill",
        page="payouts:index",
    )
)
