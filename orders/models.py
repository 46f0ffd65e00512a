from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.exceptions import word_refusal
from common.i18n import choice_label
from common.money import MONEY
from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop
from orders.carriers import carrier_name


class Buyer(models.Model):
    """A platform user who shops: the buyer side of orders, after-sales and chat."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="buyer",
        verbose_name=_("user"),
    )
    nickname = models.CharField(_("nickname"), max_length=30)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("buyer")
        verbose_name_plural = _("buyers")
        ordering = ["-created_at"]

    def __str__(self):
        return self.nickname


class OrderStatus(models.TextChoices):
    AWAITING_SHIPMENT = "awaiting_shipment", _("Awaiting shipment")
    SHIPPED = "shipped", _("Shipped, awaiting receipt")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


# The only status changes services may make; anything else is refused.
ORDER_TRANSITIONS = {
    OrderStatus.AWAITING_SHIPMENT: {OrderStatus.SHIPPED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.RECEIVED},
    OrderStatus.RECEIVED: set(),
    OrderStatus.CANCELLED: set(),
}


class AfterSaleStatus(models.TextChoices):
    NONE = "none", _("None")
    IN_PROGRESS = "in_progress", _("After-sales in progress")
    REFUNDED = "refunded", _("Refunded")
    CLOSED = "closed", _("After-sales closed")


class RemarkFlag(models.TextChoices):
    NONE = "", _("No flag")
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue")
    PURPLE = "purple", _("Purple")


class Order(models.Model):
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="orders", verbose_name=_("shop")
    )
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="orders", verbose_name=_("buyer")
    )
    # Unique by a constraint (Meta), not `unique=True`: on Postgres that would also add a
    # global LIKE index, which lures a shop's number prefix search into the numbers of every
    # shop (tests/common/test_indexes.py); the prefix index below leads with the shop.
    order_sn = models.CharField(_("order number"), max_length=22)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.AWAITING_SHIPMENT,
    )
    after_sale_status = models.CharField(
        _("after-sales status"),
        max_length=20,
        choices=AfterSaleStatus.choices,
        default=AfterSaleStatus.NONE,
    )
    goods_amount = models.DecimalField(_("goods amount"), **MONEY)
    discount_amount = models.DecimalField(_("discount"), default=0, **MONEY)
    shipping_amount = models.DecimalField(_("shipping fee"), default=0, **MONEY)
    pay_amount = models.DecimalField(_("paid amount"), **MONEY)
    consignee_name = models.CharField(_("consignee"), max_length=20)
    consignee_phone = models.CharField(_("consignee phone"), max_length=20)
    province = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=20)
    district = models.CharField(_("district"), max_length=20)
    address = models.CharField(_("address"), max_length=120)
    paid_at = models.DateTimeField(_("paid at"))
    ship_deadline = models.DateTimeField(_("ship deadline"))
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=10, blank=True)
    tracking_no = models.CharField(_("tracking number"), max_length=30, blank=True)
    is_under_review = models.BooleanField(_("under review"), default=False)
    # While the merchant may not ship (under review, or an after-sale open) the shipping
    # deadline pauses: this is when the pause began; the deadline moves on by its length.
    shipping_blocked_since = models.DateTimeField(
        _("shipping blocked since"), null=True, blank=True
    )
    is_late = models.BooleanField(_("late shipment"), default=False)
    tracking_duplicated = models.BooleanField(_("tracking number used twice"), default=False)
    # 修改发货: a shipment's carrier or number may be corrected once, before any logistics.
    shipment_modified_at = models.DateTimeField(_("shipment corrected at"), null=True, blank=True)
    remark = models.CharField(_("merchant remark"), max_length=200, blank=True)
    buyer_note = models.CharField(
        _("buyer's note"), max_length=200, blank=True, default="", db_default=""
    )
    remark_flag = models.CharField(
        _("remark flag"), max_length=10, choices=RemarkFlag.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # When anything last happened to it (each timeline event moves it): the open
    # platform's increment API (pdd.order.number.list.increment.get) pages by it. The
    # columns added since the first release have database defaults as well, so rows written
    # in SQL (bench.generate, a data fix) get them too.
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_default=Now())

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-paid_at", "-id"]
        # Each list tab filters by the shop (and one column) and sorts by paid time: one
        # composite index per tab, so a page is an index range scan at any shop size.
        indexes = [
            models.Index(fields=["shop", "-paid_at", "-id"], name="order_shop_paid_idx"),
            models.Index(fields=["shop", "updated_at", "id"], name="order_shop_updated_idx"),
            models.Index(
                fields=["shop", "status", "-paid_at", "-id"], name="order_shop_status_paid_idx"
            ),
            models.Index(
                fields=["shop", "after_sale_status", "-paid_at", "-id"],
                name="order_shop_aftersale_paid_idx",
            ),
            models.Index(
                fields=["shop", "-paid_at", "-id"],
                condition=models.Q(is_late=True),
                name="order_shop_late_paid_idx",
            ),
            models.Index(
                fields=["shop", "remark_flag", "-paid_at", "-id"],
                condition=~models.Q(remark_flag=""),
                name="order_shop_flag_paid_idx",
            ),
            models.Index(fields=["shop", "consignee_phone"], name="order_shop_phone_idx"),
            models.Index(fields=["shop", "consignee_name"], name="order_shop_consignee_idx"),
            models.Index(fields=["shop", "tracking_no"], name="order_shop_tracking_idx"),
            models.Index(fields=["carrier", "tracking_no"], name="order_carrier_tracking_idx"),
            models.Index(  # order number prefix search inside one shop (LIKE 'prefix%')
                fields=["shop", "order_sn"],
                name="order_shop_sn_prefix_idx",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["shop", "status", "ship_deadline"], name="order_shop_status_deadline_idx"
            ),
            models.Index(
                fields=["status", "ship_deadline"],
                condition=models.Q(is_late=False),
                name="order_late_candidates_idx",
            ),
            models.Index(
                fields=["status", "shipped_at"],
                condition=models.Q(status="shipped"),
                name="order_shipped_at_idx",
            ),
            models.Index(
                fields=["received_at"],
                condition=models.Q(status="received"),
                name="order_received_at_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order_sn"], name="order_sn_unique"),
            models.CheckConstraint(
                condition=models.Q(pay_amount__gte=0), name="order_pay_amount_not_negative"
            ),
        ]

    def __str__(self):
        return self.order_sn

    @property
    def items_summary(self) -> str:
        """The lines in one cell of an export: "T恤 白色 / L ×2; 袜子 默认 ×1" (reads
        `items`, so prefetch them)."""
        return "; ".join(str(item) for item in self.items.all())


# A consignee as clients give and read it -> the columns that hold it (on an order, and on
# an address change request, which uses the same names).
CONSIGNEE_FIELDS = {
    "name": "consignee_name",
    "phone": "consignee_phone",
    "province": "province",
    "city": "city",
    "district": "district",
    "address": "address",
}


def consignee_of(record) -> dict:
    """The consignee of an order or an address change, by the API's names."""
    return {key: getattr(record, field) for key, field in CONSIGNEE_FIELDS.items()}


class OrderItemQuerySet(ShopScopedQuerySet):
    shop_field = "order__shop"


class OrderItem(models.Model):
    """A line of an order, with the title, spec and price as they were when paid."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order")
    )
    product = models.ForeignKey(
        "products.Product",
        on_delete=models.SET_NULL,
        null=True,
        related_name="order_items",
        verbose_name=_("product"),
    )
    sku = models.ForeignKey(
        "products.Sku",
        on_delete=models.SET_NULL,
        null=True,
        related_name="order_items",
        verbose_name=_("SKU"),
    )
    goods_id = models.PositiveBigIntegerField(_("goods ID"))
    title = models.CharField(_("title"), max_length=60)
    spec = models.CharField(_("specification"), max_length=50)
    price = models.DecimalField(_("price"), **MONEY)
    quantity = models.PositiveIntegerField(_("quantity"))
    amount = models.DecimalField(_("amount"), **MONEY)

    objects = OrderItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="item_quantity_positive"
            )
        ]

    def __str__(self):
        return f"{self.title} {self.spec} ×{self.quantity}"


class ActorKind(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    MERCHANT = "merchant", _("Merchant staff")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    SYSTEM = "system", _("System")
    ADMIN = "admin", _("Platform admin")
    APP = "app", _("Open platform app")  # an ERP's call through /api/router (params: app)


class OrderEventKind(models.TextChoices):
    PLACED = "placed", _("Order paid")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")
    AFTER_SALE_OPENED = "after_sale_opened", _("After-sales opened")
    AFTER_SALE_REFUNDED = "after_sale_refunded", _("Refund approved")
    AFTER_SALE_CLOSED = "after_sale_closed", _("After-sales refused")
    AFTER_SALE_AGREED = "after_sale_agreed", _("Return agreed")
    AFTER_SALE_RETURN_SHIPPED = "after_sale_return_shipped", _("Return shipped by the buyer")
    AFTER_SALE_RETURN_RECEIVED = "after_sale_return_received", _("Return received")
    AFTER_SALE_RESENT = "after_sale_resent", _("Replacement shipped")
    AFTER_SALE_WITHDRAWN = "after_sale_withdrawn", _("After-sales withdrawn")
    AFTER_SALE_APPEALED = "after_sale_appealed", _("Platform asked to step in")
    AFTER_SALE_EXPIRED = "after_sale_expired", _("Return not shipped in time")
    REMARK = "remark", _("Remark changed")
    REVIEW = "review", _("Review flag changed")
    LATE_SHIPMENT = "late_shipment", _("Late shipment recorded")
    TRACKING_DUPLICATED = "tracking_duplicated", _("Tracking number used on another order")
    LOGISTICS = "logistics", _("Logistics update")
    ASSIGNED = "assigned", _("Assigned to a manufacturer")
    UNASSIGNED = "unassigned", _("Assignment cancelled")
    TRACKING_RETURNED = "tracking_returned", _("Tracking number returned")
    CONSIGNEE_REVEALED = "consignee_revealed", _("Consignee printed by the manufacturer")
    SHIPMENT_MODIFIED = "shipment_modified", _("Shipment corrected")
    WAYBILL_PRINTED = "waybill_printed", _("Waybill printed")  # an ERP said so (erp.order.sync)
    PACKAGE_ADDED = "package_added", _("Package added")
    ADDRESS_CHANGE_REQUESTED = "address_change_requested", _("Address change requested")
    ADDRESS_CHANGED = "address_changed", _("Address changed")
    ADDRESS_CHANGE_REFUSED = "address_change_refused", _("Address change refused")


class ReceiptBy(models.TextChoices):
    """Who received an order when it was not the buyer (on the RECEIVED event)."""

    AUTOMATIC = "automatic", _("Automatic receipt")
    CARRIER = "carrier", _("Delivered by the carrier")


class UnassignReason(models.TextChoices):
    """Why an order assigned to a manufacturer came back to the merchant."""

    BINDING_ENDED = "binding_ended", _("The binding was ended.")
    MERCHANT_CANCELLED = "merchant_cancelled", _("Cancelled by the merchant.")
    AFTER_SALE_OPENED = "after_sale_opened", _("The buyer opened an after-sales request.")


class OrderEventQuerySet(ShopScopedQuerySet):
    shop_field = "order__shop"


class OrderEvent(models.Model):
    """The order's timeline: everything that happened to it, and who did it."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="events", verbose_name=_("order")
    )
    kind = models.CharField(_("event"), max_length=30, choices=OrderEventKind.choices)
    actor_kind = models.CharField(_("actor"), max_length=20, choices=ActorKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    params = models.JSONField(_("facts"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = OrderEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "created_at"], name="order_event_order_idx")]

    def __str__(self):
        return f"{self.order_id} {self.kind}"

    def describe(self) -> str:
        """The event's detail in the reader's language. What the system records is kept as
        facts (`params`) and worded when shown; `detail` holds only what people wrote or
        named (a remark, a refusal reason, a shop, order numbers)."""
        facts, parts = self.params or {}, []
        if "after_sale_kind" in facts:
            parts.append(choice_label(AfterSaleKind, facts["after_sale_kind"]))
        if "carrier" in facts:
            parts.append(f"{carrier_name(facts['carrier'])} {facts.get('tracking_no', '')}")
        if "previous_carrier" in facts:
            previous = carrier_name(facts["previous_carrier"])
            parts.append(
                _("(was %(shipment)s)")
                % {"shipment": f"{previous} {facts['previous_tracking_no']}"}
            )
        if "amount" in facts:
            parts.append(f"¥{facts['amount']}")
        if "received_by" in facts:
            parts.append(choice_label(ReceiptBy, facts["received_by"]))
        if "under_review" in facts:
            parts.append(str(_("Under review") if facts["under_review"] else _("Review finished")))
        if "unassign_reason" in facts:
            parts.append(choice_label(UnassignReason, facts["unassign_reason"]))
        if self.detail:
            parts.append(self.detail)
        if "previous_address" in facts:  # after the new address (the detail)
            parts.append(_("(was %(address)s)") % {"address": facts["previous_address"]})
        return " ".join(parts)


class LogisticsStatus(models.TextChoices):
    COLLECTED = "collected", _("Collected")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERING = "delivering", _("Out for delivery")
    DELIVERED = "delivered", _("Delivered")
    EXCEPTION = "exception", _("Exception")


class LogisticsEventQuerySet(ShopScopedQuerySet):
    shop_field = "order__shop"


class LogisticsEvent(models.Model):
    """A carrier's tracking update, as posted to the logistics webhook."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="logistics_events", verbose_name=_("order")
    )
    # Which parcel it is about: the order's own number or one of its packages' ("" before
    # packages existed: the order's own).
    tracking_no = models.CharField(
        _("tracking number"), max_length=30, blank=True, default="", db_default=""
    )
    event_id = models.CharField(_("carrier event ID"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=LogisticsStatus.choices)
    description = models.CharField(_("description"), max_length=200)
    location = models.CharField(_("location"), max_length=60, blank=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = LogisticsEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("logistics event")
        verbose_name_plural = _("logistics events")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "tracking_no", "event_id"],
                name="logistics_event_once_per_parcel",
            )
        ]

    def __str__(self):
        return f"{self.order_id} {self.status}"


class Package(models.Model):
    """拆包裹: a further parcel of a shipped order, with its own carrier and tracking number
    and its own logistics (the first parcel is the order's own carrier and number)."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="packages", verbose_name=_("order")
    )
    carrier = models.CharField(_("carrier"), max_length=10)
    tracking_no = models.CharField(_("tracking number"), max_length=30)
    created_at = models.DateTimeField(_("shipped at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = OrderItemQuerySet.as_manager()  # scoped through the order's shop

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["carrier", "tracking_no"], name="package_tracking_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "carrier", "tracking_no"], name="package_once_per_order"
            )
        ]

    def __str__(self):
        return f"{self.order_id} {self.carrier} {self.tracking_no}"


class AfterSaleKind(models.TextChoices):
    """售后类型, as the platform has them (its 维修, repair, is not sold here)."""

    REFUND_ONLY = "refund_only", _("Refund only")  # 仅退款
    RETURN_AND_REFUND = "return_and_refund", _("Return and refund")  # 退货退款
    EXCHANGE = "exchange", _("Exchange")  # 换货
    RESEND = "resend", _("Resend")  # 补寄: what was missing is sent again


# The kinds in which goods travel back to the shop before anything else happens.
RETURN_KINDS = (AfterSaleKind.RETURN_AND_REFUND, AfterSaleKind.EXCHANGE)


class AfterSaleReason(models.TextChoices):
    """The platform's list of after-sales reasons; the buyer's own words go in `reason`."""

    NOT_WANTED = "not_wanted", _("No longer wanted")  # 不想要了
    WRONG_ITEM = "wrong_item", _("Wrong item sent")  # 卖家发错货
    MISSING_PARTS = "missing_parts", _("Missing parts or items")  # 少件/漏发
    DAMAGED = "damaged", _("Damaged on arrival")  # 商品破损
    QUALITY = "quality", _("Quality problem")  # 质量问题
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")  # 与商品描述不符
    NOT_DELIVERED = "not_delivered", _("Never delivered")  # 快递一直未送到
    LATE_SHIPMENT = "late_shipment", _("Not shipped in time")  # 未按约定时间发货
    OTHER = "other", _("Other")


class AfterSaleStage(models.TextChoices):
    """Where an after-sale stands (the platform's after_sales_status, in words); its
    summary, kept on the after-sale and on the order, is AfterSaleStatus."""

    AWAITING_MERCHANT = "awaiting_merchant", _("Awaiting the merchant")  # 待商家处理
    AWAITING_RETURN = "awaiting_return", _("Awaiting the buyer's return")  # 待买家退货
    AWAITING_RECEIPT = "awaiting_receipt", _("Awaiting the merchant's receipt")  # 待商家收货
    PLATFORM_REVIEW = "platform_review", _("Platform reviewing")  # 平台处理中
    REFUNDED = "refunded", _("Refunded")  # 退款成功
    COMPLETED = "completed", _("Exchanged or resent")  # 换货补寄成功
    REFUSED = "refused", _("Refused by the merchant")  # 驳回: the buyer may ask the platform
    PLATFORM_REFUSED = "platform_refused", _("Refused by the platform")  # 平台拒绝
    WITHDRAWN = "withdrawn", _("Withdrawn by the buyer")  # 买家撤销
    EXPIRED = "expired", _("Return not shipped in time")  # 买家逾期未退货


OPEN_STAGES = (
    AfterSaleStage.AWAITING_MERCHANT,
    AfterSaleStage.AWAITING_RETURN,
    AfterSaleStage.AWAITING_RECEIPT,
    AfterSaleStage.PLATFORM_REVIEW,
)


def stage_status(stage: str) -> str:
    """The contract's summary of a stage: in progress, refunded, or closed."""
    if stage in OPEN_STAGES:
        return AfterSaleStatus.IN_PROGRESS
    if stage == AfterSaleStage.REFUNDED:
        return AfterSaleStatus.REFUNDED
    return AfterSaleStatus.CLOSED


class AfterSale(models.Model):
    """A buyer's after-sales request (售后) of one kind, moved through its stages by the
    buyer, the merchant, the platform's deadlines and, on appeal, a platform admin
    (`orders.services.after_sales`). `deadline` is when the current stage ends on its own."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="after_sales", verbose_name=_("shop")
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="after_sales", verbose_name=_("order")
    )
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="after_sales", verbose_name=_("buyer")
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=AfterSaleKind.choices,
        default=AfterSaleKind.REFUND_ONLY,
        db_default=AfterSaleKind.REFUND_ONLY,
    )
    reason_code = models.CharField(
        _("reason"),
        max_length=20,
        choices=AfterSaleReason.choices,
        default=AfterSaleReason.OTHER,
        db_default=AfterSaleReason.OTHER,
    )
    reason = models.CharField(_("buyer's description"), max_length=200)
    # The line it is about, and how many of it (none: the whole order).
    order_item = models.ForeignKey(
        OrderItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="after_sales",
        verbose_name=_("item"),
    )
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    amount = models.DecimalField(_("refund amount"), **MONEY)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AfterSaleStatus.choices,
        default=AfterSaleStatus.IN_PROGRESS,
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=AfterSaleStage.choices,
        default=AfterSaleStage.AWAITING_MERCHANT,
        db_default=AfterSaleStage.AWAITING_MERCHANT,
    )
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    # The deadline the shop was last told is near: each stage's deadline is reminded once.
    reminded_deadline = models.DateTimeField(_("reminded of the deadline"), null=True, blank=True)
    refuse_reason = models.CharField(
        _("refusal reason"), max_length=200, blank=True, default="", db_default=""
    )
    return_address = models.ForeignKey(
        "merchant.ReturnAddress",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="after_sales",
        verbose_name=_("return address"),
    )
    return_carrier = models.CharField(
        _("return carrier"), max_length=10, blank=True, default="", db_default=""
    )
    return_tracking_no = models.CharField(
        _("return tracking number"), max_length=30, blank=True, default="", db_default=""
    )
    return_shipped_at = models.DateTimeField(_("returned by the buyer at"), null=True, blank=True)
    return_received_at = models.DateTimeField(_("return received at"), null=True, blank=True)
    # 换货 / 补寄: what the merchant sends the buyer.
    resend_carrier = models.CharField(
        _("replacement carrier"), max_length=10, blank=True, default="", db_default=""
    )
    resend_tracking_no = models.CharField(
        _("replacement tracking number"), max_length=30, blank=True, default="", db_default=""
    )
    appeal_reason = models.CharField(
        _("appeal"), max_length=200, blank=True, default="", db_default=""
    )
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    platform_note = models.CharField(
        _("platform's decision"), max_length=200, blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_default=Now())
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("after-sale")
        verbose_name_plural = _("after-sales")
        ordering = ["-created_at", "-id"]
        permissions = [("intervene_aftersale", _("Can decide appealed after-sales"))]
        indexes = [
            models.Index(fields=["shop", "status"], name="after_sale_shop_status_idx"),
            # 售后 page: a tab is one stage (or a few) of one shop, newest first.
            models.Index(
                fields=["shop", "stage", "-created_at", "-id"], name="after_sale_shop_stage_idx"
            ),
            models.Index(fields=["shop", "-created_at", "-id"], name="after_sale_shop_time_idx"),
            # The open platform's refund increment API pages by it.
            models.Index(fields=["shop", "updated_at", "id"], name="after_sale_shop_updated_idx"),
            # The deadline sweep reads only what is open and due.
            models.Index(
                fields=["deadline"],
                condition=models.Q(status="in_progress", deadline__isnull=False),
                name="after_sale_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="in_progress"),
                name="after_sale_one_open_per_order",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="after_sale_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                name="after_sale_quantity_positive",
            ),
        ]

    def __str__(self):
        return f"{self.order} {self.amount}"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def needs_return(self) -> bool:
        return self.kind in RETURN_KINDS


class AfterSaleImage(models.Model):
    """A buyer's photo for an after-sale (the goods as they arrived), re-encoded on upload
    and kept private: served only to the shop, the buyer and platform admins."""

    after_sale = models.ForeignKey(
        AfterSale, on_delete=models.CASCADE, related_name="images", verbose_name=_("after-sale")
    )
    image = models.ImageField(_("image"), upload_to="after-sales/%Y/%m/")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("after-sale image")
        verbose_name_plural = _("after-sale images")
        ordering = ["id"]

    def __str__(self):
        return self.image.name


class AddressChangeStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the merchant")
    AGREED = "agreed", _("Agreed")
    REFUSED = "refused", _("Refused")


class AddressChange(models.Model):
    """改地址: a buyer's request to send an order not yet shipped to another address; the
    merchant agrees (the order's consignee changes) or refuses with a reason. `previous`
    keeps the address it replaced."""

    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="address_changes", verbose_name=_("shop")
    )
    order = models.ForeignKey(
        Order, on_delete=models.PROTECT, related_name="address_changes", verbose_name=_("order")
    )
    consignee_name = models.CharField(_("consignee"), max_length=20)
    consignee_phone = models.CharField(_("consignee phone"), max_length=20)
    province = models.CharField(_("province"), max_length=20)
    city = models.CharField(_("city"), max_length=20)
    district = models.CharField(_("district"), max_length=20)
    address = models.CharField(_("address"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AddressChangeStatus.choices,
        default=AddressChangeStatus.PENDING,
    )
    refuse_reason = models.CharField(_("refusal reason"), max_length=200, blank=True)
    previous = models.JSONField(_("previous address"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("address change")
        verbose_name_plural = _("address changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["shop", "-created_at"],
                condition=models.Q(status="pending"),
                name="address_change_pending_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=models.Q(status="pending"),
                name="address_change_one_pending_per_order",
            )
        ]

    def __str__(self):
        return f"{self.order} {self.get_status_display()}"

    @property
    def full_address(self) -> str:
        return f"{self.province} {self.city} {self.district} {self.address}"


class ShipmentImportStatus(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    DONE = "done", _("Done")


class ShipmentImport(models.Model):
    """导入发货: a file's rows and the result of each, shipped in chunks (in the request for a
    small file, by a worker for a large one), with its progress for the page to show."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="shipment_imports", verbose_name=_("shop")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    # Refusals are worded again for each reader from their codes; a refusal without one
    # keeps the words it got in the language of who uploaded the file.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ShipmentImportStatus.choices,
        default=ShipmentImportStatus.PROCESSING,
    )
    rows = models.JSONField(_("rows"), default=list)  # what the file said, row by row
    results = models.JSONField(_("results"), default=list)  # one per processed row, in order
    total = models.PositiveIntegerField(_("rows in the file"))
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    shipped_count = models.PositiveIntegerField(_("orders shipped"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shipment import")
        verbose_name_plural = _("shipment imports")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["shop", "-created_at"], name="shipment_import_shop_idx"),
            models.Index(
                fields=["updated_at"],
                condition=models.Q(status="processing"),
                name="shipment_import_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.shop_id} {self.file_name} {self.processed}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.processed * 100 // self.total

    @property
    def failed_rows(self) -> list[dict]:
        """The refused rows, each reason worded in the reader's language."""
        return [
            {**row, "detail": word_refusal(row["code"], row.get("params"), row["detail"])}
            for row in self.results
            if not row["ok"]
        ]


class LateShipment(models.Model):
    """延迟发货: an order shipped after its deadline, or still unshipped past it. Once per
    order (the one-to-one row); the merchant bears the penalty."""

    order = models.OneToOneField(
        Order, on_delete=models.PROTECT, related_name="late_shipment", verbose_name=_("order")
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="late_shipments", verbose_name=_("shop")
    )
    ship_deadline = models.DateTimeField(_("ship deadline"))
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("late shipment")
        verbose_name_plural = _("late shipments")
        ordering = ["-detected_at", "-id"]
        indexes = [models.Index(fields=["shop", "-detected_at"], name="late_shipment_shop_idx")]

    def __str__(self):
        return str(self.order)


class HourlyShopStats(models.Model):
    """Paid orders and amount per shop per hour, kept in the transaction that pays the
    order: the dashboard reads at most 31 × 24 small rows at any shop size, and can compare
    today with the same hours of yesterday."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, related_name="hourly_stats", verbose_name=_("shop")
    )
    hour = models.DateTimeField(_("hour"))
    paid_orders = models.PositiveIntegerField(_("paid orders"), default=0)
    paid_amount = models.DecimalField(_("paid amount"), default=0, **MONEY)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hourly shop statistics")
        verbose_name_plural = _("hourly shop statistics")
        ordering = ["-hour"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "hour"], name="hourly_stats_shop_hour_unique")
        ]

    def __str__(self):
        return f"{self.shop_id} {self.hour:%Y-%m-%d %H:00}"


class ShopOrderCounts(models.Model):
    """How many of the shop's orders are in each state, kept by the services that change
    states, in the same transaction: list tabs and dashboard to-dos read one row instead of
    counting orders. `recount_orders` rebuilds it from the orders if it ever drifts (plain
    integers, not positive ones: a drift must never block shipping an order)."""

    shop = models.OneToOneField(
        Shop, on_delete=models.CASCADE, related_name="order_counts", verbose_name=_("shop")
    )
    total = models.IntegerField(_("all orders"), default=0)
    awaiting_shipment = models.IntegerField(_("awaiting shipment"), default=0)
    shipped = models.IntegerField(_("shipped"), default=0)
    received = models.IntegerField(_("received"), default=0)
    cancelled = models.IntegerField(_("cancelled"), default=0)
    after_sale_open = models.IntegerField(_("after-sales in progress"), default=0)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order counts")
        verbose_name_plural = _("order counts")

    def __str__(self):
        return str(self.shop_id)
