"""改地址: before an order ships, the buyer asks to send it elsewhere and the merchant agrees
or refuses; the merchant may also correct the address directly. Not once a manufacturer has
printed the order's waybill (the parcel is addressed); each change on the timeline with the
address it replaced."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from orders import exceptions
from orders.models import (
    CONSIGNEE_FIELDS,
    ActorKind,
    AddressChange,
    AddressChangeStatus,
    Buyer,
    Order,
    OrderEventKind,
    OrderStatus,
    consignee_of,
)
from orders.selectors import printed_by_manufacturer
from orders.services.placement import clean_consignee
from orders.services.state import clean_reason, lock_order
from orders.services.timeline import record_event


def _address_text(values: dict) -> str:
    return (
        f"{values['name']} {values['phone']} {values['province']} {values['city']} "
        f"{values['district']} {values['address']}"
    )


def _check_changeable(order: Order) -> None:
    if order.status != OrderStatus.AWAITING_SHIPMENT or printed_by_manufacturer(order=order):
        raise exceptions.AddressNotChangeable()


def _apply(order: Order, values: dict, *, event_kind, actor_kind, actor) -> dict:
    """The order's consignee becomes `values`; answers the one it replaced."""
    previous = consignee_of(order)
    for key, field in CONSIGNEE_FIELDS.items():
        setattr(order, field, values[key])
    order.save(update_fields=list(CONSIGNEE_FIELDS.values()))
    record_event(
        order,
        event_kind,
        actor_kind=actor_kind,
        actor=actor,
        detail=_address_text(values),
        params={"previous_address": _address_text(previous)},
    )
    return previous


@transaction.atomic
def request_address_change(*, order: Order, buyer: Buyer, consignee: dict) -> AddressChange:
    """The buyer's request, one pending at a time, to an address that differs."""
    values = clean_consignee(consignee)
    order = lock_order(order)
    _check_changeable(order)
    if AddressChange.objects.filter(order=order, status=AddressChangeStatus.PENDING).exists():
        raise exceptions.AddressChangePending()
    if values == consignee_of(order):
        raise InvalidInput({"consignee": [_("Enter an address that differs from the order's.")]})
    change = AddressChange.objects.create(
        shop_id=order.shop_id,
        order=order,
        **{field: values[key] for key, field in CONSIGNEE_FIELDS.items()},
    )
    record_event(
        order,
        OrderEventKind.ADDRESS_CHANGE_REQUESTED,
        actor_kind=ActorKind.BUYER,
        actor=buyer.user,
        detail=_address_text(values),
    )
    return change


def _lock_pending(order: Order, change_id=None) -> tuple[AddressChange, Order]:
    """The order locked, and its buyer's request waiting for an answer (the one the merchant
    saw, when `change_id` names it: a request answered and asked again meanwhile is not)."""
    order = lock_order(order)
    change = (
        AddressChange.objects.select_for_update()
        .filter(order=order, status=AddressChangeStatus.PENDING)
        .first()
    )
    if change is None or (change_id is not None and change.pk != change_id):
        raise exceptions.AddressChangeNotPending()
    return change, order


@transaction.atomic
def approve_address_change(*, order: Order, actor, change_id=None) -> AddressChange:
    """The buyer's new address becomes the order's."""
    change, order = _lock_pending(order, change_id)
    _check_changeable(order)
    change.previous = _apply(
        order,
        consignee_of(change),
        event_kind=OrderEventKind.ADDRESS_CHANGED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
    )
    change.status, change.resolved_at, change.resolved_by = (
        AddressChangeStatus.AGREED,
        timezone.now(),
        actor,
    )
    change.save(update_fields=["previous", "status", "resolved_at", "resolved_by"])
    return change


@transaction.atomic
def refuse_address_change(*, order: Order, actor, reason: str, change_id=None) -> AddressChange:
    reason = clean_reason(reason)
    change, order = _lock_pending(order, change_id)
    change.status, change.refuse_reason = AddressChangeStatus.REFUSED, reason
    change.resolved_at, change.resolved_by = timezone.now(), actor
    change.save(update_fields=["status", "refuse_reason", "resolved_at", "resolved_by"])
    record_event(
        order,
        OrderEventKind.ADDRESS_CHANGE_REFUSED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
        detail=reason,
    )
    return change


@transaction.atomic
def change_address(*, order: Order, actor, consignee: dict) -> Order:
    """The merchant corrects the consignee directly (the buyer called, a typo), unless the
    buyer's own request is waiting: that is answered first."""
    values = clean_consignee(consignee)
    order = lock_order(order)
    _check_changeable(order)
    if AddressChange.objects.filter(order=order, status=AddressChangeStatus.PENDING).exists():
        raise exceptions.AddressChangePending()
    if values == consignee_of(order):
        raise InvalidInput({"consignee": [_("Enter an address that differs from the order's.")]})
    _apply(
        order,
        values,
        event_kind=OrderEventKind.ADDRESS_CHANGED,
        actor_kind=ActorKind.MERCHANT,
        actor=actor,
    )
    return order
