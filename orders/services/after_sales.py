"""售后: a buyer's request of one of four kinds, moved through its stages.

    refund only        request -> merchant agrees -> refunded
    return and refund  request -> merchant agrees, names a return address -> buyer ships the
                       goods back -> merchant confirms receipt -> refunded (stock returns)
    exchange           as a return, then the merchant ships a replacement -> completed
    resend             request -> merchant ships what was missing -> completed

At any open stage's deadline the platform acts for whoever did not (`expire_after_sales`);
the buyer may withdraw before the goods travel; a refused buyer may appeal once, and a
platform admin decides. Each step is one transaction that locks the order, then the
after-sale, so that two people acting at once are served one after the other and the second
is told the request moved on. Money follows through the signals (payouts, in the same
transaction); the order's after-sales status is the summary of its requests."""

from collections import Counter
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ApplicationError, InvalidInput
from common.money import format_amount, parse_amount
from merchant.selectors import get_default_return_address, list_return_addresses
from merchant.services import notify_shop
from orders import exceptions, signals
from orders.models import (
    OPEN_STAGES,
    RETURN_KINDS,
    ActorKind,
    AfterSale,
    AfterSaleImage,
    AfterSaleKind,
    AfterSaleReason,
    AfterSaleStage,
    AfterSaleStatus,
    Buyer,
    Order,
    OrderEventKind,
    OrderStatus,
    stage_status,
)
from orders.selectors import is_assigned_to_manufacturer, refunded_amount
from orders.services.shipping import check_tracking
from orders.services.state import (
    add_to_counts,
    clean_reason,
    lock_order,
    move_status,
    pause_or_resume_deadline,
)
from orders.services.timeline import record_event
from products.images import prepare_image
from products.services import return_stock

BATCH_APPROVE_LIMIT = 100
AFTER_SALE_WAITING_NOTIFICATION = "orders.after_sale_waiting"
AFTER_SALE_DUE_SOON_NOTIFICATION = "orders.after_sale_due_soon"
# The stages where the shop must act before the deadline (the platform acts otherwise).
MERCHANT_STAGES = (AfterSaleStage.AWAITING_MERCHANT, AfterSaleStage.AWAITING_RECEIPT)


def _tell_shop(after_sale: AfterSale, kind: str) -> None:
    notify_shop(
        shop=after_sale.order.shop,
        kind=kind,
        after_sale_id=after_sale.pk,
        order_sn=after_sale.order.order_sn,
        stage=after_sale.stage,
        deadline=after_sale.deadline.isoformat() if after_sale.deadline else "",
    )


def _choice(choices, value, field: str, default: str) -> str:
    if value in (None, ""):
        return default
    if value not in choices.values:
        raise InvalidInput({field: [_("Choose one of the listed values.")]})
    return value


def _concerned_item(order: Order, order_item_id, quantity):
    """The line an after-sale is about and how many of it; none named: the whole order."""
    if order_item_id in (None, ""):
        if quantity not in (None, ""):
            raise InvalidInput({"order_item": [_("Choose the item the quantity is of.")]})
        return None, None
    item = order.items.filter(pk=order_item_id).first() if str(order_item_id).isdigit() else None
    if item is None:
        raise InvalidInput({"order_item": [_("Choose an item of this order.")]})
    if quantity in (None, ""):
        return item, item.quantity
    if not str(quantity).isdigit() or not 1 <= int(quantity) <= item.quantity:
        raise InvalidInput(
            {"quantity": [_("Enter a quantity from 1 to %(max)d.") % {"max": item.quantity}]}
        )
    return item, int(quantity)


@transaction.atomic
def open_after_sale(
    *,
    order: Order,
    buyer: Buyer,
    reason: str,
    amount=None,
    kind: str = AfterSaleKind.REFUND_ONLY,
    reason_code: str = AfterSaleReason.OTHER,
    order_item_id=None,
    quantity=None,
    images=(),
) -> AfterSale:
    """申请售后: one open request per order, for at most what is left to refund. Before
    shipping only a refund can be asked for; a refund of all that is left, on an order a
    manufacturer does not hold, is the buyer cancelling it and is granted at once. Photos
    (`images`, at most AFTER_SALE_MAX_IMAGES) are re-encoded and kept private."""
    images = list(images or ())
    if len(images) > settings.AFTER_SALE_MAX_IMAGES:
        raise InvalidInput(
            {
                "images": [
                    _("Attach at most %(count)d photos.")
                    % {"count": settings.AFTER_SALE_MAX_IMAGES}
                ]
            }
        )
    prepared = [prepare_image(image) for image in images]
    order = lock_order(order)
    kind = _choice(AfterSaleKind, kind, "kind", AfterSaleKind.REFUND_ONLY)
    reason_code = _choice(AfterSaleReason, reason_code, "reason_code", AfterSaleReason.OTHER)
    reason = clean_reason(reason)
    if order.status == OrderStatus.CANCELLED or order.after_sale_status == (
        AfterSaleStatus.IN_PROGRESS
    ):
        raise exceptions.AfterSaleNotAllowed()
    if order.status == OrderStatus.AWAITING_SHIPMENT and kind != AfterSaleKind.REFUND_ONLY:
        raise exceptions.AfterSaleKindNotAllowed()
    item, quantity = _concerned_item(order, order_item_id, quantity)
    left = order.pay_amount - refunded_amount(order=order)
    if left <= 0:
        raise exceptions.AfterSaleNotAllowed()
    if amount in (None, "") and kind in (AfterSaleKind.EXCHANGE, AfterSaleKind.RESEND):
        amount = min(item.amount, left) if item else left  # what the platform would refund
    amount = parse_amount(amount)
    if amount > left:
        raise exceptions.AfterSaleAmountTooHigh(
            _("The refund cannot exceed what is left to refund (%(left)s).")
            % {"left": format_amount(left)},
            fields={"amount": [exceptions.AfterSaleAmountTooHigh.default_message]},
        )
    now = timezone.now()
    cancelling = (
        kind == AfterSaleKind.REFUND_ONLY
        and order.status == OrderStatus.AWAITING_SHIPMENT
        and amount == left
        and not is_assigned_to_manufacturer(order=order)
    )
    after_sale = AfterSale.objects.create(
        shop_id=order.shop_id,
        order=order,
        buyer=buyer,
        kind=kind,
        reason_code=reason_code,
        reason=reason,
        order_item=item,
        quantity=quantity,
        amount=amount,
        deadline=now + settings.AFTER_SALE_RESPONSE_TIME,
    )
    AfterSaleImage.objects.bulk_create(
        AfterSaleImage(after_sale=after_sale, image=image) for image in prepared
    )
    order.after_sale_status = AfterSaleStatus.IN_PROGRESS
    paused = pause_or_resume_deadline(order, now)
    order.save(update_fields=["after_sale_status", *paused])
    add_to_counts(order.shop_id, after_sale_open=+1)
    # Withdrawals now hold its amount back; an order assigned to a manufacturer comes back.
    signals.after_sale_opened.send(sender=AfterSale, after_sale=after_sale)
    record_event(
        order,
        OrderEventKind.AFTER_SALE_OPENED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        detail=reason,
        params={"amount": f"{amount:.2f}", "after_sale_kind": kind},
    )
    if cancelling:
        _refund(after_sale, order, actor_kind=ActorKind.SYSTEM, actor=None, now=now)
    else:
        signals.after_sale_changed.send(sender=AfterSale, after_sale=after_sale)
        _tell_shop(after_sale, AFTER_SALE_WAITING_NOTIFICATION)
    return after_sale


def _lock(after_sale: AfterSale, *stages) -> tuple[AfterSale, Order]:
    """The order, then the after-sale, locked; refused unless it stands at one of `stages`."""
    order = Order.objects.select_for_update().get(pk=after_sale.order_id)
    after_sale = (
        AfterSale.objects.select_for_update(of=("self",))
        .select_related("order_item")
        .get(pk=after_sale.pk)
    )
    after_sale.order = order
    if after_sale.stage not in stages:
        if after_sale.stage in OPEN_STAGES:
            raise exceptions.AfterSaleWrongStage(params={"stage": after_sale.stage})
        raise exceptions.AfterSaleNotOpen()
    return after_sale, order


def _move(after_sale: AfterSale, stage: str, *, now: datetime, deadline=None, **fields) -> None:
    """From one open stage to another."""
    for name, value in fields.items():
        setattr(after_sale, name, value)
    after_sale.stage, after_sale.deadline, after_sale.updated_at = stage, deadline, now
    after_sale.save(update_fields=["stage", "deadline", "updated_at", *fields])
    signals.after_sale_changed.send(sender=AfterSale, after_sale=after_sale)


def _close(after_sale: AfterSale, order: Order, stage: str, *, actor, now, **fields) -> list:
    """The after-sale ends at `stage`; the order's summary follows. Answers the order's
    fields to save (the caller may change more)."""
    for name, value in fields.items():
        setattr(after_sale, name, value)
    was_open = after_sale.status == AfterSaleStatus.IN_PROGRESS
    after_sale.stage, after_sale.status = stage, stage_status(stage)
    after_sale.deadline, after_sale.updated_at = None, now
    after_sale.resolved_at, after_sale.resolved_by = now, actor
    after_sale.save(
        update_fields=[
            "stage",
            "status",
            "deadline",
            "updated_at",
            "resolved_at",
            "resolved_by",
            *fields,
        ]
    )
    if was_open:
        add_to_counts(order.shop_id, after_sale_open=-1)
    refunded = order.after_sales.filter(status=AfterSaleStatus.REFUNDED).exists()
    order.after_sale_status = AfterSaleStatus.REFUNDED if refunded else AfterSaleStatus.CLOSED
    return ["after_sale_status", *pause_or_resume_deadline(order, now)]


def _restock(after_sale: AfterSale, order: Order, *, whole_order: bool) -> None:
    """The goods back in stock: the whole order's, or the line the after-sale is about."""
    if after_sale.order_item_id and not whole_order:
        lines = [(after_sale.order_item.sku_id, after_sale.quantity)]
    else:
        lines = [(item.sku_id, item.quantity) for item in order.items.all()]
    quantities = Counter()
    for sku_id, quantity in lines:
        if sku_id:  # a SKU since deleted: nothing to put back
            quantities[sku_id] += quantity
    return_stock(quantities=quantities)


def _refund(after_sale, order, *, actor_kind, actor, now, goods_back: bool = False) -> None:
    """退款成功. An order not yet shipped and now refunded in full is cancelled and all its
    stock returns; otherwise stock returns only for goods that came back; a partial refund
    never cancels an order."""
    fields = _close(after_sale, order, AfterSaleStage.REFUNDED, actor=actor, now=now)
    record_event(
        order,
        OrderEventKind.AFTER_SALE_REFUNDED,
        actor_kind=actor_kind,
        actor=actor,
        params={"amount": f"{after_sale.amount:.2f}"},
    )
    if order.status == OrderStatus.AWAITING_SHIPMENT and (
        refunded_amount(order=order) >= order.pay_amount
    ):
        move_status(order, OrderStatus.CANCELLED)
        order.cancelled_at = now
        fields += ["status", "cancelled_at"]
        _restock(after_sale, order, whole_order=True)
        record_event(order, OrderEventKind.CANCELLED, actor_kind=ActorKind.SYSTEM)
    elif goods_back:
        _restock(after_sale, order, whole_order=False)
    order.save(update_fields=fields)
    # In this transaction: the refund and its money.
    signals.after_sale_refunded.send(sender=AfterSale, after_sale=after_sale)
    signals.after_sale_changed.send(sender=AfterSale, after_sale=after_sale)


def _ended(after_sale, order, stage, event, *, actor_kind, actor, now, detail="", **fields):
    """Closed without a refund: refused, withdrawn, expired, or settled in goods."""
    order_fields = _close(after_sale, order, stage, actor=actor, now=now, **fields)
    order.save(update_fields=order_fields)
    record_event(order, event, actor_kind=actor_kind, actor=actor, detail=detail)
    signals.after_sale_closed.send(sender=AfterSale, after_sale=after_sale)
    signals.after_sale_changed.send(sender=AfterSale, after_sale=after_sale)


def _agree_return(after_sale, order, address, *, actor_kind, actor, now) -> None:
    _move(
        after_sale,
        AfterSaleStage.AWAITING_RETURN,
        now=now,
        deadline=now + settings.AFTER_SALE_RETURN_TIME,
        return_address=address,
    )
    record_event(
        order,
        OrderEventKind.AFTER_SALE_AGREED,
        actor_kind=actor_kind,
        actor=actor,
        detail=str(address),
    )


@transaction.atomic
def approve_after_sale(
    *, after_sale: AfterSale, actor, return_address_id=None, carrier="", tracking_no=""
) -> AfterSale:
    """同意: a refund is paid; a return (or an exchange) goes to the buyer with the return
    address (the shop's default unless one is chosen); a resend is the merchant's shipment
    of what was missing."""
    after_sale, order = _lock(after_sale, AfterSaleStage.AWAITING_MERCHANT)
    now, merchant = timezone.now(), ActorKind.MERCHANT
    if after_sale.kind == AfterSaleKind.REFUND_ONLY:
        _refund(after_sale, order, actor_kind=merchant, actor=actor, now=now)
    elif after_sale.kind in RETURN_KINDS:
        shop = after_sale.shop_id
        address = (
            get_default_return_address(shop=shop)
            if return_address_id is None
            else list_return_addresses(shop=shop).filter(pk=return_address_id).first()
        )
        if address is None:  # none chosen and no default, or not one of the shop's
            raise exceptions.ReturnAddressRequired()
        _agree_return(after_sale, order, address, actor_kind=merchant, actor=actor, now=now)
    else:
        carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
        _ended(
            after_sale,
            order,
            AfterSaleStage.COMPLETED,
            OrderEventKind.AFTER_SALE_RESENT,
            actor_kind=merchant,
            actor=actor,
            now=now,
            detail=f"{carrier} {tracking_no}",
            resend_carrier=carrier,
            resend_tracking_no=tracking_no,
        )
    return after_sale


def approve_refunds(*, shop, after_sale_ids, actor) -> dict:
    """批量同意 of refund-only requests awaiting the merchant: each in its own transaction,
    so that one that moved on meanwhile is reported and the others are still paid."""
    ids = list(dict.fromkeys(after_sale_ids))[:BATCH_APPROVE_LIMIT]
    found = {
        after_sale.pk: after_sale
        for after_sale in AfterSale.objects.for_shop(shop).filter(pk__in=ids)
    }
    approved, rejected = [], []
    for pk in ids:
        after_sale = found.get(pk)
        if after_sale is None:
            rejected.append({"id": pk, "code": "not_found"})
            continue
        if after_sale.kind != AfterSaleKind.REFUND_ONLY:
            rejected.append({"id": pk, "code": exceptions.AfterSaleNotBatchable.code})
            continue
        try:
            approve_after_sale(after_sale=after_sale, actor=actor)
        except ApplicationError as error:
            rejected.append({"id": pk, "code": error.code})
        else:
            approved.append(pk)
    return {"approved": approved, "rejected": rejected}


@transaction.atomic
def refuse_after_sale(*, after_sale: AfterSale, actor, reason: str) -> AfterSale:
    """驳回, with a reason the buyer reads: a request awaiting the merchant, or a return
    whose goods did not come back as they should (the buyer may then appeal)."""
    reason = clean_reason(reason)
    after_sale, order = _lock(
        after_sale, AfterSaleStage.AWAITING_MERCHANT, AfterSaleStage.AWAITING_RECEIPT
    )
    _ended(
        after_sale,
        order,
        AfterSaleStage.REFUSED,
        OrderEventKind.AFTER_SALE_CLOSED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        now=timezone.now(),
        detail=reason,
        refuse_reason=reason,
    )
    return after_sale


@transaction.atomic
def withdraw_after_sale(*, after_sale: AfterSale, buyer: Buyer) -> AfterSale:
    """撤销: the buyer takes the request back, as long as no goods are on their way."""
    after_sale, order = _lock(
        after_sale,
        AfterSaleStage.AWAITING_MERCHANT,
        AfterSaleStage.AWAITING_RETURN,
        AfterSaleStage.PLATFORM_REVIEW,
    )
    _ended(
        after_sale,
        order,
        AfterSaleStage.WITHDRAWN,
        OrderEventKind.AFTER_SALE_WITHDRAWN,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        now=timezone.now(),
    )
    return after_sale


@transaction.atomic
def ship_return(*, after_sale: AfterSale, buyer: Buyer, carrier: str, tracking_no: str):
    """退货: the buyer sends the goods back with a tracking number of the carrier's format;
    the merchant then has AFTER_SALE_RECEIPT_TIME to confirm or refuse their receipt."""
    carrier, tracking_no = check_tracking(carrier=carrier, tracking_no=tracking_no)
    after_sale, order = _lock(after_sale, AfterSaleStage.AWAITING_RETURN)
    now = timezone.now()
    _move(
        after_sale,
        AfterSaleStage.AWAITING_RECEIPT,
        now=now,
        deadline=now + settings.AFTER_SALE_RECEIPT_TIME,
        return_carrier=carrier,
        return_tracking_no=tracking_no,
        return_shipped_at=now,
    )
    record_event(
        order,
        OrderEventKind.AFTER_SALE_RETURN_SHIPPED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        params={"carrier": carrier, "tracking_no": tracking_no},
    )
    _tell_shop(after_sale, AFTER_SALE_WAITING_NOTIFICATION)
    return after_sale


def _receive_return(after_sale, order, *, actor_kind, actor, now, replacement=None) -> None:
    after_sale.return_received_at = now
    after_sale.save(update_fields=["return_received_at"])
    record_event(
        order, OrderEventKind.AFTER_SALE_RETURN_RECEIVED, actor_kind=actor_kind, actor=actor
    )
    if replacement is None:
        _refund(after_sale, order, actor_kind=actor_kind, actor=actor, now=now, goods_back=True)
        return
    carrier, tracking_no = replacement
    _ended(
        after_sale,
        order,
        AfterSaleStage.COMPLETED,
        OrderEventKind.AFTER_SALE_RESENT,
        actor_kind=actor_kind,
        actor=actor,
        now=now,
        detail=f"{carrier} {tracking_no}",
        resend_carrier=carrier,
        resend_tracking_no=tracking_no,
    )


@transaction.atomic
def confirm_return(*, after_sale: AfterSale, actor, carrier="", tracking_no="") -> AfterSale:
    """确认收货 of a return: the goods are back in stock and the refund is paid; for an
    exchange, the replacement's carrier and tracking number are given instead (the returned
    goods and the replacement cancel out in stock)."""
    replacement = None
    if after_sale.kind == AfterSaleKind.EXCHANGE:
        replacement = check_tracking(carrier=carrier, tracking_no=tracking_no)
    after_sale, order = _lock(after_sale, AfterSaleStage.AWAITING_RECEIPT)
    _receive_return(
        after_sale,
        order,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        now=timezone.now(),
        replacement=replacement,
    )
    return after_sale


@transaction.atomic
def appeal_after_sale(*, after_sale: AfterSale, buyer: Buyer, reason: str) -> AfterSale:
    """申请平台介入: once, within AFTER_SALE_APPEAL_TIME of the merchant's refusal, while the
    order has no other open request. The request is open again, awaiting a platform admin."""
    reason = clean_reason(reason)
    after_sale, order = _lock(after_sale, AfterSaleStage.REFUSED)
    now = timezone.now()
    if (
        after_sale.appealed_at is not None
        or after_sale.resolved_at + settings.AFTER_SALE_APPEAL_TIME < now
        or order.after_sale_status == AfterSaleStatus.IN_PROGRESS
    ):
        raise exceptions.AfterSaleNotAppealable()
    _move(
        after_sale,
        AfterSaleStage.PLATFORM_REVIEW,
        now=now,
        status=AfterSaleStatus.IN_PROGRESS,
        appeal_reason=reason,
        appealed_at=now,
    )
    order.after_sale_status = AfterSaleStatus.IN_PROGRESS
    order.save(update_fields=["after_sale_status", *pause_or_resume_deadline(order, now)])
    add_to_counts(order.shop_id, after_sale_open=+1)
    signals.after_sale_appealed.send(sender=AfterSale, after_sale=after_sale)
    record_event(
        order,
        OrderEventKind.AFTER_SALE_APPEALED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        detail=reason,
    )
    return after_sale


@transaction.atomic
def decide_appeal(*, after_sale: AfterSale, admin, refund: bool, note: str) -> AfterSale:
    """平台介入: a platform admin settles an appealed request, with a note on the timeline.
    Agreeing pays the refund (the platform settles in money, whatever the kind)."""
    note = clean_reason(note, "note", _("Enter the decision's reason, 1 to 200 characters."))
    after_sale, order = _lock(after_sale, AfterSaleStage.PLATFORM_REVIEW)
    now = timezone.now()
    after_sale.platform_note = note
    after_sale.save(update_fields=["platform_note"])
    if refund:
        _refund(after_sale, order, actor_kind=ActorKind.ADMIN, actor=admin, now=now)
        return after_sale
    _ended(
        after_sale,
        order,
        AfterSaleStage.PLATFORM_REFUSED,
        OrderEventKind.AFTER_SALE_CLOSED,
        actor_kind=ActorKind.ADMIN,
        actor=admin,
        now=now,
        detail=note,
    )
    return after_sale


@transaction.atomic
def _expire(after_sale_id: int, now: datetime) -> bool:
    after_sale = AfterSale.objects.filter(pk=after_sale_id).first()
    if after_sale is None:
        return False
    try:
        after_sale, order = _lock(after_sale, *OPEN_STAGES)
    except ApplicationError:
        return False
    if after_sale.deadline is None or after_sale.deadline > now:
        return False  # moved on meanwhile
    system = {"actor_kind": ActorKind.SYSTEM, "actor": None, "now": now}
    if after_sale.stage == AfterSaleStage.AWAITING_MERCHANT:
        address = get_default_return_address(shop=after_sale.shop_id)
        if after_sale.kind in RETURN_KINDS and address is not None:
            _agree_return(after_sale, order, address, **system)
        else:  # refund only, a resend, or a return the shop named no address for
            _refund(after_sale, order, **system)
    elif after_sale.stage == AfterSaleStage.AWAITING_RETURN:
        _ended(
            after_sale, order, AfterSaleStage.EXPIRED, OrderEventKind.AFTER_SALE_EXPIRED, **system
        )
    elif after_sale.stage == AfterSaleStage.AWAITING_RECEIPT:
        _receive_return(after_sale, order, **system)
    return True


def expire_after_sales(*, now=None, batch_size: int = 500) -> int:
    """Periodic: what the deadline of each open stage says when it passes. The merchant did
    not answer: the platform agrees for them (a return goes to the shop's default return
    address; without one, or for a resend, the buyer is refunded). The buyer did not ship the
    return: it is closed. The merchant did not confirm a returned parcel: it counts as
    received and the refund is paid. Each in its own transaction; idempotent."""
    now = now or timezone.now()
    due = list(
        AfterSale.objects.filter(status=AfterSaleStatus.IN_PROGRESS, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)[:batch_size]
    )
    return sum(_expire(pk, now) for pk in due)


def remind_after_sales(*, now=None, batch_size: int = 500) -> int:
    """Periodic: the shop is told once per stage when a request it must answer has less than
    AFTER_SALE_REMINDER_BEFORE left. Idempotent: the deadline reminded of is kept in the
    notification's transaction, and each stage's deadline is reminded of once."""
    now = now or timezone.now()
    not_reminded = Q(reminded_deadline=None) | ~Q(reminded_deadline=F("deadline"))
    due = list(
        AfterSale.objects.filter(
            status=AfterSaleStatus.IN_PROGRESS,
            stage__in=MERCHANT_STAGES,
            deadline__gt=now,
            deadline__lte=now + settings.AFTER_SALE_REMINDER_BEFORE,
        )
        .filter(not_reminded)
        .order_by("deadline")
        .values_list("pk", flat=True)[:batch_size]
    )
    reminded = 0
    for pk in due:
        with transaction.atomic():
            after_sale = (
                AfterSale.objects.select_for_update(of=("self",))
                .select_related("order__shop")
                .filter(pk=pk, stage__in=MERCHANT_STAGES, deadline__gt=now)
                .filter(not_reminded)
                .first()
            )
            if after_sale is None:  # answered meanwhile
                continue
            AfterSale.objects.filter(pk=pk).update(reminded_deadline=after_sale.deadline)
            _tell_shop(after_sale, AFTER_SALE_DUE_SOON_NOTIFICATION)
            reminded += 1
    return reminded
