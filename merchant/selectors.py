from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from common.dates import within_days
from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from merchant.models import (
    ApiToken,
    Membership,
    Notification,
    NotificationSetting,
    OperationLog,
    ReturnAddress,
    Shop,
)


def list_memberships_for_user(*, user) -> QuerySet[Membership]:
    """The user's active memberships with their shops; none for a deactivated user (checked
    on the user at hand, which authentication has just read, rather than by a join)."""
    if not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, is_active=True).select_related("shop")


def get_current_membership(*, user, shop_no: str | None = None, shop_id=None) -> Membership | None:
    """The membership a request acts through.

    An API client may name its shop (`X-Shop-No`): then that shop or nothing. The console
    remembers the chosen shop in the session (`shop_id`) and falls back to the user's first
    shop. None for users without an active membership (buyers, platform admins).
    """
    if not user.is_authenticated:
        return None
    memberships = list_memberships_for_user(user=user)
    if shop_no is not None:
        return memberships.filter(shop__shop_no=shop_no).first() if is_identifier(shop_no) else None
    if shop_id:
        chosen = memberships.filter(shop_id=shop_id).first()
        if chosen:
            return chosen
    return memberships.first()


def list_staff(*, shop: Shop) -> QuerySet[Membership]:
    return Membership.objects.for_shop(shop).select_related("user").order_by("created_at", "id")


def get_membership_for_shop(*, shop: Shop, membership_id) -> Membership:
    return get_object_for_shop(
        Membership.objects.select_related("user"), shop=shop, pk=membership_id
    )


def list_return_addresses(*, shop):
    return (
        ReturnAddress.objects.for_shop(shop)
        .filter(deleted_at=None)
        .order_by("-is_default", "-created_at", "-id")
    )


def get_default_return_address(*, shop):
    """The shop's default return address (`shop` or its id), if it has one."""
    return list_return_addresses(shop=shop).filter(is_default=True).first()


def get_return_address_for_shop(*, shop, address_id):
    return get_object_for_shop(list_return_addresses(shop=shop), shop=shop, pk=address_id)


def list_notifications(*, shop, user, unread: bool = False, kind: str = ""):
    """The member's notifications in `shop`, newest first: only the unread ones, or one kind,
    when asked."""
    notifications = Notification.objects.for_shop(shop).filter(user=user)
    if unread:
        notifications = notifications.filter(read_at=None)
    if kind:
        notifications = notifications.filter(kind=kind)
    return notifications.order_by("-created_at", "-id")


def get_notification_for_user(*, shop, user, notification_id) -> Notification:
    """One of the member's own notifications; another member's is a 404, like a missing one."""
    return get_object_for_shop(
        Notification.objects.filter(user=user), shop=shop, pk=notification_id
    )


def notification_settings(*, membership, kinds) -> list[dict]:
    """Each of `kinds` (those the member receives: `merchant.notifications.kinds_for`), with
    whether it is on and whether it may be turned off, in the order of the settings page."""
    if membership is None:
        return []
    off = set(
        NotificationSetting.objects.filter(
            shop_id=membership.shop_id, user_id=membership.user_id, enabled=False
        ).values_list("kind", flat=True)
    )
    return [
        {
            "kind": kind.kind,
            "label": str(kind.label),
            "enabled": not (kind.optional and kind.kind in off),
            "optional": kind.optional,
        }
        for kind in kinds
    ]


def list_unread_notifications(*, shop, user) -> QuerySet[Notification]:
    return Notification.objects.filter(shop=shop, user=user, read_at=None)


def unread_notification_count(*, shop, user) -> int:
    return list_unread_notifications(shop=shop, user=user).count()


def list_tokens(*, user):
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-id")


def get_token_for_user(*, user, pk):
    """One of the user's own tokens; another user's is a 404, like a missing one."""
    return get_object_or_404(list_tokens(user=user), pk=pk)


def list_operations(*, shop) -> QuerySet[OperationLog]:
    """操作日志 of the shop, newest first, with their operators."""
    return (
        OperationLog.objects.for_shop(shop).select_related("actor").order_by("-created_at", "-id")
    )


def filter_operations(
    operations, *, action="", operator="", target="", created_from=None, created_to=None
) -> QuerySet[OperationLog]:
    """The operation log's filters: an operation, an operator's username, words of the
    object, days in Shanghai time (both ends included)."""
    if action:
        operations = operations.filter(action=action)
    if operator:
        operations = operations.filter(actor__username=operator)
    if target:
        operations = operations.filter(target__icontains=target)
    return within_days(operations, "created_at", created_from, created_to)
