from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from merchant.models import ApiToken, Membership, Notification, ReturnAddress, Shop


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


def list_notifications(*, shop, user):
    return Notification.objects.for_shop(shop).filter(user=user).order_by("-created_at", "-id")


def unread_notification_count(*, shop, user) -> int:
    return Notification.objects.filter(shop=shop, user=user, read_at=None).count()


def list_tokens(*, user):
    return ApiToken.objects.filter(user=user).select_related("user").order_by("-created_at", "-id")


def get_token_for_user(*, user, pk):
    """One of the user's own tokens; another user's is a 404, like a missing one."""
    return get_object_or_404(list_tokens(user=user), pk=pk)
