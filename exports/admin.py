from django.contrib import admin

from common.admin import ReadOnlyAdmin
from exports.models import Export


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "shop", "requested_by", "kind", "file_format", "status"]
    list_filter = ["status", "kind", "file_format"]
    search_fields = ["shop__name", "=shop__shop_no", "requested_by__username"]
    list_select_related = ["shop", "requested_by"]
    date_hierarchy = "created_at"
    exclude = ["file"]  # buyers' phone numbers: downloaded by the member who asked only
