"""Events orders announce to the apps above it (payouts, dropship, chat, openplatform),
which it must not import. Each is sent inside the transaction that made it true, so a
receiver's writes commit or roll back with it; work a receiver queues for a worker goes
through `enqueue_on_commit`, and each such task has a sweep that finds what a lost
message left.
Receivers live in each app's `receivers.py`, connected in its `AppConfig.ready()`."""

from django.dispatch import Signal

order_paid = Signal()  # order: placed and paid (stock taken)
order_shipped = Signal()  # order: shipped (a carrier and tracking number given)
order_received = Signal()  # order: received (by the buyer, the carrier or automatically)
after_sale_opened = Signal()  # after_sale: the buyer asked for a refund
after_sale_refunded = Signal()  # after_sale: the merchant granted it
after_sale_closed = Signal()  # after_sale: ended without a refund (refused, withdrawn, …)
after_sale_appealed = Signal()  # after_sale: refused, and the buyer asked the platform
after_sale_changed = Signal()  # after_sale: any step (opened, moved, ended)
late_shipments_recorded = Signal()  # late_shipment_ids: 延迟发货 newly recorded
