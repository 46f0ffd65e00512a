"""规格: dimensions make the SKU grid; codes name one SKU of the shop; images in order with a
main one; a product copied."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.exceptions import InvalidInput
from products import services
from products.models import Product, ProductImage, ProductStatus
from tests.factories.products import make_product, png

COLOURS = {"name": "颜色", "values": ["黑", "白"]}
SIZES = {"name": "尺码", "values": ["S", "M", "L"]}


def grid(specs, **values):
    return [{"spec": spec, "price": "20.00", "stock": 5, **values} for spec in specs]


def test_dimensions_make_the_grid_and_a_new_value_keeps_what_was_entered(shop, owner_api):
    specs = services.spec_combinations([COLOURS, SIZES])
    assert specs == ["黑 / S", "黑 / M", "黑 / L", "白 / S", "白 / M", "白 / L"]
    created = owner_api.post(
        "/api/v1/products",
        {"title": "T恤", "spec_dimensions": [COLOURS, SIZES], "skus": grid(specs)},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["spec_dimensions"] == [COLOURS, SIZES] and len(body["skus"]) == 6

    # One more size: the six rows keep their ids and prices, XL rows are added.
    rows = [
        {**sku, "price": "25.00", "single_price": "25.00"} if sku["spec"] == "黑 / S" else sku
        for sku in body["skus"]
    ]
    sizes = {"name": "尺码", "values": ["S", "M", "L", "XL"]}
    rows += grid(["黑 / XL", "白 / XL"])
    changed = owner_api.patch(
        f"/api/v1/products/{body['id']}",
        {"spec_dimensions": [COLOURS, sizes], "skus": rows},
        format="json",
    )
    assert changed.status_code == 200, changed.json()
    skus = {sku["spec"]: sku for sku in changed.json()["skus"]}
    assert len(skus) == 8 and skus["黑 / S"]["price"] == "25.00"
    assert {sku["id"] for sku in body["skus"]} <= {sku["id"] for sku in skus.values()}
    assert changed.json()["lowest_price"] == "20.00"

    # A grid that misses a combination is refused, and nothing changes.
    missing = owner_api.patch(
        f"/api/v1/products/{body['id']}",
        {"spec_dimensions": [COLOURS, SIZES], "skus": rows[:5]},
        format="json",
    )
    assert missing.status_code == 400 and missing.json()["fields"]["skus"]
    assert Product.objects.get(pk=body["id"]).skus.count() == 8


@pytest.mark.parametrize(
    "dimensions",
    [
        [COLOURS, SIZES, {"name": "长度", "values": ["1"]}, {"name": "款式", "values": ["a"]}],
        [COLOURS, {"name": "颜色", "values": ["红"]}],
        [{"name": "尺码", "values": ["S/M"]}],
        [{"name": "尺码", "values": ["S", "S"]}],
        [{"name": "", "values": ["S"]}],
        [{"name": "编号", "values": [str(n) for n in range(30)]}] * 1
        + [{"name": "批次", "values": [str(n) for n in range(30)]}],
        "颜色",
    ],
)
def test_wrong_dimensions_are_refused_by_name(dimensions):
    with pytest.raises(InvalidInput) as refused:
        services.clean_spec_dimensions(dimensions)
    assert next(iter(refused.value.fields)).startswith("spec_dimensions")


def test_a_sku_code_names_one_sku_of_the_shop(shop, other_shop, owner_api):
    make_product(other_shop, specs=None)
    first = owner_api.post(
        "/api/v1/products",
        {
            "title": "袜子",
            "skus": [{"spec": "均码", "price": "9.90", "stock": 1, "sku_code": "A-1"}],
        },
        format="json",
    ).json()
    again = owner_api.post(
        "/api/v1/products",
        {
            "title": "袜子2",
            "skus": [{"spec": "均码", "price": "9.90", "stock": 1, "sku_code": "A-1"}],
        },
        format="json",
    )
    assert again.status_code == 400 and "skus.0.sku_code" in again.json()["fields"]
    twice = owner_api.post(
        "/api/v1/products",
        {
            "title": "袜子3",
            "skus": [
                {"spec": "红", "price": "9.90", "stock": 1, "sku_code": "B-1"},
                {"spec": "蓝", "price": "9.90", "stock": 1, "sku_code": "B-1"},
            ],
        },
        format="json",
    )
    assert twice.status_code == 400 and "skus.1.sku_code" in twice.json()["fields"]
    # Saving the product that has the code again is fine.
    resaved = owner_api.patch(
        f"/api/v1/products/{first['id']}", {"skus": first["skus"]}, format="json"
    )
    assert resaved.status_code == 200


def images(count):
    return [
        SimpleUploadedFile(f"p{n}.png", png(40 + n, 30), content_type="image/png")
        for n in range(count)
    ]


def test_images_in_order_with_a_main_one(shop, owner_api, other_owner_api):
    product = make_product(shop)
    added = owner_api.post(
        f"/api/v1/products/{product.pk}/images", {"images": images(3)}, format="multipart"
    )
    assert added.status_code == 200, added.json()
    ids = [image["id"] for image in added.json()["image_items"]]
    main = owner_api.post(f"/api/v1/products/{product.pk}/images/{ids[2]}/main").json()
    assert [image["id"] for image in main["image_items"]] == [ids[2], ids[0], ids[1]]
    assert main["images"][0] == main["image_items"][0]["url"]
    ordered = owner_api.put(
        f"/api/v1/products/{product.pk}/images/order", {"image_ids": ids}, format="json"
    )
    assert [image["id"] for image in ordered.json()["image_items"]] == ids
    partial = owner_api.put(
        f"/api/v1/products/{product.pk}/images/order", {"image_ids": ids[:2]}, format="json"
    )
    assert partial.status_code == 400
    gone = owner_api.delete(f"/api/v1/products/{product.pk}/images/{ids[0]}").json()
    assert [image["id"] for image in gone["image_items"]] == ids[1:]
    assert (
        other_owner_api.delete(f"/api/v1/products/{product.pk}/images/{ids[1]}").status_code == 404
    )
    other = make_product(shop)
    assert owner_api.delete(f"/api/v1/products/{other.pk}/images/{ids[1]}").status_code == 404
    too_many = owner_api.post(
        f"/api/v1/products/{product.pk}/images", {"images": images(9)}, format="multipart"
    )
    assert too_many.status_code == 400 and ProductImage.objects.filter(product=product).count() == 2


def test_a_copy_is_off_sale_without_stock_or_codes_with_its_own_images(
    shop, owner_api, owner_client
):
    product = make_product(shop, stock=7)
    services.update_product(
        product=product,
        spec_dimensions=[COLOURS],
        skus=[
            {"spec": "黑", "price": "20.00", "stock": 5, "sku_code": "C-黑"},
            {"spec": "白", "price": "21.00", "stock": 5, "sku_code": "C-白"},
        ],
        images=images(2),
    )
    copied = owner_api.post(f"/api/v1/products/{product.pk}/copy")
    assert copied.status_code == 201
    body = copied.json()
    assert body["id"] != product.pk and body["status"] == ProductStatus.OFF_SALE
    assert body["title"].endswith("（副本）") and body["spec_dimensions"] == [COLOURS]
    assert [(sku["spec"], sku["price"], sku["stock"], sku["sku_code"]) for sku in body["skus"]] == [
        ("黑", "20.00", 0, ""),
        ("白", "21.00", 0, ""),
    ]
    originals = set(product.images.values_list("image", flat=True))
    copies = {item["url"].rsplit("/", 1)[-1] for item in body["image_items"]}
    assert len(copies) == 2 and not copies & {name.rsplit("/", 1)[-1] for name in originals}

    page = owner_client.post(f"/products/{product.pk}/copy/")
    assert page.status_code == 302 and page["Location"].endswith("/edit/")
