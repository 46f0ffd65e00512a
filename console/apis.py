from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from chat.selectors import response_figures
from common.api import ERRORS, CharField, choice_param
from common.money import MONEY
from dropship.models import DropshipRole
from dropship.selectors import get_dropship_role
from merchant import permissions
from merchant.mixins import ShopScopedApi
from merchant.models import Role
from merchant.services import update_shop
from orders.selectors import get_dashboard
from products.selectors import count_low_stock


class DashboardDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    paid_orders = serializers.IntegerField()
    paid_amount = serializers.DecimalField(**MONEY)


class DashboardTodaySerializer(serializers.Serializer):
    paid_orders = serializers.IntegerField()
    paid_amount = serializers.DecimalField(**MONEY)
    paid_orders_change = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, help_text="% against yesterday"
    )
    paid_amount_change = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, help_text="% against yesterday"
    )


class DashboardChatSerializer(serializers.Serializer):
    average_seconds = serializers.IntegerField(
        allow_null=True, help_text="Today's average first-response time"
    )
    answered = serializers.IntegerField()
    three_minute_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="3分钟回复率, %"
    )


class DashboardApi(ShopScopedApi):
    area = permissions.DASHBOARD

    class OutputSerializer(serializers.Serializer):
        today = DashboardTodaySerializer()
        chat = DashboardChatSerializer()
        awaiting_shipment = serializers.IntegerField()
        near_deadline = serializers.IntegerField(help_text="Awaiting shipment, deadline < 12 h")
        after_sales_open = serializers.IntegerField()
        after_sales_pending = serializers.IntegerField(
            help_text="After-sales requests awaiting the merchant's answer."
        )
        low_stock = serializers.IntegerField(
            help_text="库存预警: SKUs on sale at or below their low-stock threshold."
        )
        trend = DashboardDaySerializer(many=True)

    @extend_schema(
        operation_id="dashboard_retrieve",
        parameters=[OpenApiParameter("days", int, enum=[7, 30])],
        responses={200: OutputSerializer, **ERRORS},
    )
    def get(self, request):
        days = int(
            choice_param(request, "days", ("7", "30"), message=_("Choose 7 or 30 days.")) or 7
        )
        data = {
            **get_dashboard(shop=self.shop, days=days),
            "chat": response_figures(shop=self.shop),
            "low_stock": count_low_stock(shop=self.shop),
        }
        return Response(self.OutputSerializer(data).data)


class ShopApi(ShopScopedApi):
    area = permissions.SHOP  # every member reads the shop; the owner changes it
    write_area = permissions.SETTINGS

    class OutputSerializer(serializers.Serializer):
        shop_no = serializers.IntegerField()
        name = CharField()
        low_stock_threshold = serializers.IntegerField(
            help_text="库存预警: the shop's default; a SKU may have its own."
        )
        dropship_role = serializers.ChoiceField(choices=DropshipRole.choices, allow_null=True)
        role = serializers.ChoiceField(choices=Role.choices, help_text="The caller's role.")

    class InputSerializer(serializers.Serializer):
        name = CharField(max_length=30, required=False)
        low_stock_threshold = serializers.IntegerField(
            min_value=0, max_value=100_000, required=False
        )

    def shop_data(self):
        data = {
            "shop_no": self.shop.shop_no,
            "name": self.shop.name,
            "low_stock_threshold": self.shop.low_stock_threshold,
            "dropship_role": get_dropship_role(shop=self.shop),
            "role": self.membership.role,
        }
        return Response(self.OutputSerializer(data).data)

    @extend_schema(operation_id="shop_retrieve", responses={200: OutputSerializer, **ERRORS})
    def get(self, request):
        return self.shop_data()

    @extend_schema(
        operation_id="shop_update",
        request=InputSerializer,
        responses={200: OutputSerializer, **ERRORS},
        description="店铺设置 (the owner): the shop's name and default low-stock threshold.",
    )
    def patch(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update_shop(shop=self.shop, **serializer.validated_data)
        return self.shop_data()
