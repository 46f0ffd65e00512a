from decimal import Decimal

import factory

from products import services
from products.models import Category, ProductStatus


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"类目{n}")


def make_product(shop, *, stock=10, price="19.90", on_sale=True, title="纯棉短袖T恤", specs=None):
    """A product through the service, as a merchant would create it."""
    specs = specs or ["白色 / L"]
    product = services.create_product(
        shop=shop,
        title=title,
        skus=[{"spec": spec, "price": Decimal(price), "stock": stock} for spec in specs],
    )
    if on_sale and stock > 0:
        services.put_on_sale(product=product)
    product.refresh_from_db()
    assert product.status == (
        ProductStatus.ON_SALE if on_sale and stock else ProductStatus.OFF_SALE
    )
    return product


def png(width=40, height=30, *, alpha=False, extra=b"") -> bytes:
    """A small PNG's bytes (with `extra` appended, to smuggle something after it)."""
    import io

    from PIL import Image

    image = Image.new("RGBA" if alpha else "RGB", (width, height), (200, 30, 30, 128))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue() + extra


def product_form(product, **sku_fields) -> dict:
    """What the product page posts for `product` and its one SKU, as they are, with
    `sku_fields` (price, stock, ...) changed."""
    sku = product.skus.get()
    fields = {"price": str(sku.price), "stock": str(sku.stock), **sku_fields}
    return {
        "title": product.title,
        "description": product.description,
        "skus-TOTAL_FORMS": "1",
        "skus-INITIAL_FORMS": "1",
        "skus-MIN_NUM_FORMS": "1",
        "skus-MAX_NUM_FORMS": "1000",
        "skus-0-id": sku.pk,
        "skus-0-spec": sku.spec,
        **{f"skus-0-{name}": value for name, value in fields.items()},
    }
