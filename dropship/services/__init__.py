"""Dropship's services (writes, one transaction each), by concept: identity, bindings,
assignment, shipping, supply prices, statements and the sweeps. Import them from here
(`from dropship import services`) as before the split."""

from dropship.services.assignment import (
    OPEN_STATUSES,
    active_binding,
    assign_orders,
    cancel_assignments,
    cancel_for_after_sale,
    unassign,
)
from dropship.services.bindings import (
    add_paid_order,
    answer_binding,
    bind_manufacturer,
    lock_binding,
    sync_dropship_orders,
    unbind,
)
from dropship.services.identity import choose_identity, require_role
from dropship.services.prices import set_supply_price
from dropship.services.shipping import (
    record_consignee_reveal,
    return_tracking,
    return_tracking_batch,
    reveal_consignees,
    ship_online,
)
from dropship.services.statement_requests import (
    STATEMENT_SPACING,
    STATEMENTS_PER_DAY,
    fail_stuck_statements,
    request_statement,
)
from dropship.services.sweeps import requeue_background_work

__all__ = [
    "OPEN_STATUSES",
    "STATEMENTS_PER_DAY",
    "STATEMENT_SPACING",
    "active_binding",
    "add_paid_order",
    "answer_binding",
    "assign_orders",
    "bind_manufacturer",
    "cancel_assignments",
    "cancel_for_after_sale",
    "choose_identity",
    "fail_stuck_statements",
    "lock_binding",
    "record_consignee_reveal",
    "request_statement",
    "requeue_background_work",
    "require_role",
    "return_tracking",
    "return_tracking_batch",
    "reveal_consignees",
    "set_supply_price",
    "ship_online",
    "sync_dropship_orders",
    "unassign",
    "unbind",
]
