import itertools
from decimal import Decimal

from django.core.files import File
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import InvalidInput
from common.identifiers import create_with_unique_code, is_identifier, random_digits
from common.money import parse_amount
from merchant.models import Operation, Shop
from merchant.services import (
    changed_fields,
    clean_low_stock_threshold,
    notify_shop,
    record_operation,
    record_operations,
)
from products.exceptions import ProductNotSellable, StockOutOfRange
from products.images import prepare_image
from products.models import TITLE_MAX_LENGTH, Category, Product, ProductImage, ProductStatus, Sku
from products.selectors import low_stock_skus

MAX_PRICE = Decimal("1000000.00")
MAX_STOCK = 10_000_000
STOCK_LOW_NOTIFICATION = "products.stock_low"


def _clean_amount(value, field: str) -> Decimal:
    amount = parse_amount(value, field=field)
    if amount > MAX_PRICE:
        raise InvalidInput({field: [_("A price is between ¥0.01 and ¥1,000,000.")]})
    return amount


def _refuse(field: str, message: str):
    return InvalidInput({field: [message]})


MAX_DIMENSIONS = 3  # 规格: e.g. colour, size and length
MAX_DIMENSION_VALUES = 30
MAX_SKUS = 600
MAX_IMAGES = 10
SPEC_SEPARATOR = " / "


def clean_spec_dimensions(dimensions) -> list[dict] | None:
    """规格 dimensions and their values, checked: 1 to 3 dimensions with distinct names, each
    with 1 to 30 distinct values of at most 20 characters (no "/", which joins them), and no
    more than MAX_SKUS combinations. None for none."""
    if not dimensions:
        return None
    if not isinstance(dimensions, list) or len(dimensions) > MAX_DIMENSIONS:
        raise _refuse("spec_dimensions", _("Use 1 to 3 specification dimensions."))
    cleaned, names, combinations = [], set(), 1
    for index, dimension in enumerate(dimensions):
        prefix = f"spec_dimensions.{index}"
        if not isinstance(dimension, dict):
            raise _refuse(prefix, _("Give each dimension a name and its values."))
        name = str(dimension.get("name") or "").strip()
        if not name or len(name) > 10 or name in names:
            raise _refuse(
                f"{prefix}.name", _("Name each dimension, once, in at most 10 characters.")
            )
        names.add(name)
        raw = dimension.get("values")
        values = [str(value).strip() for value in raw] if isinstance(raw, list) else []
        if (
            not values
            or len(values) > MAX_DIMENSION_VALUES
            or len(set(values)) != len(values)
            or any(not value or len(value) > 20 or "/" in value for value in values)
        ):
            raise _refuse(
                f"{prefix}.values",
                _("Give 1 to 30 different values of at most 20 characters, without “/”."),
            )
        combinations *= len(values)
        cleaned.append({"name": name, "values": values})
    if combinations > MAX_SKUS:
        raise _refuse("spec_dimensions", _("At most 600 combinations make one product."))
    return cleaned


def spec_combinations(dimensions: list[dict]) -> list[str]:
    """Every SKU's specification the dimensions make, in the order of their values."""
    return [
        SPEC_SEPARATOR.join(values)
        for values in itertools.product(*(dimension["values"] for dimension in dimensions))
    ]


def _check_matrix(dimensions, rows: list[dict]) -> None:
    """With dimensions, the SKUs are exactly their combinations, each once; the rows are put
    in the combinations' order (the order buyers see them in)."""
    if not dimensions:
        return
    order = {spec: index for index, spec in enumerate(spec_combinations(dimensions))}
    if sorted(row["spec"] for row in rows) != sorted(order):
        raise _refuse(
            "skus", _("The SKUs must be exactly the combinations of the specification values.")
        )
    rows.sort(key=lambda row: order[row["spec"]])


def _check_sku_codes(shop_id, product_id, rows: list[dict]) -> None:
    """A merchant SKU code (商家编码) names one SKU of the shop. The shop row is locked while
    checking, so two saves of the same code cannot both pass."""
    codes = [row["sku_code"] for row in rows if row["sku_code"]]
    if not codes:
        return
    Shop.objects.select_for_update().filter(pk=shop_id).first()
    taken = set(
        Sku.objects.filter(product__shop_id=shop_id, sku_code__in=codes)
        .exclude(product_id=product_id)
        .values_list("sku_code", flat=True)
    )
    seen = set()
    for index, row in enumerate(rows):
        code = row["sku_code"]
        if code and (code in taken or code in seen):
            raise _refuse(
                f"skus.{index}.sku_code", _("Each merchant SKU code names one SKU of the shop.")
            )
        seen.add(code)


def _clean_skus(skus: list[dict]) -> list[dict]:
    """Validate SKU rows; the group price (拼单价) is what buyers pay, the single-buy price
    (单买价) defaults to it and is never below it."""
    if not skus:
        raise _refuse("skus", _("Add at least one SKU."))
    cleaned, seen = [], set()
    for index, row in enumerate(skus):
        prefix = f"skus.{index}"
        spec = str(row.get("spec") or "").strip()
        if not spec or len(spec) > 50:
            raise _refuse(f"{prefix}.spec", _("Enter a specification of 1 to 50 characters."))
        if spec in seen:
            raise _refuse(f"{prefix}.spec", _("Each SKU needs its own specification."))
        seen.add(spec)
        price = _clean_amount(row.get("price"), f"{prefix}.price")
        single_price = row.get("single_price")
        if single_price in (None, ""):
            single_price = price
        else:
            single_price = _clean_amount(single_price, f"{prefix}.single_price")
        if single_price < price:
            raise _refuse(
                f"{prefix}.single_price",
                _("The single-buy price cannot be below the group price."),
            )
        try:
            stock = int(row.get("stock", 0))
        except (TypeError, ValueError) as error:
            raise _refuse(f"{prefix}.stock", _("Enter a whole number.")) from error
        if not 0 <= stock <= MAX_STOCK:
            raise _refuse(f"{prefix}.stock", _("Stock is between 0 and 10,000,000."))
        threshold = row.get("low_stock_threshold")
        if threshold not in (None, ""):  # empty: the shop's threshold
            threshold = clean_low_stock_threshold(threshold, field=f"{prefix}.low_stock_threshold")
        else:
            threshold = None
        cleaned.append(
            {
                "id": row.get("id"),
                "spec": spec,
                "price": price,
                "single_price": single_price,
                "stock": stock,
                "low_stock_threshold": threshold,
                "sku_code": str(row.get("sku_code") or "").strip()[:40],
            }
        )
    return cleaned


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title or len(title) > TITLE_MAX_LENGTH:
        raise InvalidInput({"title": [_("Enter a title of 1 to 60 characters.")]})
    return title


def _clean_category(category) -> Category | None:
    if category is None or isinstance(category, Category):
        return category
    found = Category.objects.filter(pk=category, is_active=True).first()
    if found is None:
        raise InvalidInput({"category": [_("Choose an existing category.")]})
    return found


@transaction.atomic
def create_product(
    *,
    shop,
    title: str,
    skus: list[dict],
    category=None,
    description: str = "",
    images=(),
    spec_dimensions=None,
) -> Product:
    """A new product, off sale until the merchant puts it on sale. With `spec_dimensions`,
    the SKUs are their combinations."""
    title = _clean_title(title)
    category = _clean_category(category)
    rows = _clean_skus(skus)
    dimensions = clean_spec_dimensions(spec_dimensions)
    _check_sku_codes(shop.pk, None, rows)  # before the rows are put in order: errors name them
    _check_matrix(dimensions, rows)
    product = create_with_unique_code(
        Product,
        field="goods_id",
        make_code=lambda: int(random_digits(11)),
        shop=shop,
        title=title,
        category=category,
        description=description.strip(),
        spec_dimensions=dimensions,
    )
    Sku.objects.bulk_create(
        Sku(product=product, **{k: v for k, v in row.items() if k != "id"}) for row in rows
    )
    add_images(product=product, images=images)
    record_operation(
        shop=shop,
        action=Operation.PRODUCT_CREATED,
        target=_target(product),
        changes=changed_fields({}, _snapshot(product)),
    )
    return product


SKU_LOGGED_FIELDS = ("price", "single_price", "stock", "low_stock_threshold", "sku_code")


def _target(product: Product) -> str:
    return f"{product.title} ({product.goods_id})"


def _snapshot(product: Product) -> dict:
    """What the operation log compares before and after an edit: the product's fields and
    each SKU's, under `spec/field`."""
    values = {
        "title": product.title,
        "category": product.category.name if product.category_id else None,
        "description": product.description,
    }
    for sku in Sku.objects.filter(product=product).order_by("id"):
        values.update({f"{sku.spec}/{field}": getattr(sku, field) for field in SKU_LOGGED_FIELDS})
    return values


@transaction.atomic
def update_product(
    *,
    product: Product,
    title: str | None = None,
    category=...,
    description: str | None = None,
    skus: list[dict] | None = None,
    images=(),
    spec_dimensions=...,
) -> Product:
    """Edit a product; `skus`, when given, is the whole new list: rows with an `id` of this
    product are updated, rows without one are added, missing ones are removed."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    before = _snapshot(product)
    if title is not None:
        product.title = _clean_title(title)
    if category is not ...:
        product.category = _clean_category(category)
    if description is not None:
        product.description = description.strip()
    product.save()
    if spec_dimensions is not ...:
        product.spec_dimensions = clean_spec_dimensions(spec_dimensions)
        product.save(update_fields=["spec_dimensions"])
    if skus is not None:
        rows = _clean_skus(skus)
        _check_sku_codes(product.shop_id, product.pk, rows)
        _check_matrix(product.spec_dimensions, rows)
        _replace_skus(product, rows)
    elif spec_dimensions is not ...:
        _check_matrix(product.spec_dimensions, list(product.skus.values("spec")))
    add_images(product=product, images=images)
    changes = changed_fields(before, _snapshot(product))
    if changes:
        record_operation(
            shop=product.shop_id,
            action=Operation.PRODUCT_CHANGED,
            target=_target(product),
            changes=changes,
        )
    return product


def _replace_skus(product: Product, rows: list[dict]) -> None:
    existing = {sku.pk: sku for sku in product.skus.select_for_update()}
    updated, created = [], []
    for index, row in enumerate(rows):
        sku_id = row.pop("id")
        if sku_id in (None, ""):
            created.append(Sku(product=product, **row))
            continue
        sku = existing.get(int(sku_id)) if is_identifier(str(sku_id)) else None
        if sku is None:
            raise _refuse(f"skus.{index}.id", _("This SKU is not part of the product."))
        for field, value in row.items():
            setattr(sku, field, value)
        updated.append(sku)
    updated_ids = [sku.pk for sku in updated]
    product.skus.exclude(pk__in=updated_ids).delete()
    if updated:
        # Specs may swap between rows: park them on unique placeholders before the update.
        Sku.objects.filter(pk__in=updated_ids).update(
            spec=Concat(Value("~"), Cast("id", output_field=CharField()))
        )
        Sku.objects.bulk_update(
            updated, ["spec", "price", "single_price", "stock", "low_stock_threshold", "sku_code"]
        )
    Sku.objects.bulk_create(created)


def add_images(*, product: Product, images) -> None:
    """Each upload re-encoded (products.images) before it is stored: a file that is too
    large or not an image refuses the whole save."""
    images = list(images)
    start = product.images.count()
    if start + len(images) > MAX_IMAGES:  # before re-encoding any of them
        raise InvalidInput({"images": [_("A product has at most 10 images.")]})
    prepared = [prepare_image(image) for image in images]
    ProductImage.objects.bulk_create(
        ProductImage(product=product, image=image, sort_order=start + index)
        for index, image in enumerate(prepared)
    )


@transaction.atomic
def set_sale_status(*, shop, product_ids, on_sale: bool) -> tuple[list[int], list[int]]:
    """上架/下架 for one or many products of `shop`. Going on sale needs a SKU in stock;
    products refused that, or not of this shop, come back in the second list."""
    wanted = {int(pk) for pk in product_ids}
    products = Product.objects.for_shop(shop).filter(pk__in=wanted)
    if on_sale:
        products = products.filter(skus__stock__gt=0).distinct()
    target = ProductStatus.ON_SALE if on_sale else ProductStatus.OFF_SALE
    changed = list(products.values_list("pk", flat=True))
    Product.objects.filter(pk__in=changed).update(status=target, updated_at=timezone.now())
    action = Operation.PRODUCT_ON_SALE if on_sale else Operation.PRODUCT_OFF_SALE
    record_operations(
        shop=shop,
        action=action,
        targets=[_target(p) for p in Product.objects.filter(pk__in=changed).order_by("id")],
    )
    refused = sorted(wanted - set(changed))
    return sorted(changed), refused


@transaction.atomic
def update_stock(*, sku: Sku, quantity: int, incremental: bool = False) -> Sku:
    """A SKU's stock set to `quantity`, or moved by it (`incremental`), in one conditional
    update: it never goes below zero, whatever orders take from it meanwhile."""
    sku = Sku.objects.select_for_update().select_related("product").get(pk=sku.pk)
    before = sku.stock
    skus = Sku.objects.filter(pk=sku.pk)
    if incremental:
        skus = skus.filter(stock__gte=-quantity, stock__lte=MAX_STOCK - quantity)
        moved = skus.update(stock=F("stock") + quantity)
    else:
        moved = 0 <= quantity <= MAX_STOCK and skus.update(stock=quantity)
    if not moved:
        raise StockOutOfRange()
    Product.objects.filter(pk=sku.product_id).update(updated_at=timezone.now())
    sku.refresh_from_db(fields=["stock"])
    record_operation(
        shop=sku.product.shop_id,
        action=Operation.STOCK_CHANGED,
        target=_target(sku.product),
        changes={f"{sku.spec}/stock": [before, sku.stock]},
    )
    return sku


def return_stock(*, quantities: dict) -> None:
    """Goods back on the shelf (`{sku_id: quantity}`): a cancelled order's, a return's. In
    SKU order, as orders take them, so that two returns and an order never deadlock."""
    for sku_id in sorted(quantities):
        Sku.objects.filter(pk=sku_id).update(stock=F("stock") + quantities[sku_id])


def put_on_sale(*, product: Product) -> Product:
    _changed, refused = set_sale_status(shop=product.shop, product_ids=[product.pk], on_sale=True)
    if refused:
        raise ProductNotSellable()
    product.refresh_from_db()
    return product


def take_off_sale(*, product: Product) -> Product:
    set_sale_status(shop=product.shop, product_ids=[product.pk], on_sale=False)
    product.refresh_from_db()
    return product


def take_stock(*, shop, quantities: dict[int, int]) -> int | None:
    """Takes `quantities` (SKU id: how many) of `shop`'s stock for an order, in the caller's
    transaction, by conditional updates in SKU order (two orders of the same SKUs wait for
    each other instead of deadlocking): stock never goes below zero, whatever runs in
    parallel. Answers the first SKU short of stock (the caller refuses the order), else
    None. A SKU this takes to its low-stock threshold or below tells the shop (库存预警),
    once per crossing: the rows are locked, so the stock before is what it is after plus
    what was taken."""
    for sku_id in sorted(quantities):
        taken = Sku.objects.filter(pk=sku_id, stock__gte=quantities[sku_id]).update(
            stock=F("stock") - quantities[sku_id]
        )
        if not taken:
            return sku_id
    for sku in low_stock_skus(shop=shop).filter(pk__in=quantities).select_related("product"):
        if sku.stock + quantities[sku.pk] > sku.limit:  # above it before this order
            notify_shop(
                shop=shop,
                kind=STOCK_LOW_NOTIFICATION,
                product_id=sku.product_id,
                title=sku.product.title,
                spec=sku.spec,
                stock=sku.stock,
                threshold=sku.limit,
            )
    return None


# Images: several per product, the first is the main one (主图)


def _images_in_order(product) -> list[ProductImage]:
    """The product's (or product id's) images, locked, in their order."""
    return list(
        ProductImage.objects.select_for_update()
        .filter(product=product)
        .order_by("sort_order", "id")
    )


def _renumber(images: list[ProductImage]) -> None:
    for index, image in enumerate(images):
        image.sort_order = index
    ProductImage.objects.bulk_update(images, ["sort_order"])


@transaction.atomic
def order_images(*, product: Product, image_ids: list[int]) -> None:
    """The product's images in the order given (every one of them, each once)."""
    images = {image.pk: image for image in _images_in_order(product)}
    if sorted(image_ids) != sorted(images):
        raise InvalidInput({"image_ids": [_("List every image of the product once.")]})
    _renumber([images[pk] for pk in image_ids])


@transaction.atomic
def set_main_image(*, image: ProductImage) -> None:
    """主图: the image (one of its product's, from `get_product_image`) first, the others
    after it in their order."""
    others = [other for other in _images_in_order(image.product_id) if other.pk != image.pk]
    _renumber([image, *others])


@transaction.atomic
def delete_image(*, image: ProductImage) -> None:
    """The image removed, the others renumbered (its file after commit: a rollback keeps it)."""
    others = [other for other in _images_in_order(image.product_id) if other.pk != image.pk]
    name, storage = image.image.name, image.image.storage
    image.delete()
    _renumber(others)
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def copy_product(*, product: Product) -> Product:
    """复制: a new product off sale with the same details, specification dimensions, SKUs
    (prices and thresholds; no stock and no merchant codes, which name one SKU each) and
    images (new files)."""
    source = Product.objects.select_related("shop").get(pk=product.pk)
    title = (_("%(title)s (copy)") % {"title": source.title})[:TITLE_MAX_LENGTH]
    skus = [
        {
            "spec": sku.spec,
            "price": sku.price,
            "single_price": sku.single_price,
            "stock": 0,
            "low_stock_threshold": sku.low_stock_threshold,
        }
        for sku in source.skus.order_by("id")
    ]
    copy = create_product(
        shop=source.shop,
        title=title,
        skus=skus,
        category=source.category,
        description=source.description,
        spec_dimensions=source.spec_dimensions,
    )
    copies = []
    for index, image in enumerate(source.images.order_by("sort_order", "id")):
        with image.image.open("rb") as handle:
            stored = image.image.storage.save(
                image.image.field.generate_filename(copy, image.image.name.rsplit("/", 1)[-1]),
                File(handle),
            )
        copies.append(ProductImage(product=copy, image=stored, sort_order=index))
    ProductImage.objects.bulk_create(copies)
    return copy
