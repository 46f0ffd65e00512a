"""订单导出: the order list as a file, with the columns a merchant chooses (see
exports.registry). The console's quick CSV (`OrderExportView`) writes the same rows."""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from common.dates import local_time_text
from exports.registry import ExportKind, project, register
from merchant import permissions
from orders import selectors
from orders.carriers import carrier_names
from orders.filters import OrderFilterSet
from orders.models import AfterSaleStatus, OrderStatus

ORDER_COLUMNS = {
    "order_sn": _("Order number"),
    "status": _("Status"),
    "after_sale_status": _("After-sales"),
    "items": _("Items"),
    "pay_amount": _("Paid amount"),
    "consignee_name": _("Consignee"),
    "consignee_phone": _("Phone"),
    "province": _("Province"),
    "city": _("City"),
    "district": _("District"),
    "address": _("Address"),
    "paid_at": _("Paid at"),
    "ship_deadline": _("Ship deadline"),
    "carrier": _("Carrier"),
    "tracking_no": _("Tracking number"),
    "remark": _("Remark"),
}


# The order's field each column reads (the lines come with the row: see iterate_for_export).
FIELDS = [
    "order_sn",
    "status",
    "after_sale_status",
    "pay_amount",
    "consignee_name",
    "consignee_phone",
    "province",
    "city",
    "district",
    "address",
    "paid_at",
    "ship_deadline",
    "carrier",
    "tracking_no",
    "remark",
]


def order_rows(orders, columns):
    """One row per order, the cells of `columns` in their order. Labels are looked up once
    per file, not per row: a field's display method costs a translation and a dict build."""
    statuses = {value: str(label) for value, label in OrderStatus.choices}
    after_sale_statuses = {value: str(label) for value, label in AfterSaleStatus.choices}
    carriers = carrier_names()
    cells = {
        "status": lambda row: statuses[row[0].status],
        "after_sale_status": lambda row: after_sale_statuses[row[0].after_sale_status],
        "items": lambda row: row[1],
        "paid_at": lambda row: local_time_text(row[0].paid_at),
        "ship_deadline": lambda row: local_time_text(row[0].ship_deadline),
        "carrier": lambda row: carriers.get(row[0].carrier, row[0].carrier),
    }
    for field in FIELDS:
        cells.setdefault(field, lambda row, get=attrgetter(field): get(row[0]))
    # Each row: the order's fields as a named tuple, and its lines as one text.
    return project(selectors.iterate_for_export(orders, FIELDS), columns, cells)


ORDERS_EXPORT = register(
    ExportKind(
        kind="orders",
        area=permissions.ORDERS,
        label=_("Order export"),
        columns=ORDER_COLUMNS,
        filterset=OrderFilterSet,
        queryset=lambda shop: selectors.list_orders(shop=shop),
        rows=order_rows,
        filename="orders",
        page="orders:index",
    )
)
