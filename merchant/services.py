from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from common.exceptions import InvalidInput
from common.identifiers import create_with_unique_code, random_digits
from merchant.exceptions import (
    LoginLockedOut,
    OwnerMembershipLocked,
    ShopNameTaken,
    UsernameTaken,
    WrongPassword,
)
from merchant.models import Membership, Notification, Role, Shop

User = get_user_model()


def confirm_password(*, request, user, password: str) -> None:
    """Ask for the user's password again (bank card, password change) through the same
    lockout as login: django-axes counts every wrong answer, by username and address, and
    after AXES_FAILURE_LIMIT of them refuses even the right one for the cool-off time.

    Call it outside any transaction: a failure is recorded in the database, and a rollback
    of the caller's work must not take the record with it.
    """
    if authenticate(request, username=user.get_username(), password=password or "") == user:
        return
    if getattr(request, "axes_locked_out", False):
        raise LoginLockedOut()
    raise WrongPassword()


def _check_password(password: str, user) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput({"password": error.messages}) from error


def create_user(*, username: str, password: str, **extra) -> User:
    """A user with a validated password; the caller owns the transaction."""
    username = User.normalize_username(username.strip())
    try:
        User._meta.get_field("username").run_validators(username)
    except ValidationError as error:
        raise InvalidInput({"username": error.messages}) from error
    if not username:
        raise InvalidInput({"username": [_("Enter a username.")]})
    if User.objects.filter(username__iexact=username).exists():
        raise UsernameTaken()
    user = User(username=username, **extra)
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # a parallel sign-up took the name first
        raise UsernameTaken() from error
    return user


def _create_shop(*, name: str) -> Shop:
    """A shop under a random nine-digit shop ID (店铺ID), not guessable from its neighbours."""
    taken = ShopNameTaken()
    if Shop.objects.filter(name=name).exists():
        raise taken
    try:
        return create_with_unique_code(
            Shop, field="shop_no", make_code=lambda: int(random_digits(9)), name=name
        )
    except IntegrityError as error:  # a parallel sign-up took the name first
        raise taken from error


def _check_staff_role(role: str) -> None:
    if role not in Role.values or role == Role.OWNER:
        raise InvalidInput({"role": [_("Choose one of the staff roles.")]})


@transaction.atomic
def register_merchant(*, username: str, password: str, shop_name: str) -> Membership:
    """Sign-up (入驻): a new user owning a new shop, or nothing at all."""
    user = create_user(username=username, password=password)
    shop = _create_shop(name=shop_name.strip())
    return Membership.objects.create(user=user, shop=shop, role=Role.OWNER)


@transaction.atomic
def add_staff(*, shop: Shop, username: str, password: str, role: str, name: str = "") -> Membership:
    """The owner adds a staff sub-account (子账号) with one of the staff roles."""
    _check_staff_role(role)
    user = create_user(username=username, password=password, first_name=name.strip())
    return Membership.objects.create(user=user, shop=shop, role=role)


@transaction.atomic
def update_staff(*, membership: Membership, role: str, is_active: bool) -> Membership:
    """Change a sub-account's role, or switch it off (it then cannot act in the shop)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER:
        raise OwnerMembershipLocked()
    _check_staff_role(role)
    membership.role = role
    membership.is_active = is_active
    membership.save(update_fields=["role", "is_active"])
    return membership


@transaction.atomic
def rename_shop(*, shop: Shop, name: str) -> Shop:
    name = name.strip()
    if Shop.objects.exclude(pk=shop.pk).filter(name=name).exists():
        raise ShopNameTaken(fields={"name": [ShopNameTaken.default_message]})
    shop.name = name
    shop.save(update_fields=["name"])
    return shop


def issue_token(*, user) -> Token:
    """The API token of a user: the same one on every login until it is revoked."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def add_return_address(*, shop, name, phone, province, city, district, address):
    from merchant.models import ReturnAddress

    values = {
        "name": name,
        "phone": phone,
        "province": province,
        "city": city,
        "district": district,
        "address": address,
    }
    values = {key: (value or "").strip() for key, value in values.items()}
    missing = {key: [_("This field is required.")] for key, value in values.items() if not value}
    if missing:
        raise InvalidInput(missing)
    return ReturnAddress.objects.create(shop=shop, **values)


def notify(*, shop: Shop, users, kind: str, **params) -> list[Notification]:
    """A console notification for each of `users`, inside the caller's transaction (so it
    exists exactly when what it tells of does)."""
    return Notification.objects.bulk_create(
        Notification(shop=shop, user=user, kind=kind, params=params) for user in users
    )


def notify_owner(*, shop: Shop, kind: str, **params) -> list[Notification]:
    owners = [m.user for m in Membership.objects.filter(shop=shop, role=Role.OWNER)]
    return notify(shop=shop, users=owners, kind=kind, **params)


def mark_notifications_read(*, shop: Shop, user) -> int:
    from django.utils import timezone

    return Notification.objects.filter(shop=shop, user=user, read_at=None).update(
        read_at=timezone.now()
    )
