from django.contrib import admin

from products.models import Category, Product, ProductImage, Sku


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "sort_order", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name"]
    list_editable = ["sort_order", "is_active"]


class SkuInline(admin.TabularInline):
    model = Sku
    extra = 0
    fields = ["spec", "price", "single_price", "stock", "sku_code"]


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    inlines = [SkuInline, ProductImageInline]
    list_display = ["goods_id", "title", "shop", "category", "status", "sales_count", "created_at"]
    list_filter = ["status", "category", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=goods_id", "title", "shop__name", "=shop__shop_no"]
    list_select_related = ["shop", "category"]
    readonly_fields = ["goods_id", "sales_count", "created_at", "updated_at"]
    autocomplete_fields = ["shop"]
    date_hierarchy = "created_at"
