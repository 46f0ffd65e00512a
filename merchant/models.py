from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.append_only import AppendOnlyModel, AppendOnlyQuerySet
from common.tenancy import ShopScopedQuerySet


class User(AbstractUser):
    """Everyone who logs in: merchant staff, manufacturers' staff, buyers, platform admins.

    What a user may do follows from its memberships (shops) or its buyer profile, not from
    fields here.
    """

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Shop(models.Model):
    # The public shop ID (店铺ID): random digits, so neighbours are not guessable from it.
    shop_no = models.PositiveBigIntegerField(_("shop ID"), unique=True, editable=False)
    name = models.CharField(_("shop name"), max_length=30, unique=True)
    # Set by a platform admin: the shop's console and API answer with the reason instead.
    is_suspended = models.BooleanField(_("suspended"), default=False)
    suspension_reason = models.CharField(_("suspension reason"), max_length=200, blank=True)
    # 库存预警: a SKU with this much stock or less is low, unless it has its own threshold.
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), default=10, db_default=10
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.shop_no})"


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    OPERATIONS = "operations", _("Operations")
    CUSTOMER_SERVICE = "customer_service", pgettext_lazy("role", "Customer service")
    FINANCE = "finance", _("Finance")


STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.OWNER]


class Membership(models.Model):
    """A user's place in a shop: the owner, or a staff sub-account (子账号) with a role."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("shop")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "shop"], name="membership_user_shop_unique"),
            models.UniqueConstraint(
                fields=["shop"],
                condition=models.Q(role="owner"),
                name="membership_one_owner_per_shop",
            ),
        ]
        indexes = [models.Index(fields=["shop", "role"], name="membership_shop_role_idx")]

    def __str__(self):
        return f"{self.user} @ {self.shop} ({self.get_role_display()})"


class ReturnAddress(models.Model):
    """退货地址: where returns go; chosen when a dropship order is shipped online."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="return_addresses", verbose_name=_("shop")
    )
    name = models.CharField(_("contact name"), max_length=20)
    phone = models.CharField(_("phone"), max_length=20)
    province = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=20)
    district = models.CharField(_("district"), max_length=20)
    address = models.CharField(_("address"), max_length=120)
    is_default = models.BooleanField(_("default"), default=False)
    # Removed by the shop: kept (shipped orders name it), hidden from every list.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("return address")
        verbose_name_plural = _("return addresses")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop"],
                condition=models.Q(is_default=True, deleted_at__isnull=True),
                name="return_address_one_default_per_shop",
            )
        ]

    def __str__(self):
        return f"{self.name} {self.province}{self.city}{self.district}{self.address}"


class Notification(models.Model):
    """站内通知: something the console tells one member of a shop. It is stored as a kind and
    its parameters, never as text, so that each reader sees it in their own language
    (`merchant.notifications.render`)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("shop")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "shop", "-created_at", "-id"], name="notification_user_time_idx"
            ),
            models.Index(
                fields=["user", "shop"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            # 消息中心's kind filter.
            models.Index(
                fields=["user", "shop", "kind", "-created_at", "-id"],
                name="notification_user_kind_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind}"


class NotificationSetting(models.Model):
    """A member's choice for one kind of notification in one shop (通知设置). Only a kind
    turned off has a row: every kind is on until the member says otherwise."""

    shop = models.ForeignKey(
        Shop,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("shop"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "user", "kind"], name="notification_setting_unique"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.enabled}"


class ApiToken(models.Model):
    """An API token (`Authorization: Token <key>`), one per login of a client. Only the
    key's SHA-256 is stored: a copy of the database lets no one in. A token ends when it is
    revoked, when it has not been used for API_TOKEN_IDLE_LIFETIME (each use slides the
    end), or when the user's password changes (`auth_hash`, as Django does for sessions)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    name = models.CharField(_("client"), max_length=200, blank=True)
    auth_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="api_token_user_idx")]

    def __str__(self):
        return f"{self.user_id} {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and (
                self.auth_hash == self.user.get_session_auth_hash()
                or self.auth_hash in self.user.get_session_auth_fallback_hash()
            )
        )


class Operation(models.TextChoices):
    """What the operation log (操作日志) records, named by what the merchant did."""

    PRODUCT_CREATED = "product.created", _("Product created")
    PRODUCT_CHANGED = "product.changed", _("Product edited")
    PRODUCT_ON_SALE = "product.on_sale", _("Put on sale")
    PRODUCT_OFF_SALE = "product.off_sale", _("Taken off sale")
    STOCK_CHANGED = "product.stock", _("Stock changed")
    MEMBER_ADDED = "member.added", _("Sub-account created")
    MEMBER_CHANGED = "member.changed", _("Sub-account changed")
    SHOP_CHANGED = "shop.changed", _("Shop settings changed")
    RETURN_ADDRESS_ADDED = "return_address.added", _("Return address added")
    RETURN_ADDRESS_CHANGED = "return_address.changed", _("Return address changed")
    RETURN_ADDRESS_DEFAULT = "return_address.default", _("Default return address set")
    RETURN_ADDRESS_DELETED = "return_address.deleted", _("Return address deleted")
    BANK_CARD_BOUND = "payouts.bank_card", _("Payout bank card bound")
    WITHDRAWAL_REQUESTED = "payouts.withdrawal", _("Withdrawal requested")
    BINDING_REQUESTED = "dropship.bind", _("Manufacturer binding requested")
    BINDING_ANSWERED = "dropship.answer", _("Binding request answered")
    BINDING_ENDED = "dropship.unbind", _("Binding ended")
    ORDERS_ASSIGNED = "dropship.assign", _("Orders assigned to a manufacturer")
    ASSIGNMENTS_CANCELLED = "dropship.cancel", _("Assignments cancelled")


class OperationLog(AppendOnlyModel):
    """操作日志: who changed what in the shop, when and from where. Written by the services
    in the transaction of what they record, never changed or deleted afterwards."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="operations", verbose_name=_("shop")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
        help_text=_("Empty: the system (a scheduled task)."),
    )
    action = models.CharField(_("operation"), max_length=30, choices=Operation.choices)
    target = models.CharField(_("object"), max_length=120, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation log entry")
        verbose_name_plural = _("operation log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["shop", "-created_at", "-id"], name="operation_shop_time_idx"),
            models.Index(
                fields=["shop", "action", "-created_at", "-id"], name="operation_shop_action_idx"
            ),
            models.Index(
                fields=["shop", "actor", "-created_at", "-id"], name="operation_shop_actor_idx"
            ),
        ]

    def __str__(self):
        return f"{self.shop_id} {self.action} {self.target}"
