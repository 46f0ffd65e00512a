from decimal import Decimal

import pytest

from merchant.models import Role
from products.models import Product, ProductStatus, Sku
from tests.conftest import staff_of, token_client
from tests.factories.products import CategoryFactory, make_product

pytestmark = pytest.mark.django_db

NEW_PRODUCT = {
    "title": "夏季新款纯棉短袖T恤",
    "skus": [
        {"spec": "白色 / L", "price": "19.90", "single_price": "29.90", "stock": 100},
        {"spec": "黑色 / XL", "price": "21.90", "stock": 0},
    ],
}


def test_a_new_product_starts_off_sale_with_its_skus(owner_api, shop):
    response = owner_api.post("/api/v1/products", NEW_PRODUCT)

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "off_sale"
    assert body["goods_id"] >= 10_000_000_000
    assert [(s["spec"], s["price"], s["single_price"], s["stock"]) for s in body["skus"]] == [
        ("白色 / L", "19.90", "29.90", 100),
        ("黑色 / XL", "21.90", "21.90", 0),
    ]
    assert Product.objects.get(pk=body["id"]).shop == shop


def test_single_buy_price_below_group_price_is_refused(owner_api):
    product = {
        **NEW_PRODUCT,
        "skus": [{"spec": "红色", "price": "20.00", "single_price": "19.99", "stock": 1}],
    }

    response = owner_api.post("/api/v1/products", product)

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert list(response.json()["fields"]) == ["skus.0.single_price"]
    assert not Product.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "长" * 61}, "title"),
        ({"skus": []}, "skus"),
        ({"skus": [{"spec": "红色", "price": "0", "stock": 1}]}, "skus.0.price"),
        ({"skus": [{"spec": "红色", "price": "1", "stock": -1}]}, "skus.0.stock"),
        (
            {
                "skus": [
                    {"spec": "红", "price": "1", "stock": 1},
                    {"spec": "红", "price": "2", "stock": 1},
                ]
            },
            "skus.1.spec",
        ),
        ({"category": 999999}, "category"),
    ],
)
def test_bad_product_input_names_the_field(owner_api, change, field):
    response = owner_api.post("/api/v1/products", {**NEW_PRODUCT, **change})

    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Product.objects.exists()


def test_on_sale_needs_a_sku_in_stock(owner_api, shop):
    product = make_product(shop, stock=0, on_sale=False)

    refused = owner_api.post(f"/api/v1/products/{product.pk}/on-sale")
    Sku.objects.filter(product=product).update(stock=5)
    accepted = owner_api.post(f"/api/v1/products/{product.pk}/on-sale")

    assert refused.status_code == 400
    assert refused.json()["code"] == "product_not_sellable"
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "on_sale"


def test_off_sale(owner_api, shop):
    product = make_product(shop)

    response = owner_api.post(f"/api/v1/products/{product.pk}/off-sale")

    assert response.json()["status"] == "off_sale"
    product.refresh_from_db()
    assert product.status == ProductStatus.OFF_SALE


def test_patch_replaces_the_sku_list(owner_api, shop):
    product = make_product(shop, specs=["白色 / L", "黑色 / L"])
    white, black = product.skus.order_by("id")

    response = owner_api.patch(
        f"/api/v1/products/{product.pk}",
        {
            "title": "改过的标题",
            "skus": [
                {"id": white.pk, "spec": "黑色 / L", "price": "25.00", "stock": 3},
                {"spec": "灰色 / M", "price": "18.00", "stock": 7},
            ],
        },
    )

    assert response.status_code == 200
    assert response.json()["title"] == "改过的标题"
    skus = list(product.skus.order_by("id").values_list("pk", "spec", "price", "stock"))
    assert skus[0] == (white.pk, "黑色 / L", Decimal("25.00"), 3)
    assert skus[1][1:] == ("灰色 / M", Decimal("18.00"), 7)
    assert not Sku.objects.filter(pk=black.pk).exists()


def test_list_filters_by_status_keyword_category_and_low_stock(owner_api, shop):
    category = CategoryFactory()
    shirt = make_product(shop, title="纯棉T恤", stock=100)
    make_product(shop, title="牛仔裤", stock=100, on_sale=False)
    socks = make_product(shop, title="船袜", stock=3)
    Product.objects.filter(pk=socks.pk).update(category=category)

    def ids(query):
        return [p["id"] for p in owner_api.get(f"/api/v1/products?{query}").json()["results"]]

    assert ids("status=on_sale") == [socks.pk, shirt.pk]
    assert ids("q=T恤") == [shirt.pk]
    assert ids(f"q={shirt.goods_id}") == [shirt.pk]
    assert ids(f"category={category.pk}") == [socks.pk]
    assert ids("low_stock=1") == [socks.pk]


def test_product_list_query_count_does_not_grow_with_rows(
    owner_api, shop, django_assert_max_num_queries
):
    for index in range(25):
        make_product(shop, title=f"商品{index}", specs=["A", "B"])

    with django_assert_max_num_queries(8):
        small = owner_api.get("/api/v1/products?page_size=5")
    with django_assert_max_num_queries(8):
        large = owner_api.get("/api/v1/products?page_size=25")

    assert len(small.json()["results"]) == 5
    assert len(large.json()["results"]) == 25


def test_another_shops_product_is_404_and_untouched(owner_api, other_shop):
    product = make_product(other_shop)

    assert owner_api.get(f"/api/v1/products/{product.pk}").status_code == 404
    assert owner_api.patch(f"/api/v1/products/{product.pk}", {"title": "x"}).status_code == 404
    assert owner_api.post(f"/api/v1/products/{product.pk}/off-sale").status_code == 404
    product.refresh_from_db()
    assert (product.title, product.status) == ("纯棉短袖T恤", ProductStatus.ON_SALE)


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.FINANCE])
def test_roles_without_products_are_refused(shop, role):
    client = token_client(staff_of(shop, role))

    response = client.post("/api/v1/products", NEW_PRODUCT)

    assert response.status_code == 403
    assert not Product.objects.exists()


def test_operations_role_manages_products(shop):
    client = token_client(staff_of(shop, Role.OPERATIONS))

    assert client.post("/api/v1/products", NEW_PRODUCT).status_code == 201
