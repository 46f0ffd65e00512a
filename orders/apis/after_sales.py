"""售后 in the API: the buyer's side drives every step a buyer takes (request, return
parcel, withdrawal, appeal); the merchant's side lists, answers and confirms, one request or
a batch of refunds. Refusals are `{"code", "detail"}` with the service's code."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from common.api import ERRORS, CharField, filter_or_refuse, paginated
from common.money import MONEY
from common.pagination import KeysetApiPagination
from common.views import attachment
from merchant import permissions
from merchant.mixins import ShopScopedApi
from orders import selectors, services
from orders.apis import AfterSaleSerializer, BuyerApi
from orders.filters import AFTER_SALE_TAB_CHOICES, AfterSaleFilterSet
from orders.models import AfterSaleKind, AfterSaleReason

BUYER = {"buyer": True}  # the serializer's context on the buyer's side (its image URLs)


class AfterSalePagination(KeysetApiPagination):
    time_field = "created_at"


class ReturnShipmentInputSerializer(serializers.Serializer):
    carrier = CharField(max_length=10)
    tracking_no = CharField(max_length=30)


# Buyer side


class BuyerAfterSaleCreateApi(BuyerApi):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=AfterSaleKind.choices, default=AfterSaleKind.REFUND_ONLY
        )
        reason_code = serializers.ChoiceField(
            choices=AfterSaleReason.choices, default=AfterSaleReason.OTHER
        )
        reason = CharField(max_length=200, help_text="The buyer's own words.")
        amount = serializers.DecimalField(
            **MONEY,
            required=False,
            help_text="Required for refunds; for an exchange or a resend it defaults to the "
            "goods' value (what the platform refunds if the merchant does not act).",
        )
        order_item_id = serializers.IntegerField(
            required=False, help_text="The line it is about; none: the whole order."
        )
        quantity = serializers.IntegerField(required=False, min_value=1)
        images = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            help_text="Photos (multipart), at most 5, JPEG, PNG, WebP or GIF of 5 MB each.",
        )

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="buyer_after_sales_create",
        request=InputSerializer,
        responses={201: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        order = selectors.get_buyer_order(buyer=request.buyer, order_sn=order_sn)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        after_sale = services.open_after_sale(
            order=order, buyer=request.buyer, **serializer.validated_data
        )
        data = AfterSaleSerializer(after_sale, context=BUYER).data
        return Response(data, status=status.HTTP_201_CREATED)


class BuyerAfterSaleListApi(BuyerApi):
    @extend_schema(
        operation_id="buyer_after_sales_list",
        responses={200: paginated(AfterSaleSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = AfterSalePagination()
        after_sales = selectors.list_buyer_after_sales(buyer=request.buyer)
        page = paginator.paginate_queryset(after_sales, request)
        data = AfterSaleSerializer(page, many=True, context=BUYER).data
        return paginator.get_paginated_response(data)


class AfterSaleStep:
    """A step on one after-sale, as either side takes it: the after-sale first (another's is
    404 whatever was sent), then the input, then `service` as the caller; the after-sale as
    it is now."""

    def step(self, request, service, input_serializer=None, **values):
        after_sale = self.get_after_sale()
        if input_serializer is not None:
            serializer = input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            values.update(serializer.validated_data)
        return self.answer(service(after_sale=after_sale, **self.caller(request), **values))


class BuyerAfterSaleApi(AfterSaleStep, BuyerApi):
    def caller(self, request) -> dict:
        return {"buyer": request.buyer}

    def get_after_sale(self):
        return selectors.get_buyer_after_sale(
            buyer=self.request.buyer, after_sale_id=self.kwargs["after_sale_id"]
        )

    def answer(self, after_sale):
        after_sale = selectors.get_buyer_after_sale(
            buyer=self.request.buyer, after_sale_id=after_sale.pk
        )
        return Response(AfterSaleSerializer(after_sale, context=BUYER).data)


class BuyerAfterSaleDetailApi(BuyerAfterSaleApi):
    @extend_schema(
        operation_id="buyer_after_sales_retrieve",
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def get(self, request, after_sale_id: int):
        return Response(AfterSaleSerializer(self.get_after_sale(), context=BUYER).data)


class BuyerAfterSaleImageApi(BuyerAfterSaleApi):
    @extend_schema(
        operation_id="buyer_after_sales_image",
        responses={(200, "image/*"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, after_sale_id: int, image_id: int):
        image = selectors.get_after_sale_image(after_sale=self.get_after_sale(), image_id=image_id)
        return attachment(image.image, inline=True)


class BuyerAfterSaleWithdrawApi(BuyerAfterSaleApi):
    @extend_schema(
        operation_id="buyer_after_sales_withdraw",
        request=None,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int):
        return self.step(request, services.withdraw_after_sale)


class BuyerAfterSaleReturnApi(BuyerAfterSaleApi):
    """退货: the parcel the buyer sent back, once the merchant agreed to the return."""

    @extend_schema(
        operation_id="buyer_after_sales_return_shipment",
        request=ReturnShipmentInputSerializer,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int):
        return self.step(request, services.ship_return, ReturnShipmentInputSerializer)


class BuyerAfterSaleAppealApi(BuyerAfterSaleApi):
    """申请平台介入, after the merchant refused."""

    class InputSerializer(serializers.Serializer):
        reason = CharField(max_length=200)

    @extend_schema(
        operation_id="buyer_after_sales_appeal",
        request=InputSerializer,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int):
        return self.step(request, services.appeal_after_sale, self.InputSerializer)


# Merchant side


class AfterSaleListApi(ShopScopedApi):
    area = permissions.AFTER_SALES

    @extend_schema(
        operation_id="after_sales_list",
        parameters=[
            OpenApiParameter("tab", enum=[value for value, _label in AFTER_SALE_TAB_CHOICES]),
            OpenApiParameter("kind", enum=AfterSaleKind.values),
            OpenApiParameter("reason_code", enum=AfterSaleReason.values),
            OpenApiParameter("q", description="An order number or a return tracking number."),
            OpenApiParameter("created_from", type=str, description="YYYY-MM-DD"),
            OpenApiParameter("created_to", type=str, description="YYYY-MM-DD"),
            OpenApiParameter("due_soon", type=bool),
        ],
        responses={200: paginated(AfterSaleSerializer), **ERRORS},
    )
    def get(self, request):
        after_sales = filter_or_refuse(
            AfterSaleFilterSet, request, queryset=selectors.list_after_sales(shop=self.shop)
        ).prefetch_related("images")  # the page shows none; the API names each
        paginator = AfterSalePagination()
        page = paginator.paginate_queryset(after_sales, request)
        return paginator.get_paginated_response(AfterSaleSerializer(page, many=True).data)


class MerchantAfterSaleApi(AfterSaleStep, ShopScopedApi):
    area = permissions.AFTER_SALES

    def caller(self, request) -> dict:
        return {"actor": request.user}

    def get_after_sale(self):
        """By its id; under /orders/{order_sn}/after-sales/ (the first paths), of that order."""
        after_sale = selectors.get_after_sale(
            shop=self.shop, after_sale_id=self.kwargs["after_sale_id"]
        )
        if self.kwargs.get("order_sn", after_sale.order.order_sn) != after_sale.order.order_sn:
            raise Http404
        return after_sale

    def answer(self, after_sale):
        after_sale = selectors.get_after_sale(shop=self.shop, after_sale_id=after_sale.pk)
        return Response(AfterSaleSerializer(after_sale).data)


class AfterSaleDetailApi(MerchantAfterSaleApi):
    @extend_schema(
        operation_id="after_sales_retrieve", responses={200: AfterSaleSerializer, **ERRORS}
    )
    def get(self, request, after_sale_id: int):
        return Response(AfterSaleSerializer(self.get_after_sale()).data)


class AfterSaleImageApi(MerchantAfterSaleApi):
    @extend_schema(
        operation_id="after_sales_image",
        responses={(200, "image/*"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, after_sale_id: int, image_id: int):
        image = selectors.get_after_sale_image(after_sale=self.get_after_sale(), image_id=image_id)
        return attachment(image.image, inline=True)


class AfterSaleApproveApi(MerchantAfterSaleApi):
    """同意: a refund is paid; a return or exchange needs `return_address_id` (the shop's
    default when left out); a resend needs the `carrier` and `tracking_no` it shipped with."""

    class InputSerializer(serializers.Serializer):
        return_address_id = serializers.IntegerField(required=False)
        carrier = CharField(max_length=10, required=False)
        tracking_no = CharField(max_length=30, required=False)

    @extend_schema(
        operation_id="after_sales_approve",
        request=InputSerializer,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int, order_sn: str | None = None):
        return self.step(request, services.approve_after_sale, self.InputSerializer)


class AfterSaleRefuseApi(MerchantAfterSaleApi):
    class InputSerializer(serializers.Serializer):
        reason = CharField(max_length=200)

    @extend_schema(
        operation_id="after_sales_refuse",
        request=InputSerializer,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int, order_sn: str | None = None):
        return self.step(request, services.refuse_after_sale, self.InputSerializer)


class AfterSaleConfirmReturnApi(MerchantAfterSaleApi):
    """确认收货 of a returned parcel: the refund is paid; an exchange sends the carrier and
    tracking number of its replacement."""

    class InputSerializer(serializers.Serializer):
        carrier = CharField(max_length=10, required=False)
        tracking_no = CharField(max_length=30, required=False)

    @extend_schema(
        operation_id="after_sales_confirm_return",
        request=InputSerializer,
        responses={200: AfterSaleSerializer, **ERRORS},
    )
    def post(self, request, after_sale_id: int):
        return self.step(request, services.confirm_return, self.InputSerializer)


class AfterSaleBatchApproveApi(ShopScopedApi):
    """批量同意 of refund-only requests awaiting the merchant (at most 100 ids)."""

    area = permissions.AFTER_SALES

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(min_value=1),
            min_length=1,
            max_length=services.BATCH_APPROVE_LIMIT,
        )

    @extend_schema(
        operation_id="after_sales_batch_approve",
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "AfterSaleBatchApproveResult",
                {
                    "approved": serializers.ListField(child=serializers.IntegerField()),
                    "rejected": inline_serializer(
                        "AfterSaleBatchRejection",
                        {"id": serializers.IntegerField(), "code": CharField()},
                        many=True,
                    ),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = services.approve_refunds(
            shop=self.shop, after_sale_ids=serializer.validated_data["ids"], actor=request.user
        )
        return Response(result)


# The first paths, under the order: the same answers, named apart in the schema.
OrderAfterSaleApproveApi = extend_schema_view(
    post=extend_schema(operation_id="orders_after_sales_approve")
)(type("OrderAfterSaleApproveApi", (AfterSaleApproveApi,), {}))
OrderAfterSaleRefuseApi = extend_schema_view(
    post=extend_schema(operation_id="orders_after_sales_refuse")
)(type("OrderAfterSaleRefuseApi", (AfterSaleRefuseApi,), {}))
