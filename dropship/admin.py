from django.contrib import admin

from common.admin import ReadOnlyAdmin
from dropship.models import Binding, DropshipIdentity, DropshipOrder, Statement, SupplyPrice


@admin.register(DropshipIdentity)
class DropshipIdentityAdmin(admin.ModelAdmin):
    list_display = ["shop", "role", "display_name", "sender_name", "created_at"]
    list_filter = ["role"]
    search_fields = ["shop__name", "=shop__shop_no", "display_name"]
    list_select_related = ["shop"]
    readonly_fields = ["shop", "role", "created_at"]

    def has_add_permission(self, request):
        return False  # chosen by the shop itself, once


@admin.register(Binding)
class BindingAdmin(ReadOnlyAdmin):
    list_display = [
        "merchant_shop",
        "manufacturer_shop",
        "status",
        "created_at",
        "answered_at",
        "ended_at",
        "sync_status",
        "synced_count",
    ]
    list_filter = ["status", "sync_status"]
    search_fields = [
        "merchant_shop__name",
        "=merchant_shop__shop_no",
        "manufacturer_shop__name",
        "=manufacturer_shop__shop_no",
    ]
    list_select_related = ["merchant_shop", "manufacturer_shop"]
    date_hierarchy = "created_at"


@admin.register(DropshipOrder)
class DropshipOrderAdmin(ReadOnlyAdmin):
    list_display = [
        "order",
        "shop",
        "dropship_status",
        "manufacturer_shop",
        "assigned_at",
        "tracking_no",
        "shipped_at",
    ]
    list_filter = ["dropship_status"]
    search_fields = ["=order__order_sn", "shop__name", "=shop__shop_no", "=tracking_no"]
    list_select_related = ["order", "shop", "manufacturer_shop"]
    show_full_result_count = False


@admin.register(SupplyPrice)
class SupplyPriceAdmin(ReadOnlyAdmin):
    list_display = ["binding", "sku", "price"]
    search_fields = ["binding__merchant_shop__name", "sku__product__title"]
    list_select_related = [
        "binding__merchant_shop",
        "binding__manufacturer_shop",
        "sku__product",
    ]


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = [
        "binding",
        "start_date",
        "end_date",
        "status",
        "requested_at",
        "row_count",
        "total_amount",
        "failure_reason",
    ]
    list_filter = ["status", ("requested_at", admin.DateFieldListFilter)]
    search_fields = ["binding__merchant_shop__name", "binding__manufacturer_shop__name"]
    list_select_related = ["binding__merchant_shop", "binding__manufacturer_shop"]
    exclude = ["csv_file", "xlsx_file"]  # private files: downloaded through the console
    date_hierarchy = "requested_at"
