"""The merchant's remark on an order and the platform's review hold."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from orders.models import (
    ActorKind,
    Order,
    OrderEventKind,
    RemarkFlag,
)
from orders.services.state import lock_order, pause_or_resume_deadline
from orders.services.timeline import record_event


@transaction.atomic
def set_remark(*, order: Order, remark: str, remark_flag: str, actor) -> Order:
    remark = (remark or "").strip()
    if len(remark) > 200:
        raise InvalidInput({"remark": [_("Keep the remark under 200 characters.")]})
    if remark_flag not in RemarkFlag.values:
        raise InvalidInput({"remark_flag": [_("Choose one of the flag colours.")]})
    order = lock_order(order)
    order.remark, order.remark_flag = remark, remark_flag
    order.save(update_fields=["remark", "remark_flag"])
    record_event(
        order, OrderEventKind.REMARK, actor_kind=ActorKind.MERCHANT, actor=actor, detail=remark
    )
    return order


@transaction.atomic
def set_review(*, order: Order, under_review: bool, actor) -> Order:
    """审核中: the platform holds an order (admin action); it cannot ship meanwhile."""
    order = lock_order(order)
    order.is_under_review = under_review
    paused = pause_or_resume_deadline(order, timezone.now())
    order.save(update_fields=["is_under_review", *paused])
    record_event(
        order,
        OrderEventKind.REVIEW,
        actor_kind=ActorKind.ADMIN,
        actor=actor,
        params={"under_review": under_review},
    )
    return order
