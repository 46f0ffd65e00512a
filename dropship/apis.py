from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api import ERRORS, CharField, DefaultPagination, ShopNoField, choice_param, paginated
from common.money import MONEY
from common.pagination import KeysetApiPagination
from common.views import attachment
from dropship import selectors, services
from dropship.models import BindingStatus, DropshipRole, DropshipStatus, StatementStatus
from merchant import permissions
from merchant.mixins import ShopScopedApi
from orders.carriers import CARRIERS


def order_sns_field():
    return serializers.ListField(child=CharField(max_length=22), min_length=1, max_length=10_000)


class DropshipApi(ShopScopedApi):
    area = permissions.DROPSHIP
    role: str = ""  # the dropship side the endpoint belongs to, checked after the area

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.role:
            services.require_role(self.shop, self.role)


class IdentityApi(DropshipApi):
    """The shop's dropship side, chosen once (owner or operations)."""

    class InputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=DropshipRole.choices)
        display_name = CharField(max_length=30)
        sender_name = CharField(max_length=30, required=False, allow_blank=True)
        sender_phone = CharField(max_length=20, required=False, allow_blank=True)
        address = CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        role = serializers.ChoiceField(choices=DropshipRole.choices)
        display_name = CharField()
        sender_name = CharField()
        sender_phone = CharField()
        address = CharField()

    @extend_schema(
        operation_id="dropship_identity_create",
        request=InputSerializer,
        responses={201: OutputSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        identity = services.choose_identity(shop=self.shop, **serializer.validated_data)
        return Response(self.OutputSerializer(identity).data, status=status.HTTP_201_CREATED)


class BindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BindingStatus.choices)
    merchant_shop_no = serializers.IntegerField(source="merchant_shop.shop_no")
    merchant_name = CharField(source="merchant_shop.name")
    manufacturer_shop_no = serializers.IntegerField(source="manufacturer_shop.shop_no")
    manufacturer_name = CharField(source="manufacturer_shop.name")
    sync_status = CharField()
    synced_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class BindingListCreateApi(DropshipApi):
    class InputSerializer(serializers.Serializer):
        manufacturer_shop_no = ShopNoField()

    @extend_schema(
        operation_id="dropship_bindings_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(BindingSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.list_bindings(shop=self.shop), request, self)
        return paginator.get_paginated_response(BindingSerializer(page, many=True).data)

    @extend_schema(
        operation_id="dropship_bindings_create",
        request=InputSerializer,
        responses={201: BindingSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        binding = services.bind_manufacturer(
            merchant_shop=self.shop, requested_by=request.user, **serializer.validated_data
        )
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding.pk)
        return Response(BindingSerializer(binding).data, status=status.HTTP_201_CREATED)


class BindingAnswerApi(DropshipApi):
    role = DropshipRole.MANUFACTURER
    accept = True

    @extend_schema(request=None, responses={200: BindingSerializer, **ERRORS})
    def post(self, request, binding_id: int):
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        if binding.manufacturer_shop_id != self.shop.pk:
            raise Http404
        services.answer_binding(binding=binding, accept=self.accept)
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        return Response(BindingSerializer(binding).data)


class BindingAcceptApi(BindingAnswerApi):
    accept = True


class BindingRefuseApi(BindingAnswerApi):
    accept = False


class BindingUnbindApi(DropshipApi):
    @extend_schema(request=None, responses={200: BindingSerializer, **ERRORS})
    def post(self, request, binding_id: int):
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        services.unbind(binding=binding, by_shop=self.shop, actor=request.user)
        binding = selectors.get_binding_for_shop(shop=self.shop, binding_id=binding_id)
        return Response(BindingSerializer(binding).data)


class DropshipOrderSerializer(serializers.Serializer):
    order_sn = CharField(source="order.order_sn")
    dropship_status = serializers.ChoiceField(choices=DropshipStatus.choices)
    manufacturer_shop_no = serializers.IntegerField(
        source="manufacturer_shop.shop_no", allow_null=True, default=None
    )
    carrier = CharField()
    tracking_no = CharField()
    paid_at = serializers.DateTimeField()
    last_cancel_reason = CharField(
        source="get_last_cancel_reason_display", help_text="Why the last assignment ended, worded."
    )
    last_cancel_code = CharField(
        source="last_cancel_reason",
        help_text="binding_ended, merchant_cancelled or after_sale_opened; empty if never.",
    )


class DropshipOrderListApi(DropshipApi):
    role = DropshipRole.MERCHANT

    @extend_schema(
        operation_id="dropship_orders_list",
        parameters=[
            OpenApiParameter("dropship_status", enum=DropshipStatus.values),
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int),
        ],
        responses={200: paginated(DropshipOrderSerializer), **ERRORS},
    )
    def get(self, request):
        rows = selectors.list_dropship_orders(
            shop=self.shop,
            dropship_status=choice_param(request, "dropship_status", DropshipStatus.values),
        )
        paginator = KeysetApiPagination()
        page = paginator.paginate_queryset(rows, request)
        return paginator.get_paginated_response(DropshipOrderSerializer(page, many=True).data)


class AssignmentApi(DropshipApi):
    role = DropshipRole.MERCHANT

    class InputSerializer(serializers.Serializer):
        order_sns = order_sns_field()
        manufacturer_shop_no = ShopNoField()

    @extend_schema(
        operation_id="dropship_assignments_create",
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "AssignmentOutput",
                {
                    "assigned": serializers.ListField(child=CharField()),
                    "rejected": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            services.assign_orders(
                merchant_shop=self.shop, actor=request.user, **serializer.validated_data
            )
        )


class AssignmentCancelApi(DropshipApi):
    role = DropshipRole.MERCHANT

    class InputSerializer(serializers.Serializer):
        order_sns = order_sns_field()

    @extend_schema(
        operation_id="dropship_assignments_cancel",
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "AssignmentCancelOutput",
                {
                    "cancelled": serializers.ListField(child=CharField()),
                    "rejected": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            services.cancel_assignments(
                merchant_shop=self.shop, actor=request.user, **serializer.validated_data
            )
        )


class ManufacturerOrderSerializer(serializers.Serializer):
    order_sn = CharField(source="order.order_sn")
    merchant_shop_no = serializers.IntegerField(source="shop.shop_no")
    merchant_name = CharField(source="shop.name")
    dropship_status = serializers.ChoiceField(choices=DropshipStatus.choices)
    consignee = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    carrier = CharField()
    tracking_no = CharField()
    paid_at = serializers.DateTimeField()

    def get_consignee(self, row) -> dict:
        """Masked: the full name, phone and address come only with a print export."""
        order = row.order
        return {
            "name": selectors.mask_name(order.consignee_name),
            "phone": selectors.mask_phone(order.consignee_phone),
            "province": order.province,
            "city": order.city,
            "district": order.district,
        }

    def get_items(self, row) -> list[dict]:
        return [
            {"title": item.title, "spec": item.spec, "quantity": item.quantity}
            for item in row.order.items.all()
        ]


class ManufacturerOrderListApi(DropshipApi):
    role = DropshipRole.MANUFACTURER

    @extend_schema(
        operation_id="dropship_manufacturer_orders_list",
        parameters=[OpenApiParameter("dropship_status", enum=DropshipStatus.values)],
        responses={200: paginated(ManufacturerOrderSerializer), **ERRORS},
    )
    def get(self, request):
        rows = selectors.list_manufacturer_orders(
            shop=self.shop,
            dropship_status=choice_param(request, "dropship_status", DropshipStatus.values),
        ).order_by("-paid_at", "-id")
        paginator = KeysetApiPagination()
        page = paginator.paginate_queryset(rows, request)
        return paginator.get_paginated_response(ManufacturerOrderSerializer(page, many=True).data)


class ManufacturerTrackingApi(DropshipApi):
    role = DropshipRole.MANUFACTURER

    class InputSerializer(serializers.Serializer):
        carrier = serializers.ChoiceField(choices=list(CARRIERS))
        tracking_no = CharField(max_length=30)

    @extend_schema(
        operation_id="dropship_manufacturer_tracking",
        request=InputSerializer,
        responses={200: ManufacturerOrderSerializer, **ERRORS},
    )
    def post(self, request, order_sn: str):
        selectors.get_manufacturer_order(shop=self.shop, order_sn=order_sn)  # 404 if not its own
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.return_tracking(
            manufacturer_shop=self.shop,
            order_sn=order_sn,
            actor=request.user,
            **serializer.validated_data,
        )
        row = selectors.get_manufacturer_order(shop=self.shop, order_sn=order_sn)
        return Response(ManufacturerOrderSerializer(row).data)


class ShipmentApi(DropshipApi):
    role = DropshipRole.MERCHANT

    class InputSerializer(serializers.Serializer):
        order_sns = order_sns_field()
        return_address_id = serializers.IntegerField()

    @extend_schema(
        operation_id="dropship_shipments_create",
        request=InputSerializer,
        responses={
            200: inline_serializer(
                "ShipmentOutput",
                {
                    "shipped": serializers.ListField(child=CharField()),
                    "rejected": serializers.ListField(child=serializers.DictField()),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(
            services.ship_online(
                merchant_shop=self.shop, actor=request.user, **serializer.validated_data
            )
        )


class StatementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=StatementStatus.choices)
    manufacturer_shop_no = serializers.IntegerField(source="binding.manufacturer_shop.shop_no")
    merchant_shop_no = serializers.IntegerField(source="binding.merchant_shop.shop_no")
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    requested_at = serializers.DateTimeField()
    order_count = serializers.IntegerField()
    total_amount = serializers.DecimalField(**MONEY)
    missing_prices = serializers.IntegerField()
    failure_reason = CharField(source="get_failure_reason_display", help_text="Worded.")
    failure_code = CharField(
        source="failure_reason", help_text="build_error, gave_up or stuck; empty unless failed."
    )
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, statement) -> str | None:
        if statement.status != StatementStatus.READY:
            return None
        url = f"/api/v1/dropship/statements/{statement.pk}/download"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class StatementListCreateApi(DropshipApi):
    class InputSerializer(serializers.Serializer):
        manufacturer_shop_no = ShopNoField()
        start_date = serializers.DateField()
        end_date = serializers.DateField()

    @extend_schema(
        operation_id="dropship_statements_list",
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: paginated(StatementSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(selectors.list_statements(shop=self.shop), request, self)
        data = StatementSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        operation_id="dropship_statements_create",
        request=InputSerializer,
        responses={202: StatementSerializer, 429: ERRORS[400], **ERRORS},
    )
    def post(self, request):
        services.require_role(self.shop, DropshipRole.MERCHANT)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        statement = services.request_statement(
            merchant_shop=self.shop, actor=request.user, **serializer.validated_data
        )
        statement = selectors.get_statement_for_shop(shop=self.shop, statement_id=statement.pk)
        return Response(
            StatementSerializer(statement, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class StatementDownloadApi(DropshipApi):
    @extend_schema(
        operation_id="dropship_statements_download",
        parameters=[OpenApiParameter("format", enum=["csv", "xlsx"])],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, statement_id: int):
        return attachment(
            selectors.get_statement_file(
                shop=self.shop,
                statement_id=statement_id,
                file_format=choice_param(request, "format", ("csv", "xlsx")),
            )
        )
