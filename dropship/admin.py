from django.contrib import admin

from dropship.models import DropshipIdentity


@admin.register(DropshipIdentity)
class DropshipIdentityAdmin(admin.ModelAdmin):
    list_display = ["shop", "role", "display_name", "sender_name", "created_at"]
    list_filter = ["role"]
    search_fields = ["shop__name", "=shop__shop_no", "display_name"]
    list_select_related = ["shop"]
    readonly_fields = ["shop", "role", "created_at"]

    def has_add_permission(self, request):
        return False  # chosen by the shop itself, once
