from django.contrib import admin

from orders.models import Buyer


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ["id", "nickname", "user", "created_at"]
    search_fields = ["nickname", "user__username", "=id"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    date_hierarchy = "created_at"
