from django.db import models
from django.utils.translation import gettext_lazy as _

from common.money import MONEY
from common.storage import public_storage
from common.tenancy import ShopScopedQuerySet
from merchant.models import Shop

TITLE_MAX_LENGTH = 60


class Category(models.Model):
    """The platform's category tree, managed in Django admin."""

    name = models.CharField(_("name"), max_length=30)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="category_parent_name_unique")
        ]

    def __str__(self):
        return f"{self.parent} / {self.name}" if self.parent_id else self.name


class ProductStatus(models.TextChoices):
    ON_SALE = "on_sale", _("On sale")
    OFF_SALE = "off_sale", _("Off sale")


class Product(models.Model):
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, related_name="products", verbose_name=_("shop")
    )
    # The public goods ID (商品ID) buyers and links use; random, like the shop ID.
    goods_id = models.PositiveBigIntegerField(_("goods ID"), unique=True, editable=False)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="products",
        verbose_name=_("category"),
    )
    description = models.TextField(_("description"), blank=True)
    # 规格: [{"name": "颜色", "values": ["黑", "白"]}, ...]; the SKUs are their combinations
    # ("黑 / S"). Empty for a product whose SKUs were typed one by one.
    spec_dimensions = models.JSONField(_("specification dimensions"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.OFF_SALE
    )
    sales_count = models.PositiveIntegerField(_("sales"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["shop", "-created_at", "-id"], name="product_shop_created_idx"),
            models.Index(
                fields=["shop", "status", "-created_at", "-id"], name="product_shop_status_idx"
            ),
            models.Index(fields=["shop", "category"], name="product_shop_category_idx"),
        ]

    def __str__(self):
        return self.title


class SkuQuerySet(ShopScopedQuerySet):
    shop_field = "product__shop"


class Sku(models.Model):
    """One buyable variant (规格) of a product, with its own prices and stock."""

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="skus", verbose_name=_("product")
    )
    spec = models.CharField(_("specification"), max_length=50)
    price = models.DecimalField(_("group price"), **MONEY)
    single_price = models.DecimalField(_("single-buy price"), **MONEY)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    # 库存预警: its own threshold, or the shop's (Shop.low_stock_threshold) when empty.
    low_stock_threshold = models.PositiveIntegerField(
        _("low-stock threshold"), null=True, blank=True
    )
    sku_code = models.CharField(_("merchant SKU code"), max_length=40, blank=True)

    objects = SkuQuerySet.as_manager()

    class Meta:
        verbose_name = _("SKU")
        verbose_name_plural = _("SKUs")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="sku_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(price__gt=0), name="sku_price_positive"),
            models.CheckConstraint(
                condition=models.Q(single_price__gte=models.F("price")),
                name="sku_single_price_not_below_group_price",
            ),
            models.UniqueConstraint(fields=["product", "spec"], name="sku_product_spec_unique"),
        ]

    def __str__(self):
        return f"{self.product} · {self.spec}"


class ProductImageQuerySet(ShopScopedQuerySet):
    shop_field = "product__shop"


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product")
    )
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/", storage=public_storage)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    objects = ProductImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.image.name
