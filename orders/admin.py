from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin, reason_page
from common.exceptions import ApplicationError
from common.money import format_amount
from common.views import attachment
from orders import selectors, services
from orders.models import (
    AddressChange,
    AfterSale,
    Buyer,
    LateShipment,
    LogisticsEvent,
    Order,
    OrderEvent,
    OrderItem,
    Package,
    ShipmentImport,
)


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ["id", "nickname", "user", "created_at"]
    search_fields = ["nickname", "user__username", "=id"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
    date_hierarchy = "created_at"


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ["goods_id", "title", "spec", "price", "quantity", "amount"]


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "kind", "actor_kind", "actor", "describe"]
    readonly_fields = fields

    @admin.display(description=_("detail"))
    def describe(self, event):
        return event.describe()


class LogisticsEventInline(ReadOnlyInline):
    model = LogisticsEvent
    fields = ["occurred_at", "tracking_no", "status", "description", "location"]


class PackageInline(ReadOnlyInline):
    model = Package
    fields = ["created_at", "carrier", "tracking_no", "created_by"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Orders change only through services (status, review); the admin reads and reviews."""

    inlines = [OrderItemInline, PackageInline, LogisticsEventInline, OrderEventInline]
    list_display = [
        "order_sn",
        "shop",
        "status",
        "after_sale_status",
        "pay_amount",
        "consignee_name",
        "paid_at",
        "is_late",
        "is_under_review",
    ]
    list_filter = [
        "status",
        "after_sale_status",
        "is_late",
        "is_under_review",
        "tracking_duplicated",
        ("paid_at", admin.DateFieldListFilter),
    ]
    search_fields = [
        "=order_sn",
        "=consignee_phone",
        "=tracking_no",
        "shop__name",
        "=shop__shop_no",
    ]
    list_select_related = ["shop"]
    date_hierarchy = "paid_at"
    actions = ["put_under_review", "finish_review"]
    show_full_result_count = False  # no COUNT(*) over every order on each page

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Order._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Put under review (审核中)"), permissions=["change"])
    def put_under_review(self, request, queryset):
        for order in queryset:
            services.set_review(order=order, under_review=True, actor=request.user)
        messages.success(request, _("Orders put under review."))

    @admin.action(description=_("Finish review"), permissions=["change"])
    def finish_review(self, request, queryset):
        for order in queryset:
            services.set_review(order=order, under_review=False, actor=request.user)
        messages.success(request, _("Review finished."))


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The platform's decision as the buyer and the merchant will read it."),
    )


@admin.register(AfterSale)
class AfterSaleAdmin(admin.ModelAdmin):
    """After-sales are read here; the ones a buyer appealed (平台处理中) are decided here,
    by admins with the "decide appealed after-sales" permission, with a reason."""

    list_display = ["order", "shop", "kind", "amount", "stage", "deadline", "created_at"]
    list_filter = ["stage", "kind", "reason_code", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=order__order_sn", "=order__consignee_phone", "shop__name", "=id"]
    list_select_related = ["order", "shop"]
    date_hierarchy = "created_at"
    actions = ["platform_refund", "platform_refuse"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [*(field.name for field in AfterSale._meta.fields), "photos"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a refund's record, like the ledger entry that pays it

    def get_urls(self):
        image = self.admin_site.admin_view(self.image_view)
        return [
            path(
                "<int:after_sale_id>/images/<int:image_id>/",
                image,
                name="orders_aftersale_image",
            ),
            *super().get_urls(),
        ]

    def image_view(self, request, after_sale_id, image_id):
        """The buyer's photo, for an admin who may view after-sales (evidence of an appeal)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        after_sale = get_object_or_404(
            AfterSale.objects.prefetch_related("images"), pk=after_sale_id
        )
        image = selectors.get_after_sale_image(after_sale=after_sale, image_id=image_id)
        return attachment(image.image, inline=True)

    @admin.display(description=_("photos"))
    def photos(self, after_sale):
        return (
            format_html_join(
                " ",
                '<a href="{}" target="_blank" rel="noopener">#{}</a>',
                (
                    (reverse("admin:orders_aftersale_image", args=[after_sale.pk, i.pk]), i.pk)
                    for i in after_sale.images.all()
                ),
            )
            or "-"
        )

    def has_intervene_permission(self, request):
        """Deciding moves money: an explicit permission, not the change (or view) one."""
        return request.user.has_perm("orders.intervene_aftersale")

    @admin.action(
        description=_("Platform decides: refund the buyer (平台同意退款)"),
        permissions=["intervene"],
    )
    def platform_refund(self, request, queryset):
        return self._decide(request, queryset, refund=True, action="platform_refund")

    @admin.action(
        description=_("Platform decides: refuse the appeal (平台驳回)"), permissions=["intervene"]
    )
    def platform_refuse(self, request, queryset):
        return self._decide(request, queryset, refund=False, action="platform_refuse")

    def _decide(self, request, queryset, *, refund: bool, action: str):
        """First a page that asks for the reason; then each appealed request through the
        service (one not under the platform's review is named and left as it is)."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for after_sale in queryset:
                try:
                    services.decide_appeal(
                        after_sale=after_sale,
                        admin=request.user,
                        refund=refund,
                        note=form.cleaned_data["note"],
                    )
                    done += 1
                except ApplicationError as error:
                    messages.warning(request, f"#{after_sale.pk}: {error.message}")
            if done:
                messages.success(request, _("%(count)d after-sales decided.") % {"count": done})
            return None
        return reason_page(
            self,
            request,
            form=form,
            action=action,
            title=_("Refund the buyer") if refund else _("Refuse the appeal"),
            intro=_(
                "Only requests the buyer appealed (platform reviewing) are decided; the others "
                "are left as they are. Your name, the time and the reason go on the order's "
                "timeline."
            ),
            rows=[
                (
                    a.pk,
                    f"{a.order} {a.get_kind_display()} {format_amount(a.amount)} "
                    f"{a.get_stage_display()}",
                )
                for a in queryset.select_related("order")
            ],
        )


@admin.register(LateShipment)
class LateShipmentAdmin(admin.ModelAdmin):
    list_display = ["order", "shop", "ship_deadline", "shipped_at", "detected_at"]
    list_filter = [("detected_at", admin.DateFieldListFilter)]
    search_fields = ["=order__order_sn", "shop__name", "=shop__shop_no"]
    list_select_related = ["order", "shop"]
    date_hierarchy = "detected_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in LateShipment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShipmentImport)
class ShipmentImportAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "shop", "file_name", "status", "processed", "total"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=shop__shop_no", "shop__name", "file_name"]
    list_select_related = ["shop"]
    exclude = ["rows"]


@admin.register(AddressChange)
class AddressChangeAdmin(ReadOnlyAdmin):
    """改地址 requests, as buyers asked and merchants answered (answered in the console)."""

    list_display = ["order", "shop", "status", "consignee_name", "province", "city", "created_at"]
    list_filter = ["status", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=order__order_sn", "=shop__shop_no", "shop__name"]
    list_select_related = ["order", "shop"]
    date_hierarchy = "created_at"
