from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.money import MONEY
from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop
from orders.models import UnassignReason


class DropshipRole(models.TextChoices):
    MERCHANT = "merchant", _("Merchant")
    MANUFACTURER = "manufacturer", _("Manufacturer")


class DropshipIdentity(models.Model):
    """The side a shop took in dropshipping (商家 or 代发厂家), chosen once."""

    shop = models.OneToOneField(
        Shop, on_delete=models.PROTECT, related_name="dropship_identity", verbose_name=_("shop")
    )
    role = models.CharField(_("dropship role"), max_length=20, choices=DropshipRole.choices)
    display_name = models.CharField(_("display name"), max_length=30)
    sender_name = models.CharField(_("sender name"), max_length=30, blank=True)
    sender_phone = models.CharField(_("sender phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dropship identity")
        verbose_name_plural = _("dropship identities")

    def __str__(self):
        return f"{self.shop} · {self.get_role_display()}"


class BindingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the manufacturer")
    ACTIVE = "active", _("Bound")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Unbound")


class SyncStatus(models.TextChoices):
    IDLE = "idle", _("Not synchronised")
    RUNNING = "running", _("Synchronising")
    DONE = "done", _("Synchronised")


class BindingQuerySet(models.QuerySet):
    def for_shop(self, shop):
        """Both sides see a binding: the merchant that asked and the manufacturer asked."""
        return self.filter(models.Q(merchant_shop=shop) | models.Q(manufacturer_shop=shop))


class Binding(models.Model):
    """A merchant's link to a manufacturer that ships for it."""

    merchant_shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        related_name="manufacturer_bindings",
        verbose_name=_("merchant"),
    )
    manufacturer_shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        related_name="merchant_bindings",
        verbose_name=_("manufacturer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BindingStatus.choices, default=BindingStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("unbound at"), null=True, blank=True)
    ended_by_shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unbound by"),
    )
    sync_status = models.CharField(
        _("order sync"), max_length=10, choices=SyncStatus.choices, default=SyncStatus.IDLE
    )
    synced_count = models.PositiveIntegerField(_("orders synchronised"), default=0)
    synced_at = models.DateTimeField(_("synchronised at"), null=True, blank=True)
    # Statement requests are counted and spaced under a lock on this row.
    last_statement_at = models.DateTimeField(
        _("last statement requested at"), null=True, blank=True
    )

    objects = BindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("binding")
        verbose_name_plural = _("bindings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["merchant_shop", "manufacturer_shop"],
                condition=models.Q(status__in=["pending", "active"]),
                name="binding_one_open_per_pair",
            ),
        ]

    def __str__(self):
        return f"{self.merchant_shop_id} → {self.manufacturer_shop_id} ({self.status})"


class DropshipStatus(models.TextChoices):
    UNASSIGNED = "unassigned", _("Unassigned")
    ASSIGNED = "assigned", _("Assigned")
    TRACKING_RETURNED = "tracking_returned", _("Tracking returned")
    SHIPPED = "shipped", _("Shipped")


class DropshipOrderQuerySet(ShopScopedQuerySet):
    def for_manufacturer(self, shop):
        return self.filter(manufacturer_shop=shop)


class DropshipOrder(models.Model):
    """An order of a merchant in the dropship list, and where it stands with a manufacturer."""

    order = models.OneToOneField(
        "orders.Order", on_delete=models.PROTECT, related_name="dropship", verbose_name=_("order")
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="dropship_orders", verbose_name=_("merchant")
    )
    paid_at = models.DateTimeField(_("paid at"))  # the order's, for sorting and paging here
    dropship_status = models.CharField(
        _("dropship status"),
        max_length=20,
        choices=DropshipStatus.choices,
        default=DropshipStatus.UNASSIGNED,
    )
    manufacturer_shop = models.ForeignKey(
        Shop,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_orders",
        verbose_name=_("manufacturer"),
    )
    binding = models.ForeignKey(
        Binding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("binding"),
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=10, blank=True)
    tracking_no = models.CharField(_("tracking number"), max_length=30, blank=True)
    tracking_returned_at = models.DateTimeField(_("tracking returned at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    return_address = models.ForeignKey(
        "merchant.ReturnAddress",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("return address"),
    )
    last_cancel_reason = models.CharField(
        _("last cancellation"), max_length=200, blank=True, choices=UnassignReason.choices
    )

    objects = DropshipOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("dropship order")
        verbose_name_plural = _("dropship orders")
        ordering = ["-paid_at", "-id"]
        indexes = [
            models.Index(
                fields=["shop", "dropship_status", "-paid_at", "-id"],
                name="dropship_shop_status_idx",
            ),
            models.Index(fields=["shop", "-paid_at", "-id"], name="dropship_shop_paid_idx"),
            models.Index(
                fields=["manufacturer_shop", "-paid_at", "-id"], name="dropship_maker_paid_idx"
            ),
            models.Index(
                fields=["manufacturer_shop", "dropship_status", "-paid_at", "-id"],
                name="dropship_maker_status_idx",
            ),
            models.Index(
                fields=["binding", "dropship_status", "shipped_at"],
                name="dropship_binding_shipped_idx",
            ),
        ]

    def __str__(self):
        return f"{self.order_id} {self.dropship_status}"


class SupplyPriceQuerySet(ShopScopedQuerySet):
    shop_field = "binding__merchant_shop"


class SupplyPrice(models.Model):
    """供货价: what the merchant pays the manufacturer per SKU, per binding."""

    binding = models.ForeignKey(
        Binding, on_delete=models.CASCADE, related_name="supply_prices", verbose_name=_("binding")
    )
    sku = models.ForeignKey(
        "products.Sku", on_delete=models.CASCADE, related_name="+", verbose_name=_("SKU")
    )
    price = models.DecimalField(_("supply price"), **MONEY)

    objects = SupplyPriceQuerySet.as_manager()

    class Meta:
        verbose_name = _("supply price")
        verbose_name_plural = _("supply prices")
        constraints = [
            models.UniqueConstraint(fields=["binding", "sku"], name="supply_price_once_per_sku"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="supply_price_positive"),
        ]

    def __str__(self):
        return f"{self.binding_id} {self.sku_id} {self.price}"


class StatementStatus(models.TextChoices):
    GENERATING = "generating", _("Generating")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class StatementFailure(models.TextChoices):
    BUILD_ERROR = "build_error", _("The statement could not be built; request a new one.")
    GAVE_UP = "gave_up", _("Gave up after 3 attempts.")
    STUCK = "stuck", _("The build did not finish; request a new statement.")


class StatementQuerySet(models.QuerySet):
    def for_shop(self, shop):
        """The merchant and the manufacturer of the binding both see its statements."""
        return self.filter(
            models.Q(binding__merchant_shop=shop) | models.Q(binding__manufacturer_shop=shop)
        )


class Statement(models.Model):
    """对账单: the orders a manufacturer shipped for a merchant in a date range, as files."""

    binding = models.ForeignKey(
        Binding, on_delete=models.PROTECT, related_name="statements", verbose_name=_("binding")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=StatementStatus.choices,
        default=StatementStatus.GENERATING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_on = models.DateField(_("requested on"))
    csv_file = models.FileField(_("CSV file"), upload_to="statements/", blank=True)
    xlsx_file = models.FileField(_("XLSX file"), upload_to="statements/", blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    order_count = models.PositiveIntegerField(_("orders"), default=0)
    total_amount = models.DecimalField(_("total"), default=0, **MONEY)
    missing_prices = models.PositiveIntegerField(_("rows without a supply price"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    failure_reason = models.CharField(
        _("failure reason"), max_length=200, blank=True, choices=StatementFailure.choices
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = StatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["binding", "requested_on"], name="statement_binding_day_idx"),
            models.Index(
                fields=["status", "requested_at"],
                condition=models.Q(status="generating"),
                name="statement_generating_idx",
            ),
        ]

    def __str__(self):
        return f"{self.binding_id} {self.start_date}..{self.end_date}"
