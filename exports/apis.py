from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api import ERRORS, CharField, paginated
from common.pagination import CreatedAtKeysetPagination
from common.views import attachment
from exports import selectors, services
from exports.models import ExportFailure, ExportFormat, ExportStatus
from merchant import permissions
from merchant.mixins import ShopScopedApi


class ExportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = CharField(help_text="orders or payouts.ledger")
    file_format = serializers.ChoiceField(choices=ExportFormat.choices)
    status = serializers.ChoiceField(choices=ExportStatus.choices)
    filters = serializers.DictField(source="params", child=CharField())
    columns = serializers.ListField(child=CharField())
    row_count = serializers.IntegerField(help_text="Rows counted when it was asked for.")
    rows_done = serializers.IntegerField()
    percent = serializers.IntegerField()
    failure_reason = serializers.ChoiceField(choices=ExportFailure.choices, allow_blank=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)


class ExportListCreateApi(ShopScopedApi):
    """导出: the caller's exports (GET), or a new one (POST) built in the background; poll it
    (or wait for the `exports.ready` notification) and download it when `status` is ready."""

    area = permissions.SHOP

    class InputSerializer(serializers.Serializer):
        kind = CharField(max_length=40)
        file_format = serializers.ChoiceField(choices=ExportFormat.choices)
        filters = serializers.DictField(
            child=CharField(max_length=100, allow_blank=True),
            required=False,
            help_text="The list's own filters, as its API takes them in the query.",
        )
        columns = serializers.ListField(
            child=CharField(max_length=40), required=False, max_length=50
        )

    @extend_schema(
        operation_id="exports_list",
        parameters=[OpenApiParameter("cursor", str), OpenApiParameter("page_size", int)],
        responses={200: paginated(ExportSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = CreatedAtKeysetPagination()
        page = paginator.paginate_queryset(
            selectors.list_exports(shop=self.shop, user=request.user), request
        )
        return paginator.get_paginated_response(ExportSerializer(page, many=True).data)

    @extend_schema(
        operation_id="exports_create",
        request=InputSerializer,
        responses={202: ExportSerializer, **ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        export = services.request_export(
            shop=self.shop,
            user=request.user,
            kind=data["kind"],
            file_format=data["file_format"],
            params=data.get("filters", {}),
            columns=data.get("columns"),
            language=request.LANGUAGE_CODE,
        )
        return Response(ExportSerializer(export).data, status=status.HTTP_202_ACCEPTED)


class ExportDetailApi(ShopScopedApi):
    area = permissions.SHOP

    @extend_schema(operation_id="exports_retrieve", responses={200: ExportSerializer, **ERRORS})
    def get(self, request, export_id):
        export = selectors.get_export_for_member(
            shop=self.shop, user=request.user, export_id=export_id
        )
        return Response(ExportSerializer(export).data)


class ExportDownloadApi(ShopScopedApi):
    area = permissions.SHOP

    @extend_schema(
        operation_id="exports_download",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request, export_id):
        return attachment(
            selectors.get_export_file(shop=self.shop, user=request.user, export_id=export_id)
        )
