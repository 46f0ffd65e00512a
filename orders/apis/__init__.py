from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ERRORS, AuthApi, CharField, ErrorSerializer, filter_or_refuse, paginated
from common.money import MONEY
from common.pagination import KeysetApiPagination
from common.serializers import CompiledListSerializer
from merchant import permissions
from merchant.mixins import ShopScopedApi
from orders import selectors, services
from orders.carriers import CARRIERS
from orders.filters import DROPSHIP_STATUS_CHOICES, TAB_CHOICES, OrderFilterSet
from orders.models import (
    AddressChangeStatus,
    AfterSaleKind,
    AfterSaleReason,
    AfterSaleStage,
    AfterSaleStatus,
    LogisticsStatus,
    OrderStatus,
    RemarkFlag,
    consignee_of,
)


class IsBuyer(BasePermission):
    def has_permission(self, request, view):
        buyer = getattr(request.user, "buyer", None) if request.user.is_authenticated else None
        request.buyer = buyer
        return buyer is not None


class BuyerApi(APIView):
    """Base of the buyer-side API: `request.buyer` is the caller; merchants get 403."""

    def get_permissions(self):
        return [*super().get_permissions(), IsBuyer()]


class BuyerRegisterApi(AuthApi):
    """A buyer account for the shopping side; it logs in with /auth/token too."""

    class InputSerializer(serializers.Serializer):
        username = CharField(max_length=150)
        password = CharField(max_length=128, trim_whitespace=False)
        nickname = CharField(max_length=30)

    class OutputSerializer(serializers.Serializer):
        buyer_id = serializers.IntegerField(source="pk")

    @extend_schema(
        operation_id="buyer_register",
        request=InputSerializer,
        responses={201: OutputSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        buyer = services.register_buyer(**serializer.validated_data)
        return Response(self.OutputSerializer(buyer).data, status=status.HTTP_201_CREATED)


class ItemSerializer(serializers.Serializer):
    goods_id = serializers.IntegerField()
    sku_id = serializers.IntegerField(allow_null=True)
    title = CharField()
    spec = CharField()
    price = serializers.DecimalField(**MONEY)
    quantity = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)


class ConsigneeSerializer(serializers.Serializer):
    name = CharField(max_length=20)
    phone = CharField(max_length=20)
    province = CharField(max_length=20)
    city = CharField(max_length=20)
    district = CharField(max_length=20)
    address = CharField(max_length=120)


class OrderSummarySerializer(serializers.Serializer):
    order_sn = CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    after_sale_status = serializers.ChoiceField(choices=AfterSaleStatus.choices)
    pay_amount = serializers.DecimalField(**MONEY)
    paid_at = serializers.DateTimeField()
    ship_deadline = serializers.DateTimeField()
    consignee_name = CharField()
    carrier = CharField()
    tracking_no = CharField()
    is_late = serializers.BooleanField()
    remark_flag = serializers.ChoiceField(choices=RemarkFlag.choices)
    items = ItemSerializer(many=True, source="item_list")  # selectors.ITEMS / with_items

    class Meta:
        list_serializer_class = CompiledListSerializer  # a page of orders, at a third the cost


class AfterSaleReturnAddressSerializer(serializers.Serializer):
    name = CharField()
    phone = CharField()
    province = CharField()
    city = CharField()
    district = CharField()
    address = CharField()


class AfterSaleImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = CharField()


class AfterSaleSerializer(serializers.Serializer):
    """An after-sales request as both sides see it: `status` is the contract's summary
    (in_progress, refunded, closed), `stage` where it stands, `deadline` when the platform
    acts on the current stage."""

    id = serializers.IntegerField()
    order_sn = CharField(source="order.order_sn")
    kind = serializers.ChoiceField(choices=AfterSaleKind.choices)
    status = serializers.ChoiceField(choices=AfterSaleStatus.choices)
    stage = serializers.ChoiceField(choices=AfterSaleStage.choices)
    reason_code = serializers.ChoiceField(choices=AfterSaleReason.choices)
    reason = CharField()
    order_item_id = serializers.IntegerField(allow_null=True)
    quantity = serializers.IntegerField(allow_null=True)
    amount = serializers.DecimalField(**MONEY)
    deadline = serializers.DateTimeField(allow_null=True)
    refuse_reason = CharField()
    return_address = AfterSaleReturnAddressSerializer(allow_null=True)
    return_carrier = CharField()
    return_tracking_no = CharField()
    resend_carrier = CharField()
    resend_tracking_no = CharField()
    appeal_reason = CharField()
    platform_note = CharField()
    images = serializers.SerializerMethodField(
        help_text="The buyer's photos, each fetched from its `url` with the same credentials."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)

    def get_images(self, after_sale) -> AfterSaleImageSerializer(many=True):
        side = "buyer-after-sale-image" if self.context.get("buyer") else "after-sale-image"
        return [
            {"id": image.pk, "url": reverse(f"api:{side}", args=[after_sale.pk, image.pk])}
            for image in after_sale.images.all()
        ]


class EventSerializer(serializers.Serializer):
    kind = CharField()
    actor_kind = CharField()
    detail = CharField(source="describe", help_text="Worded in the request's language.")
    params = serializers.DictField(help_text="The facts behind `detail`, by name.")
    created_at = serializers.DateTimeField()


class LogisticsEventSerializer(serializers.Serializer):
    tracking_no = CharField(help_text="The parcel it is about (empty: the order's own).")
    status = serializers.ChoiceField(choices=LogisticsStatus.choices)
    description = CharField()
    location = CharField()
    occurred_at = serializers.DateTimeField()


class AddressChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AddressChangeStatus.choices)
    consignee = serializers.SerializerMethodField()
    refuse_reason = CharField()
    created_at = serializers.DateTimeField()
    resolved_at = serializers.DateTimeField(allow_null=True)

    def get_consignee(self, change) -> ConsigneeSerializer:
        return consignee_of(change)


class PackageSerializer(serializers.Serializer):
    carrier = CharField()
    tracking_no = CharField()
    created_at = serializers.DateTimeField()


class OrderDetailSerializer(OrderSummarySerializer):
    consignee = serializers.SerializerMethodField()
    goods_amount = serializers.DecimalField(**MONEY)
    discount_amount = serializers.DecimalField(**MONEY)
    shipping_amount = serializers.DecimalField(**MONEY)
    shipped_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    is_under_review = serializers.BooleanField()
    tracking_duplicated = serializers.BooleanField()
    remark = CharField()
    buyer_note = CharField()
    events = EventSerializer(many=True, source="events.all")
    logistics_events = LogisticsEventSerializer(many=True, source="logistics_events.all")
    packages = PackageSerializer(
        many=True,
        source="packages.all",
        help_text="Further parcels (拆包裹); the first is `carrier` and `tracking_no`.",
    )
    after_sales = AfterSaleSerializer(many=True, source="after_sales.all")
    address_change = serializers.SerializerMethodField(
        help_text="The buyer's address change request waiting for an answer, if any."
    )

    def get_address_change(self, order) -> AddressChangeSerializer(allow_null=True):
        change = selectors.get_pending_address_change(order=order)
        return AddressChangeSerializer(change).data if change else None

    def get_consignee(self, order) -> ConsigneeSerializer:
        return consignee_of(order)


# Buyer side


class BuyerOrderListCreateApi(BuyerApi):
    class InputSerializer(serializers.Serializer):
        shop_no = serializers.IntegerField()
        items = inline_serializer(
            "OrderLineInput",
            {"sku_id": serializers.IntegerField(), "quantity": serializers.IntegerField()},
            many=True,
        )
        consignee = ConsigneeSerializer()
        buyer_note = CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        order_sn = CharField()
        status = serializers.ChoiceField(choices=OrderStatus.choices)
        pay_amount = serializers.DecimalField(**MONEY)

    @extend_schema(
        operation_id="buyer_orders_list",
        responses={200: paginated(OrderSummarySerializer), **ERRORS},
    )
    def get(self, request):
        paginator = KeysetApiPagination()
        page = paginator.paginate_queryset(
            selectors.list_buyer_orders(buyer=request.buyer), request
        )
        return paginator.get_paginated_response(OrderSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="buyer_orders_create",
        request=InputSerializer,
        responses={201: OutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.place_order(buyer=request.buyer, **serializer.validated_data)
        return Response(self.OutputSerializer(order).data, status=status.HTTP_201_CREATED)


class BuyerOrderDetailApi(BuyerApi):
    @extend_schema(
        operation_id="buyer_orders_retrieve", responses={200: OrderSummarySerializer, **ERRORS}
    )
    def get(self, request, order_sn: str):
        order = selectors.get_buyer_order(buyer=request.buyer, order_sn=order_sn)
        return Response(OrderSummarySerializer(order).data)


class BuyerConfirmReceiptApi(BuyerApi):
    @extend_schema(
        operation_id="buyer_orders_confirm_receipt",
        request=None,
        responses={200: OrderSummarySerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        order = selectors.get_buyer_order(buyer=request.buyer, order_sn=order_sn)
        services.confirm_receipt(order=order, actor=request.user)
        order = selectors.get_buyer_order(buyer=request.buyer, order_sn=order_sn)
        return Response(OrderSummarySerializer(order).data)


class OrderListApi(ShopScopedApi):
    area = permissions.ORDERS

    @extend_schema(
        operation_id="orders_list",
        parameters=[
            OpenApiParameter("tab", enum=[value for value, _label in TAB_CHOICES]),
            OpenApiParameter("status", enum=OrderStatus.values),
            OpenApiParameter("after_sale_status", enum=AfterSaleStatus.values),
            OpenApiParameter(
                "dropship_status", enum=[value for value, _label in DROPSHIP_STATUS_CHOICES]
            ),
            OpenApiParameter("q", description="Order number prefix, consignee phone or name"),
            OpenApiParameter("order_sn", description="Order number or its prefix"),
            OpenApiParameter("consignee", description="Consignee name or phone"),
            OpenApiParameter("paid_from", OpenApiTypes.DATE),
            OpenApiParameter("paid_to", OpenApiTypes.DATE),
            OpenApiParameter("late", bool),
            OpenApiParameter("remark_flag", enum=[v for v in RemarkFlag.values if v]),
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int),
        ],
        responses={200: paginated(OrderSummarySerializer), **ERRORS},
    )
    def get(self, request):
        orders = filter_or_refuse(
            OrderFilterSet, request, queryset=selectors.list_orders(shop=self.shop)
        )
        paginator = KeysetApiPagination()
        page = selectors.with_items(paginator.paginate_queryset(orders, request))
        return paginator.get_paginated_response(OrderSummarySerializer(page, many=True).data)


class OrderDetailApi(ShopScopedApi):
    area = permissions.ORDERS

    @extend_schema(operation_id="orders_retrieve", responses={200: OrderDetailSerializer, **ERRORS})
    def get(self, request, order_sn: str):
        order = selectors.get_order_for_shop(shop=self.shop, order_sn=order_sn)
        return Response(OrderDetailSerializer(order).data)


class OrderShipApi(ShopScopedApi):
    area = permissions.ORDERS

    class InputSerializer(serializers.Serializer):
        carrier = serializers.ChoiceField(choices=list(CARRIERS))
        tracking_no = CharField(max_length=30)

    @extend_schema(
        operation_id="orders_ship",
        request=InputSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        return order_response(self, request, order_sn, services.ship_order, self.InputSerializer)


def order_response(api, request, order_sn: str, service, input_serializer=None) -> Response:
    """A step on one order of the caller's shop: the order first (another shop's is 404,
    whatever was sent), then the input, then `service` as the caller; the order as it is
    now."""
    order = selectors.get_order_for_shop(shop=api.shop, order_sn=order_sn)
    values = {}
    if input_serializer is not None:
        serializer = input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
    service(order=order, actor=request.user, **values)
    order = selectors.get_order_for_shop(shop=api.shop, order_sn=order_sn)
    return Response(OrderDetailSerializer(order).data)


class OrderModifyShipmentApi(ShopScopedApi):
    """修改发货: a shipped order's carrier or tracking number, corrected once before the
    carrier reports it; otherwise 400 `shipment_not_modifiable`."""

    area = permissions.ORDERS

    @extend_schema(
        operation_id="orders_modify_shipment",
        request=OrderShipApi.InputSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def put(self, request, order_sn: str):
        return order_response(
            self, request, order_sn, services.modify_shipment, OrderShipApi.InputSerializer
        )


class OrderRemarkApi(ShopScopedApi):
    area = permissions.ORDERS

    class InputSerializer(serializers.Serializer):
        remark = CharField(max_length=200, allow_blank=True)
        remark_flag = serializers.ChoiceField(choices=RemarkFlag.choices, allow_blank=True)

    @extend_schema(
        operation_id="orders_remark",
        request=InputSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def put(self, request, order_sn: str):
        return order_response(self, request, order_sn, services.set_remark, self.InputSerializer)


class OrderPackageApi(ShopScopedApi):
    """拆包裹: a further parcel of a shipped order."""

    area = permissions.ORDERS

    @extend_schema(
        operation_id="orders_packages_create",
        request=OrderShipApi.InputSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        return order_response(
            self, request, order_sn, services.add_package, OrderShipApi.InputSerializer
        )


class BuyerAddressChangeApi(BuyerApi):
    """改地址: the buyer asks to send an order not yet shipped elsewhere."""

    class InputSerializer(serializers.Serializer):
        consignee = ConsigneeSerializer()

    @extend_schema(
        operation_id="buyer_orders_address_change",
        request=InputSerializer,
        responses={201: AddressChangeSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        order = selectors.get_buyer_order(buyer=request.buyer, order_sn=order_sn)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        change = services.request_address_change(
            order=order, buyer=request.buyer, **serializer.validated_data
        )
        return Response(AddressChangeSerializer(change).data, status=status.HTTP_201_CREATED)


class OrderAddressChangeApproveApi(ShopScopedApi):
    area = permissions.ORDERS

    @extend_schema(
        operation_id="orders_address_change_approve",
        request=None,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        return order_response(self, request, order_sn, services.approve_address_change)


class OrderAddressChangeRefuseApi(ShopScopedApi):
    area = permissions.ORDERS

    class InputSerializer(serializers.Serializer):
        reason = CharField(max_length=200)

    @extend_schema(
        operation_id="orders_address_change_refuse",
        request=InputSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        return order_response(
            self, request, order_sn, services.refuse_address_change, self.InputSerializer
        )


class OrderConsigneeApi(ShopScopedApi):
    """The merchant corrects an order's consignee before it ships."""

    area = permissions.ORDERS

    @extend_schema(
        operation_id="orders_consignee_update",
        request=ConsigneeSerializer,
        responses={200: OrderDetailSerializer, **ERRORS},
    )
    def put(self, request, order_sn: str):
        return order_response(self, request, order_sn, change_consignee, ConsigneeSerializer)


def change_consignee(*, order, actor, **consignee):
    """The body of PUT .../consignee is the consignee itself."""
    return services.change_address(order=order, actor=actor, consignee=consignee)


class CarrierListApi(APIView):
    class OutputSerializer(serializers.Serializer):
        code = CharField()
        name = CharField()
        example = CharField()

    @extend_schema(
        operation_id="carriers_list", responses={200: OutputSerializer(many=True), **ERRORS}
    )
    def get(self, request):
        return Response(self.OutputSerializer(CARRIERS.values(), many=True).data)


class LogisticsWebhookApi(APIView):
    """A carrier's tracking service posts events here, signed with HMAC-SHA256 of the raw
    body under that carrier's secret (`X-Signature: <hex>`)."""

    authentication_classes = []
    permission_classes = []

    class InputSerializer(serializers.Serializer):
        tracking_no = CharField(max_length=30)
        events = inline_serializer(
            "LogisticsEventInput",
            {
                "event_id": CharField(max_length=64),
                "status": serializers.ChoiceField(choices=LogisticsStatus.choices),
                "description": CharField(max_length=200),
                "location": CharField(max_length=60, required=False, allow_blank=True),
                "occurred_at": serializers.DateTimeField(),
            },
            many=True,
        )

    @extend_schema(
        operation_id="logistics_webhook",
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "LogisticsWebhookOutput",
                {
                    "added": serializers.IntegerField(help_text="New events recorded."),
                    "received_at": serializers.DateTimeField(),
                },
            ),
            400: ErrorSerializer,
            401: ErrorSerializer,
        },
    )
    def post(self, request, carrier: str):
        services.verify_webhook_signature(
            carrier=carrier.upper(),
            body=request.body,
            signature=request.headers.get("X-Signature", ""),
        )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        added = services.record_logistics_events(
            carrier=carrier.upper(), **serializer.validated_data
        )
        return Response({"added": added, "received_at": timezone.now()})
