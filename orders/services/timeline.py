"""The order's timeline (OrderEvent): what happened, who did it, with its facts."""

from django.utils import timezone

from orders.models import (
    OrderEvent,
)


def _event(order_id, kind, *, actor_kind, actor, detail: str, params, at=None) -> OrderEvent:
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
    return event


def record_events(
    order_ids, kind, *, actor_kind, actor=None, detail: str = "", params=None
) -> None:
    """The same event on many orders' timelines, in one insert."""
    OrderEvent.objects.bulk_create(
        _event(pk, kind, actor_kind=actor_kind, actor=actor, detail=detail, params=params)
        for pk in order_ids
    )
