import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import current_request
from common.exceptions import InvalidInput
from common.http import client_ip
from common.identifiers import create_with_unique_code, random_digits, secret_digest
from common.phones import MESSAGE, clean_phone
from common.sockets import send_on_commit
from merchant.exceptions import (
    LoginLockedOut,
    OwnerMembershipLocked,
    ShopNameTaken,
    UsernameTaken,
    WrongPassword,
)
from merchant.models import (
    ApiToken,
    Membership,
    Notification,
    NotificationSetting,
    Operation,
    OperationLog,
    ReturnAddress,
    Role,
    Shop,
)
from merchant.notifications import (
    SHOP_REINSTATED_NOTIFICATION,
    SHOP_SUSPENDED_NOTIFICATION,
    get_kind,
    kinds_for,
)
from merchant.permissions import AREAS_BY_ROLE
from merchant.signals import credentials_revoked

User = get_user_model()
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


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
    membership = Membership.objects.create(user=user, shop=shop, role=role)
    record_operation(
        shop=shop,
        action=Operation.MEMBER_ADDED,
        target=user.username,
        changes={"role": [None, role]},
    )
    return membership


@transaction.atomic
def update_staff(*, membership: Membership, role: str, is_active: bool) -> Membership:
    """Change a sub-account's role, or switch it off (it then cannot act in the shop)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER:
        raise OwnerMembershipLocked()
    _check_staff_role(role)
    changes = changed_fields(
        {"role": membership.role, "is_active": membership.is_active},
        {"role": role, "is_active": is_active},
    )
    if changes:
        record_operation(
            shop=membership.shop_id,
            action=Operation.MEMBER_CHANGED,
            target=membership.user.username,
            changes=changes,
        )
    membership.role = role
    membership.is_active = is_active
    membership.save(update_fields=["role", "is_active"])
    if changes:  # its tokens and chat sockets end with the old role
        revoke_tokens(user=membership.user)
    return membership


MAX_LOW_STOCK_THRESHOLD = 100_000


def clean_low_stock_threshold(value, *, field: str = "low_stock_threshold") -> int:
    """库存预警 threshold (the shop's or a SKU's): a whole number from 0 to 100,000, refused
    on `field` otherwise."""
    try:
        threshold = int(value) if not isinstance(value, bool | float) else None
    except (TypeError, ValueError):
        threshold = None
    if threshold is None or not 0 <= threshold <= MAX_LOW_STOCK_THRESHOLD:
        raise InvalidInput({field: [_("Enter a whole number from 0 to 100,000.")]})
    return threshold


@transaction.atomic
def update_shop(*, shop: Shop, name: str | None = None, low_stock_threshold=None) -> Shop:
    """店铺设置: the shop's name (unique among shops) and its default low-stock threshold;
    what is not given stays as it is."""
    before = {"name": shop.name, "low_stock_threshold": shop.low_stock_threshold}
    fields = []
    if name is not None:
        name = name.strip()
        if not name or len(name) > 30:
            raise InvalidInput({"name": [_("Enter a shop name of 1 to 30 characters.")]})
        if Shop.objects.exclude(pk=shop.pk).filter(name=name).exists():
            raise ShopNameTaken(fields={"name": [ShopNameTaken.default_message]})
        shop.name = name
        fields.append("name")
    if low_stock_threshold is not None:
        shop.low_stock_threshold = clean_low_stock_threshold(low_stock_threshold)
        fields.append("low_stock_threshold")
    if fields:
        shop.save(update_fields=fields)
        changes = changed_fields(before, {field: getattr(shop, field) for field in before})
        if changes:
            record_operation(shop=shop, action=Operation.SHOP_CHANGED, changes=changes)
    return shop


def issue_token(*, user, name: str = "") -> ApiToken:
    """A new API token for one client of `user` (each login gets its own, so each can be
    seen and revoked alone). The key is on the returned object as `.key`, and nowhere
    else: only its digest is stored."""
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_digest=secret_digest(key),
        prefix=key[:8],
        name=(name or "")[:200],
        auth_hash=user.get_session_auth_hash(),
        created_at=now,
        last_used_at=now,
        expires_at=now + settings.API_TOKEN_IDLE_LIFETIME,
    )
    token.key = key
    return token


def authenticate_token(key: str) -> ApiToken | None:
    """The live token for `key`, its use recorded (sliding its end, at most once a minute,
    so that a busy client does not write on every call); None for anything else: unknown,
    revoked, idle too long, issued before a password change, or of an inactive user."""
    if not key or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(key_digest=secret_digest(key)).first()
    if token is None or not token.user.is_active or not token.is_active:
        return None
    now = timezone.now()
    if now - token.last_used_at > TOKEN_TOUCH_INTERVAL:
        token.last_used_at, token.expires_at = now, now + settings.API_TOKEN_IDLE_LIFETIME
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(
            last_used_at=token.last_used_at, expires_at=token.expires_at
        )
    return token


def revoke_token(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=timezone.now())
    credentials_revoked.send(sender=ApiToken, user=token.user)


def revoke_tokens(*, user) -> int:
    """Every token of `user` ends now (password change, a membership switched off or given
    another role, wherever it was made, "log out everywhere"); their open chat sockets
    close after commit."""
    count = ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=timezone.now())
    credentials_revoked.send(sender=ApiToken, user=user)
    return count


def change_password(*, user, new_password: str) -> None:
    """The user's new password (already validated by the form); every API token and chat
    socket of theirs ends with the old one."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        revoke_tokens(user=user)


RETURN_ADDRESS_FIELDS = ("name", "phone", "province", "city", "district", "address")


def _clean_return_address(values: dict) -> dict:
    values = {key: (values.get(key) or "").strip() for key in RETURN_ADDRESS_FIELDS}
    errors = {key: [_("This field is required.")] for key, value in values.items() if not value}
    if "phone" not in errors:
        phone = clean_phone(values["phone"])
        if phone is None:
            errors["phone"] = [MESSAGE]
        values["phone"] = phone
    if errors:
        raise InvalidInput(errors)
    return values


@transaction.atomic
def add_return_address(*, shop, is_default: bool = False, **fields):
    """退货地址; the shop's first one is its default."""
    values = _clean_return_address(fields)
    Shop.objects.select_for_update().filter(pk=shop.pk).first()  # one default, under races
    first = not ReturnAddress.objects.for_shop(shop).filter(deleted_at=None).exists()
    if is_default and not first:
        ReturnAddress.objects.for_shop(shop).filter(is_default=True).update(is_default=False)
    address = ReturnAddress.objects.create(shop=shop, is_default=is_default or first, **values)
    record_operation(shop=shop, action=Operation.RETURN_ADDRESS_ADDED, target=str(address))
    return address


@transaction.atomic
def update_return_address(*, return_address, **fields):
    """Change any of the address's fields (those not given keep their value)."""
    current = {field: getattr(return_address, field) for field in RETURN_ADDRESS_FIELDS}
    values = _clean_return_address({**current, **fields})
    ReturnAddress.objects.filter(pk=return_address.pk).update(**values)
    return_address.refresh_from_db()
    changes = changed_fields(current, values)
    if changes:
        record_operation(
            shop=return_address.shop_id,
            action=Operation.RETURN_ADDRESS_CHANGED,
            target=return_address.name,
            changes=changes,
        )
    return return_address


@transaction.atomic
def set_default_return_address(*, return_address):
    shop_id = return_address.shop_id
    Shop.objects.select_for_update().filter(pk=shop_id).first()
    ReturnAddress.objects.filter(shop_id=shop_id, is_default=True).update(is_default=False)
    ReturnAddress.objects.filter(pk=return_address.pk).update(is_default=True)
    return_address.refresh_from_db()
    record_operation(
        shop=shop_id, action=Operation.RETURN_ADDRESS_DEFAULT, target=str(return_address)
    )
    return return_address


@transaction.atomic
def delete_return_address(*, return_address) -> None:
    """Hidden from now on (orders shipped with it still name it); the newest remaining
    address becomes the default if this one was."""
    shop_id = return_address.shop_id
    Shop.objects.select_for_update().filter(pk=shop_id).first()
    ReturnAddress.objects.filter(pk=return_address.pk).update(
        deleted_at=timezone.now(), is_default=False
    )
    record_operation(
        shop=shop_id, action=Operation.RETURN_ADDRESS_DELETED, target=str(return_address)
    )
    if return_address.is_default:
        newest = (
            ReturnAddress.objects.filter(shop_id=shop_id, deleted_at=None)
            .order_by("-created_at", "-id")
            .first()
        )
        if newest is not None:
            ReturnAddress.objects.filter(pk=newest.pk).update(is_default=True)


# Notification center (消息中心)


def notification_group(*, shop_id, user_id) -> str:
    """The sockets of one member of one shop, told of their unread count."""
    return f"notifications.{shop_id}.{user_id}"


def revoked_group(user_id) -> str:
    """Every notification socket of one user: closed when their credentials end."""
    return f"notifications.user.{user_id}"


def push_unread_counts(*, shop_id, user_ids) -> None:
    """After commit: each member's sockets get their new unread count, read then (the
    committed one); a lost push is mended by the next page load."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return

    def messages():
        counts = dict(
            Notification.objects.filter(shop_id=shop_id, user_id__in=user_ids, read_at=None)
            .values("user_id")
            .annotate(unread=Count("id"))
            .values_list("user_id", "unread")
        )
        return [
            (
                notification_group(shop_id=shop_id, user_id=user_id),
                {"type": "notification.unread", "unread": counts.get(user_id, 0)},
            )
            for user_id in user_ids
        ]

    send_on_commit(messages, what=f"unread counts of shop {shop_id}")


def close_notification_sockets(*, user) -> None:
    send_on_commit(
        lambda: [(revoked_group(user.pk), {"type": "notification.close"})],
        what=f"closing the notification sockets of user {user.pk}",
    )


def notify(*, shop: Shop, users, kind: str, **params) -> list[Notification]:
    """A notification of `kind` for each of `users`, inside the caller's transaction (so it
    exists exactly when what it tells of does), unless a user turned the kind off."""
    kind_spec = get_kind(kind)
    users = list(users)
    if kind_spec.optional and users:
        muted = set(
            NotificationSetting.objects.filter(
                shop=shop, user__in=users, kind=kind, enabled=False
            ).values_list("user_id", flat=True)
        )
        users = [user for user in users if user.pk not in muted]
    created = Notification.objects.bulk_create(
        Notification(shop=shop, user=user, kind=kind, params=params) for user in users
    )
    push_unread_counts(shop_id=shop.pk, user_ids=[user.pk for user in users])
    return created


def notify_shop(*, shop: Shop, kind: str, **params) -> list[Notification]:
    """A notification of `kind` for every active member of `shop` whose role reaches one of
    the kind's areas (finance reads money, operations reads orders)."""
    areas = set(get_kind(kind).areas)
    roles = [role for role, reached in AREAS_BY_ROLE.items() if reached & areas]
    members = Membership.objects.filter(shop=shop, is_active=True, role__in=roles).select_related(
        "user"
    )
    return notify(shop=shop, users=[membership.user for membership in members], kind=kind, **params)


def mark_notifications_read(*, shop: Shop, user, notification_ids=None) -> int:
    """Marks the user's unread notifications read: all of them, or those of `notification_ids`
    (ids of other users or shops are ignored: nothing of theirs is touched)."""
    unread = Notification.objects.filter(shop=shop, user=user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        if marked:
            push_unread_counts(shop_id=shop.pk, user_ids=[user.pk])
    return marked


@transaction.atomic
def set_notification_settings(*, shop: Shop, user, enabled: dict[str, bool]) -> None:
    """Turns kinds on or off for the user in `shop`. A kind they do not receive, or one that
    cannot be turned off, is refused by name and nothing is changed."""
    membership = Membership.objects.filter(shop=shop, user=user, is_active=True).first()
    offered = {kind.kind for kind in kinds_for(membership) if kind.optional}
    unknown = sorted(set(enabled) - offered)
    if unknown:
        raise InvalidInput(
            {"kind": [_("These notifications cannot be set here: %s.") % ", ".join(unknown)]}
        )
    for kind, on in enabled.items():
        NotificationSetting.objects.update_or_create(
            shop=shop, user=user, kind=kind, defaults={"enabled": bool(on)}
        )


def shop_suspension_changed(*, shop: Shop) -> None:
    """A platform admin suspended the shop or lifted its suspension: every member is told."""
    if shop.is_suspended:
        notify_shop(shop=shop, kind=SHOP_SUSPENDED_NOTIFICATION, reason=shop.suspension_reason)
    else:
        notify_shop(shop=shop, kind=SHOP_REINSTATED_NOTIFICATION)


# Operation log (操作日志)


def _text(value) -> str:
    return "" if value is None else str(value)


def record_operation(
    *, shop, action: str, target: str = "", changes: dict | None = None, actor=None
) -> OperationLog:
    """One line of the operation log, in the caller's transaction (`shop`: the shop or its
    id). The operator and their address come from the request being served (common.audit)
    unless `actor` is given; outside a request it is the system's. `changes`: {field:
    [before, after]}, as text."""
    (line,) = record_operations(
        shop=shop, action=action, targets=[target], changes=changes, actor=actor
    )
    return line


def record_operations(
    *, shop, action: str, targets, changes: dict | None = None, actor=None
) -> list[OperationLog]:
    """The same operation on several objects (a batch 上架), one line each, in one insert."""
    request = current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    changes = {
        field: [_text(before)[:200], _text(after)[:200]]
        for field, (before, after) in (changes or {}).items()
    }
    ip_address = client_ip(request) if request is not None else None
    return OperationLog.objects.bulk_create(
        OperationLog(
            shop_id=getattr(shop, "pk", shop),
            actor=actor,
            action=action,
            target=str(target)[:120],
            changes=changes,
            ip_address=ip_address,
        )
        for target in targets
    )


def changed_fields(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields whose value differs (a field missing on one
    side was added or removed: None there)."""
    fields = list(dict.fromkeys([*before, *after]))
    return {
        field: [before.get(field), after.get(field)]
        for field in fields
        if _text(before.get(field)) != _text(after.get(field))
    }
