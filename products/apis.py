from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from common.api import (
    ERRORS,
    CharField,
    DefaultPagination,
    bool_param,
    choice_param,
    int_param,
    paginated,
)
from common.money import MONEY
from merchant import permissions
from merchant.mixins import ShopScopedApi
from products import selectors, services
from products.models import ProductStatus


class SkuSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, help_text="Omit to add a SKU.")
    spec = CharField(max_length=50)
    price = serializers.DecimalField(help_text="Group price (拼单价).", **MONEY)
    single_price = serializers.DecimalField(
        required=False, allow_null=True, help_text="Single-buy price (单买价).", **MONEY
    )
    stock = serializers.IntegerField(min_value=0)
    low_stock_threshold = serializers.IntegerField(
        min_value=0,
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text="库存预警 of this SKU; null: the shop's default threshold.",
    )
    sku_code = CharField(max_length=40, required=False, allow_blank=True)


class SpecDimensionSerializer(serializers.Serializer):
    name = CharField(max_length=10, help_text="e.g. 颜色")
    values = serializers.ListField(
        child=CharField(max_length=20), max_length=30, help_text='e.g. ["黑", "白"]'
    )


class ProductImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, image) -> str:
        return image.image.url


class ProductOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    goods_id = serializers.IntegerField()
    title = CharField()
    category = serializers.IntegerField(source="category_id", allow_null=True)
    description = CharField()
    status = serializers.ChoiceField(choices=ProductStatus.choices)
    sales_count = serializers.IntegerField()
    spec_dimensions = SpecDimensionSerializer(many=True, allow_null=True)
    skus = SkuSerializer(many=True)
    images = serializers.SerializerMethodField()
    image_items = ProductImageSerializer(
        source="images.all", many=True, help_text="The images with their ids; the first is 主图."
    )
    lowest_price = serializers.SerializerMethodField(help_text="The cheapest SKU's group price.")
    sold_out = serializers.SerializerMethodField(
        help_text="已售罄: on sale with no stock left; it cannot be ordered until restocked."
    )
    created_at = serializers.DateTimeField()

    def get_lowest_price(self, product) -> str | None:
        prices = [sku.price for sku in product.skus.all()]
        return f"{min(prices):.2f}" if prices else None

    def get_sold_out(self, product) -> bool:
        return product.status == ProductStatus.ON_SALE and not any(
            sku.stock for sku in product.skus.all()
        )

    def get_images(self, product) -> list[str]:
        return [image.image.url for image in product.images.all()]


class ProductInputSerializer(serializers.Serializer):
    title = CharField(max_length=60)
    category = serializers.IntegerField(required=False, allow_null=True)
    description = CharField(required=False, allow_blank=True, max_length=5000)
    spec_dimensions = SpecDimensionSerializer(
        many=True,
        required=False,
        allow_null=True,
        help_text="规格: with them, `skus` are exactly their combinations, specs joined by ' / '.",
    )
    skus = SkuSerializer(many=True)


class ProductListCreateApi(ShopScopedApi):
    area = permissions.PRODUCTS

    @extend_schema(
        operation_id="products_list",
        parameters=[
            OpenApiParameter("status", enum=ProductStatus.values),
            OpenApiParameter("q", description="Title keyword or goods ID"),
            OpenApiParameter("category", int),
            OpenApiParameter("low_stock", bool),
        ],
        responses={200: paginated(ProductOutputSerializer), **ERRORS},
    )
    def get(self, request):
        products = selectors.list_products(
            shop=self.shop,
            status=choice_param(request, "status", ProductStatus.values) or None,
            q=request.query_params.get("q"),
            category=int_param(request, "category"),
            low_stock=bool_param(request, "low_stock"),
        )
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(products, request, self)
        return paginator.get_paginated_response(ProductOutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="products_create",
        request=ProductInputSerializer,
        responses={201: ProductOutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = ProductInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.create_product(shop=self.shop, **serializer.validated_data)
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product.pk)
        return Response(ProductOutputSerializer(product).data, status=status.HTTP_201_CREATED)


class ProductDetailApi(ShopScopedApi):
    area = permissions.PRODUCTS

    class PatchSerializer(ProductInputSerializer):
        title = CharField(max_length=60, required=False)
        skus = SkuSerializer(many=True, required=False)

    @extend_schema(
        operation_id="products_retrieve", responses={200: ProductOutputSerializer, **ERRORS}
    )
    def get(self, request, product_id: int):
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        return Response(ProductOutputSerializer(product).data)

    @extend_schema(
        operation_id="products_update",
        request=PatchSerializer,
        responses={200: ProductOutputSerializer, **ERRORS},
    )
    def patch(self, request, product_id: int):
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        serializer = self.PatchSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.update_product(product=product, **serializer.validated_data)
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        return Response(ProductOutputSerializer(product).data)


class ProductOnSaleApi(ShopScopedApi):
    area = permissions.PRODUCTS

    @extend_schema(
        operation_id="products_on_sale",
        request=None,
        responses={200: ProductOutputSerializer, **ERRORS},
    )
    def post(self, request, product_id: int):
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        services.put_on_sale(product=product)
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        return Response(ProductOutputSerializer(product).data)


class ProductOffSaleApi(ShopScopedApi):
    area = permissions.PRODUCTS

    @extend_schema(
        operation_id="products_off_sale",
        request=None,
        responses={200: ProductOutputSerializer, **ERRORS},
    )
    def post(self, request, product_id: int):
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        services.take_off_sale(product=product)
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        return Response(ProductOutputSerializer(product).data)


class CategoryListApi(ShopScopedApi):
    area = permissions.PRODUCTS

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = CharField()
        parent = serializers.IntegerField(source="parent_id", allow_null=True)
        path = CharField(source="__str__")

    @extend_schema(
        operation_id="categories_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(OutputSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.list_categories(), request, self)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class ProductApi(ShopScopedApi):
    """A step on one product of the shop: another shop's is a 404."""

    area = permissions.PRODUCTS

    def product(self, product_id):
        return selectors.get_product_for_shop(shop=self.shop, product_id=product_id)

    def answer(self, product_id, status_code=status.HTTP_200_OK):
        product = selectors.get_product_for_shop(shop=self.shop, product_id=product_id)
        return Response(ProductOutputSerializer(product).data, status=status_code)


class ProductCopyApi(ProductApi):
    @extend_schema(
        operation_id="products_copy",
        request=None,
        responses={201: ProductOutputSerializer, **ERRORS},
        description="复制: a new product off sale, without stock or merchant SKU codes.",
    )
    def post(self, request, product_id: int):
        copy = services.copy_product(product=self.product(product_id))
        return self.answer(copy.pk, status.HTTP_201_CREATED)


class ProductImageListApi(ProductApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="products_images_add",
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "images": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
            }
        },
        responses={200: ProductOutputSerializer, **ERRORS},
    )
    def post(self, request, product_id: int):
        product = self.product(product_id)
        services.add_images(product=product, images=request.FILES.getlist("images"))
        return self.answer(product_id)


class ProductImageOrderApi(ProductApi):
    class InputSerializer(serializers.Serializer):
        image_ids = serializers.ListField(child=serializers.IntegerField(), max_length=20)

    @extend_schema(
        operation_id="products_images_order",
        request=InputSerializer,
        responses={200: ProductOutputSerializer, **ERRORS},
    )
    def put(self, request, product_id: int):
        product = self.product(product_id)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.order_images(product=product, image_ids=serializer.validated_data["image_ids"])
        return self.answer(product_id)


class ProductImageApi(ProductApi):
    def image(self, product_id, image_id):
        """One image of one product of the shop; any other is a 404."""
        return selectors.get_product_image(product=self.product(product_id), image_id=image_id)


class ProductImageDetailApi(ProductImageApi):
    @extend_schema(
        operation_id="products_images_delete", responses={200: ProductOutputSerializer, **ERRORS}
    )
    def delete(self, request, product_id: int, image_id: int):
        services.delete_image(image=self.image(product_id, image_id))
        return self.answer(product_id)


class ProductImageMainApi(ProductImageApi):
    @extend_schema(
        operation_id="products_images_main",
        request=None,
        responses={200: ProductOutputSerializer, **ERRORS},
        description="主图: this image first.",
    )
    def post(self, request, product_id: int, image_id: int):
        services.set_main_image(image=self.image(product_id, image_id))
        return self.answer(product_id)
