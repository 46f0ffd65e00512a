"""操作日志 as a file (the owner's export; see exports.registry). Registered here rather than
in merchant, which stands below exports."""

from django.utils.translation import gettext_lazy as _

from common.dates import local_time_text
from exports.registry import ExportKind, project, register
from merchant import permissions, selectors
from merchant.filters import OperationFilterSet
from merchant.models import Operation
from merchant.operations import describe_changes

OPERATION_COLUMNS = {
    "created_at": _("Time"),
    "operator": _("Operator"),
    "action": _("Operation"),
    "target": _("Object"),
    "changes": _("Changes"),
    "ip_address": _("IP address"),
}


def operation_rows(operations, columns):
    actions = {value: str(label) for value, label in Operation.choices}
    system = str(_("System"))
    cells = {
        "created_at": lambda line: local_time_text(line.created_at),
        "operator": lambda line: line.actor.username if line.actor_id else system,
        "action": lambda line: actions.get(line.action, line.action),
        "target": lambda line: line.target,
        "changes": lambda line: "; ".join(
            f"{field}: {before or '-'} → {after or '-'}"
            for field, before, after in describe_changes(line.changes)
        ),
        "ip_address": lambda line: line.ip_address or "",
    }
    return project(operations.iterator(chunk_size=2000), columns, cells)


OPERATIONS_EXPORT = register(
    ExportKind(
        kind="merchant.operations",
        area=permissions.SETTINGS,
        label=_("Operation log"),
        columns=OPERATION_COLUMNS,
        filterset=OperationFilterSet,
        queryset=lambda shop: selectors.list_operations(shop=shop),
        rows=operation_rows,
        filename="operations",
        page="operation_log",
    )
)
