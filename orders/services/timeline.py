"""The order's timeline (OrderEvent): what happened, who did it, with its facts."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

from orders.models import ActorKind, Order, OrderEvent

_acting_app: ContextVar[str] = ContextVar("acting_app", default="")


@contextmanager
def acting_app(name: str):
    """What a merchant's authorised app does through the open platform: inside this block
    the events a merchant's action records name the app as their actor (ActorKind.APP,
    params["app"]), whichever service records them."""
    token = _acting_app.set(name)
    try:
        yield
    finally:
        _acting_app.reset(token)


def _event(order_id, kind, *, actor_kind, actor, detail: str, params, at=None) -> OrderEvent:
    app = _acting_app.get()
    if app and actor_kind == ActorKind.MERCHANT:
        actor_kind, params = ActorKind.APP, {**(params or {}), "app": app}
    return OrderEvent(
        order_id=order_id,
        kind=kind,
        actor_kind=actor_kind,
        actor=actor,
        detail=detail[:300],
        params=params or {},
        created_at=at or timezone.now(),
    )


def record_event(
    order, kind, *, actor_kind, actor=None, detail: str = "", params=None, at=None
) -> OrderEvent:
    """On the order's timeline: `params` are the system's facts (worded in the reader's
    language when shown, see OrderEvent.describe), `detail` what a person wrote."""
    event = _event(
        order.pk, kind, actor_kind=actor_kind, actor=actor, detail=detail, params=params, at=at
    )
    event.save(force_insert=True)
    order.updated_at = timezone.now()
    Order.objects.filter(pk=order.pk).update(updated_at=order.updated_at)
    return event


def record_events(
    order_ids, kind, *, actor_kind, actor=None, detail: str = "", params=None
) -> None:
    """The same event on many orders' timelines, in one insert."""
    order_ids = list(order_ids)
    OrderEvent.objects.bulk_create(
        _event(pk, kind, actor_kind=actor_kind, actor=actor, detail=detail, params=params)
        for pk in order_ids
    )
    Order.objects.filter(pk__in=order_ids).update(updated_at=timezone.now())
