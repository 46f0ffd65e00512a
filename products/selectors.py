from django.db.models import Exists, Max, Min, OuterRef, Prefetch, QuerySet, Sum

from common.identifiers import is_identifier
from common.tenancy import get_object_for_shop
from products.models import Category, Product, ProductImage, Sku

LOW_STOCK_THRESHOLD = 10


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
        low = Sku.objects.filter(product=OuterRef("pk"), stock__lte=LOW_STOCK_THRESHOLD)
        products = products.filter(Exists(low))
    return products.order_by("-created_at", "-id")


def get_product_for_shop(*, shop, product_id) -> Product:
    products = Product.objects.select_related("category").prefetch_related("skus", "images")
    return get_object_for_shop(products, shop=shop, pk=product_id)


def list_categories() -> QuerySet[Category]:
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "parent_id", "sort_order", "id")
    )
