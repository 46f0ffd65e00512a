import pytest

from products.models import Product, ProductStatus, Sku
from tests.factories.products import make_product

pytestmark = pytest.mark.django_db


def sku_form(*rows, total=None):
    data = {
        "skus-TOTAL_FORMS": str(total or len(rows)),
        "skus-INITIAL_FORMS": "0",
        "skus-MIN_NUM_FORMS": "1",
        "skus-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"skus-{index}-{key}"] = value
    return data


def test_create_a_product_with_two_skus(owner_client, shop):
    response = owner_client.post(
        "/products/new/",
        {
            "title": "新款帆布包",
            "description": "大容量",
            **sku_form(
                {"spec": "米白", "price": "29.90", "single_price": "39.90", "stock": "50"},
                {"spec": "黑色", "price": "29.90", "single_price": "", "stock": "0"},
            ),
        },
        follow=True,
    )

    assert "商品已创建" in response.content.decode()
    product = Product.objects.get(shop=shop)
    assert product.status == ProductStatus.OFF_SALE
    assert list(product.skus.values_list("spec", "single_price")) == [
        ("米白", 39.9),
        ("黑色", 29.9),
    ] or [(s, str(p)) for s, p in product.skus.values_list("spec", "single_price")] == [
        ("米白", "39.90"),
        ("黑色", "29.90"),
    ]


def test_single_price_below_group_price_shows_on_its_row(owner_client, shop):
    response = owner_client.post(
        "/products/new/",
        {
            "title": "帆布包",
            **sku_form({"spec": "米白", "price": "29.90", "single_price": "9.90", "stock": "5"}),
        },
    )

    assert response.status_code == 400
    assert "单买价不能低于拼单价" in response.content.decode()
    assert not Product.objects.exists()


def test_edit_changes_stock_and_removes_a_sku(owner_client, shop):
    product = make_product(shop, specs=["红色", "蓝色"])
    red, blue = product.skus.order_by("id")

    owner_client.post(
        f"/products/{product.pk}/edit/",
        {
            "title": "改名了",
            **sku_form(
                {"id": red.pk, "spec": "红色", "price": "19.90", "stock": "99"},
                {"id": blue.pk, "spec": "蓝色", "price": "19.90", "stock": "1", "DELETE": "on"},
            ),
        },
    )

    product.refresh_from_db()
    assert product.title == "改名了"
    assert list(product.skus.values_list("spec", "stock")) == [("红色", 99)]
    assert not Sku.objects.filter(pk=blue.pk).exists()


def test_bulk_off_and_on_sale(owner_client, shop):
    shirt = make_product(shop)
    empty = make_product(shop, stock=0, on_sale=False, title="无库存")

    owner_client.post("/products/bulk-status/", {"action": "off_sale", "product_id": [shirt.pk]})
    shirt.refresh_from_db()
    assert shirt.status == ProductStatus.OFF_SALE

    response = owner_client.post(
        "/products/bulk-status/",
        {"action": "on_sale", "product_id": [shirt.pk, empty.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "已上架 1 个商品" in page
    assert "1 个商品未变更" in page
    empty.refresh_from_db()
    assert empty.status == ProductStatus.OFF_SALE


def test_bulk_status_never_touches_another_shops_products(owner_client, other_shop):
    foreign = make_product(other_shop)

    owner_client.post("/products/bulk-status/", {"action": "off_sale", "product_id": [foreign.pk]})

    foreign.refresh_from_db()
    assert foreign.status == ProductStatus.ON_SALE


def test_editing_another_shops_product_is_404(owner_client, other_shop):
    foreign = make_product(other_shop)

    assert owner_client.get(f"/products/{foreign.pk}/edit/").status_code == 404
    assert owner_client.post(f"/products/{foreign.pk}/edit/", {"title": "x"}).status_code == 404


def test_list_filters_and_shows_sales(owner_client, shop):
    make_product(shop, title="纯棉T恤", stock=100)
    make_product(shop, title="船袜", stock=2)

    low = owner_client.get("/products/?low_stock=on").content.decode()
    keyword = owner_client.get("/products/?q=T恤").content.decode()

    assert "船袜" in low and "纯棉T恤" not in low
    assert "纯棉T恤" in keyword and "船袜" not in keyword


def test_the_list_shows_the_cheapest_skus_price_and_up(owner_client, shop):
    from tests.factories.products import make_product

    product = make_product(shop, specs=["大号", "小号"], price="59.00")
    small = product.skus.get(spec="小号")
    small.price = "39.50"
    small.save(update_fields=["price"])
    make_product(shop, title="单规格商品", price="12.00")

    page = owner_client.get("/products/").content.decode()

    assert "¥39.50 起" in page
    assert "¥59.00 起" not in page
    assert "¥12.00 起" not in page and "¥12.00" in page
