from django.db.models import Exists, F, Max, Min, OuterRef, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from products.models import Category, Product, ProductImage, ProductStatus, Sku


def low_stock_skus(*, shop) -> QuerySet[Sku]:
    """库存预警: the shop's SKUs at or below their threshold (their own, or the shop's), each
    with it as `limit`, the emptiest first."""
    return (
        Sku.objects.for_shop(shop)
        .annotate(limit=Coalesce("low_stock_threshold", Value(shop.low_stock_threshold)))
        .filter(stock__lte=F("limit"))
        .order_by("stock", "id")
    )


def count_low_stock(*, shop) -> int:
    """The dashboard's 库存预警 to-do: SKUs of products on sale at or below their threshold."""
    return low_stock_skus(shop=shop).filter(product__status=ProductStatus.ON_SALE).count()


def list_products(
    *, shop, status: str | None = None, q: str | None = None, category=None, low_stock=False
) -> QuerySet[Product]:
    products = (
        Product.objects.for_shop(shop)
        .select_related("category__parent")
        .prefetch_related(
            Prefetch("skus", queryset=Sku.objects.order_by("id")),
            Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "id")),
        )
        .annotate(
            total_stock=Sum("skus__stock"),
            lowest_price=Min("skus__price"),  # "¥X 起": the cheapest SKU's price
            highest_price=Max("skus__price"),
            # 库存预警: a SKU at or below its threshold (the page marks the stock red).
            has_low_stock=Exists(low_stock_skus(shop=shop).filter(product=OuterRef("pk"))),
        )
    )
    if status:
        products = products.filter(status=status)
    if q:
        q = q.strip()
        products = (
            products.filter(goods_id=int(q))
            if is_identifier(q)
            else products.filter(title__icontains=q)
        )
    if category:
        products = products.filter(category_id=category)
    if low_stock:
        products = products.filter(has_low_stock=True)
    return products.order_by("-created_at", "-id")


def get_product_for_shop(*, shop, product_id) -> Product:
    products = Product.objects.select_related("category").prefetch_related("skus", "images")
    return get_object_for_shop(products, shop=shop, pk=product_id)


def get_product_image(*, product, image_id) -> ProductImage:
    """One image of `product` (already the shop's); another product's is a 404."""
    return get_object_or_404(ProductImage.objects.filter(product=product), pk=image_id)


def list_categories() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "id")
    )
