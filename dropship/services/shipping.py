"""回传 and 发货: the manufacturer prints and returns tracking numbers, the merchant ships
online with a return address."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.batch import run_rows
from common.exceptions import ApplicationError, InvalidInput, refused_row
from common.identifiers import is_identifier
from dropship import exceptions
from dropship.models import (
    DropshipOrder,
    DropshipStatus,
)
from dropship.selectors import list_printable_orders
from dropship.services.assignment import OPEN_STATUSES
from merchant.models import ReturnAddress
from orders.exceptions import OrderNotInShop
from orders.models import (
    ActorKind,
    OrderEventKind,
    OrderStatus,
)
from orders.services import check_tracking, record_events, ship_order


@transaction.atomic
def return_tracking(*, manufacturer_shop, order_sn, carrier, tracking_no, actor) -> DropshipOrder:
    """回传运单号: the manufacturer's carrier and number, checked like any shipment."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    row = (
        DropshipOrder.objects.for_manufacturer(manufacturer_shop)
        .select_for_update()
        .filter(
            order__order_sn=order_sn,
            dropship_status__in=OPEN_STATUSES,
            order__status=OrderStatus.AWAITING_SHIPMENT,  # never a second tracking number
        )
        .first()
    )
    if row is None:
        raise exceptions.DropshipOrderNotTrackable()
    row.carrier, row.tracking_no = carrier, tracking_no
    row.dropship_status, row.tracking_returned_at = DropshipStatus.TRACKING_RETURNED, timezone.now()
    row.save(update_fields=["carrier", "tracking_no", "dropship_status", "tracking_returned_at"])
    record_events(
        [row.order_id],
        OrderEventKind.TRACKING_RETURNED,
        actor_kind=ActorKind.MANUFACTURER,
        actor=actor,
        params={"carrier": carrier, "tracking_no": tracking_no},
    )
    return row


def return_tracking_batch(*, manufacturer_shop, rows, actor) -> list[dict]:
    """回传 from a file: each row on its own, with a result per row."""

    def return_one(order_sn, row):
        return_tracking(
            manufacturer_shop=manufacturer_shop,
            order_sn=order_sn,
            carrier=row.get("carrier", ""),
            tracking_no=row.get("tracking_no", ""),
            actor=actor,
        )

    return run_rows(rows, return_one, not_found=OrderNotInShop)


@transaction.atomic
def reveal_consignees(*, manufacturer_shop, order_sns, actor) -> list[DropshipOrder]:
    """打单: the full consignees of the selected orders that the manufacturer may print now
    (selectors.list_printable_orders: an active binding, the order assigned to it, not
    shipped); each reveal goes on the order's timeline for the merchant to see. Orders it
    may not print are left out, masked as ever."""
    rows = list(list_printable_orders(shop=manufacturer_shop, order_sns=order_sns))
    if rows:
        record_consignee_reveal(
            manufacturer_shop=manufacturer_shop,
            order_ids=[row.order_id for row in rows],
            actor=actor,
        )
    return rows


@transaction.atomic
def record_consignee_reveal(*, manufacturer_shop, order_ids, actor) -> None:
    """Each reveal of a full consignee goes on the order's timeline for the merchant."""
    record_events(
        order_ids,
        OrderEventKind.CONSIGNEE_REVEALED,
        actor_kind=ActorKind.MANUFACTURER,
        actor=actor,
        detail=str(manufacturer_shop),
    )


def ship_online(*, merchant_shop, order_sns, return_address_id, actor) -> dict:
    """发货 / 批量发货 of orders whose tracking came back, through the orders app's shipping
    service (same checks, same late-shipment rule); each order on its own."""
    address = (
        ReturnAddress.objects.for_shop(merchant_shop)
        .filter(pk=return_address_id, deleted_at=None)
        .first()
        if is_identifier(str(return_address_id))
        else None
    )
    if address is None:
        raise InvalidInput({"return_address_id": [_("Choose one of your return addresses.")]})
    shipped, rejected = [], []
    for sn in dict.fromkeys(str(sn).strip() for sn in order_sns):
        try:
            with transaction.atomic():
                row = (
                    DropshipOrder.objects.for_shop(merchant_shop)
                    .select_for_update()
                    .select_related("order")
                    .filter(order__order_sn=sn)
                    .first()
                )
                if row is None:
                    rejected.append(refused_row(sn, OrderNotInShop()))
                    continue
                if row.dropship_status != DropshipStatus.TRACKING_RETURNED:
                    rejected.append(refused_row(sn, exceptions.TrackingNotReturned()))
                    continue
                ship_order(
                    order=row.order,
                    carrier=row.carrier,
                    tracking_no=row.tracking_no,
                    actor=actor,
                    through_dropship=True,
                )
                row.dropship_status, row.shipped_at = DropshipStatus.SHIPPED, timezone.now()
                row.return_address = address
                row.save(update_fields=["dropship_status", "shipped_at", "return_address"])
        except ApplicationError as error:
            rejected.append(refused_row(sn, error))
        else:
            shipped.append(sn)
    return {"shipped": shipped, "rejected": rejected}
