from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin
from merchant import services
from merchant.models import (
    Membership,
    Notification,
    NotificationSetting,
    OperationLog,
    ReturnAddress,
    Shop,
    User,
)
from merchant.notifications import render as render_notification


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "shop"]
    fields = ["user", "shop", "role", "is_active", "created_at"]
    readonly_fields = ["created_at"]


# Changing these fields in admin ends the user's tokens and chat sockets, as in the console.
ENDS_ACCESS = {Membership: {"role", "is_active"}, User: {"is_active", "password"}}


class EndsAccessOnChange:
    """Role, activity and password changes made in admin end access as in the console."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            end_access(obj, form.changed_data)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            if inline_form.instance.pk:
                end_access(inline_form.instance, inline_form.changed_data)


def end_access(instance, changed_data) -> None:
    if ENDS_ACCESS.get(type(instance), set()) & set(changed_data):
        services.revoke_tokens(user=instance if isinstance(instance, User) else instance.user)


@admin.register(User)
class UserAdmin(EndsAccessOnChange, DjangoUserAdmin):
    inlines = [MembershipInline]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:  # changed
            services.revoke_tokens(user=self.get_object(request, id))
        return response

    list_display = ["username", "first_name", "is_active", "is_staff", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["username", "first_name", "email", "memberships__shop__name"]


class ShopAdminForm(forms.ModelForm):
    """A suspension says why: the merchant reads the reason on every page."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_suspended") and not cleaned.get("suspension_reason", "").strip():
            self.add_error("suspension_reason", _("Say why: the merchant reads it on every page."))
        return cleaned


@admin.register(Shop)
class ShopAdmin(EndsAccessOnChange, admin.ModelAdmin):
    inlines = [MembershipInline]
    list_display = ["shop_no", "name", "owner", "is_suspended", "created_at"]
    search_fields = ["name", "=shop_no"]
    list_filter = ["is_suspended"]
    date_hierarchy = "created_at"
    readonly_fields = ["shop_no", "created_at"]
    fields = ["shop_no", "name", "is_suspended", "suspension_reason", "created_at"]

    form = ShopAdminForm

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "is_suspended" in form.changed_data:
                services.shop_suspension_changed(shop=obj)

    @admin.display(description=_("Owner"))
    def owner(self, shop):
        owners = [m.user.username for m in shop.memberships.all() if m.role == "owner"]
        return owners[0] if owners else "-"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__user")

    def has_add_permission(self, request):
        return False  # shops open through sign-up (入驻), which also makes the owner


@admin.register(Membership)
class MembershipAdmin(EndsAccessOnChange, admin.ModelAdmin):
    list_display = ["user", "shop", "role", "is_active", "created_at"]
    list_filter = ["role", "is_active", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["user__username", "shop__name", "=shop__shop_no"]
    list_select_related = ["user", "shop"]
    autocomplete_fields = ["user", "shop"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "shop", "user", "kind", "read_at"]
    list_filter = ["kind"]
    search_fields = ["shop__name", "=shop__shop_no", "user__username"]
    list_select_related = ["shop", "user"]

    @admin.display(description=_("Text"))
    def text(self, notification):
        return render_notification(notification)

    readonly_fields = ["text"]


@admin.register(NotificationSetting)
class NotificationSettingAdmin(ReadOnlyAdmin):
    """Members' own choices: read here, changed only by them."""

    list_display = ["shop", "user", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["shop__name", "=shop__shop_no", "user__username"]
    list_select_related = ["shop", "user"]


@admin.register(OperationLog)
class OperationLogAdmin(ReadOnlyAdmin):
    """操作日志: append-only; platform admins read it."""

    list_display = ["created_at", "shop", "actor", "action", "target", "ip_address"]
    list_filter = ["action", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=shop__shop_no", "shop__name", "actor__username", "target"]
    list_select_related = ["shop", "actor"]
    date_hierarchy = "created_at"


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' admin, with its clean-up action behind the delete permission (as shipped
    it is offered to view-only staff)."""

    @admin.action(description=_("Clean up expired attempts"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)


@admin.register(ReturnAddress)
class ReturnAddressAdmin(admin.ModelAdmin):
    list_display = ["shop", "name", "phone", "province", "city", "district", "created_at"]
    search_fields = ["shop__name", "=shop__shop_no", "name", "=phone"]
    list_select_related = ["shop"]
    readonly_fields = ["shop", "created_at"]

    def has_add_permission(self, request):
        return False  # the shop adds its own
