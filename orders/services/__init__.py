"""Orders' services (writes, one transaction each), by concept: placement, shipping,
shipment imports, receipt, after-sales, review, the order's state and its timeline.
Import them from here (`from orders import services`) as before the split."""

from orders.services.addresses import (
    approve_address_change,
    change_address,
    refuse_address_change,
    request_address_change,
)
from orders.services.after_sales import (
    BATCH_APPROVE_LIMIT,
    appeal_after_sale,
    approve_after_sale,
    approve_refunds,
    confirm_return,
    decide_appeal,
    expire_after_sales,
    open_after_sale,
    refuse_after_sale,
    remind_after_sales,
    ship_return,
    withdraw_after_sale,
)
from orders.services.placement import MAX_QUANTITY, place_order, register_buyer
from orders.services.receipt import (
    auto_confirm_receipts,
    confirm_receipt,
    record_logistics_events,
    verify_webhook_signature,
)
from orders.services.review import set_remark, set_review
from orders.services.shipment_imports import (
    IMPORT_CHUNK_ROWS,
    process_shipment_import,
    requeue_shipment_imports,
    start_shipment_import,
)
from orders.services.shipping import (
    add_package,
    check_tracking,
    detect_late_shipments,
    modify_shipment,
    record_waybill_printed,
    ship_order,
    ship_orders_batch,
)
from orders.services.state import recount_orders
from orders.services.timeline import record_event, record_events

__all__ = [
    "add_package",
    "approve_address_change",
    "change_address",
    "refuse_address_change",
    "request_address_change",
    "BATCH_APPROVE_LIMIT",
    "appeal_after_sale",
    "approve_refunds",
    "confirm_return",
    "decide_appeal",
    "expire_after_sales",
    "remind_after_sales",
    "ship_return",
    "withdraw_after_sale",
    "IMPORT_CHUNK_ROWS",
    "MAX_QUANTITY",
    "approve_after_sale",
    "auto_confirm_receipts",
    "check_tracking",
    "confirm_receipt",
    "detect_late_shipments",
    "modify_shipment",
    "open_after_sale",
    "place_order",
    "process_shipment_import",
    "record_event",
    "record_events",
    "record_logistics_events",
    "record_waybill_printed",
    "recount_orders",
    "refuse_after_sale",
    "register_buyer",
    "requeue_shipment_imports",
    "set_remark",
    "set_review",
    "ship_order",
    "ship_orders_batch",
    "start_shipment_import",
    "verify_webhook_signature",
]
