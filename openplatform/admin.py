from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from openplatform import services
from openplatform.models import Grant, OpenApp, PushMessage


@admin.register(OpenApp)
class OpenAppAdmin(admin.ModelAdmin):
    """Apps are registered here or with `create_open_app`; the secret is shown once, when
    the app is made or its secret rotated, and never on the page again."""

    list_display = ("name", "client_id", "redirect_uri", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "client_id")
    readonly_fields = ("client_id", "created_at", "secret_rotated_at")
    fields = ("name", "client_id", "redirect_uri", "scope", "is_active", "created_at")
    actions = ["rotate_secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default

    def get_fields(self, request, obj=None):
        return ("name", "redirect_uri", "scope") if obj is None else self.fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        app = services.create_app(name=obj.name, redirect_uri=obj.redirect_uri, scope=obj.scope)
        obj.pk = app.pk
        messages.warning(
            request,
            _(
                "Client ID %(id)s, client secret %(secret)s. "
                "Copy the secret now: it is not shown again."
            )
            % {"id": app.client_id, "secret": app.client_secret},
        )

    def has_rotate_secret_permission(self, request):
        return request.user.has_perm("openplatform.rotate_secret")

    @admin.action(
        description=_("Rotate the client secret (the old one stops working)"),
        permissions=["rotate_secret"],
    )
    def rotate_secret(self, request, queryset):
        for app in queryset:
            app = services.rotate_secret(app=app)
            messages.warning(
                request,
                _("%(app)s: new client secret %(secret)s. Copy it now: it is not shown again.")
                % {"app": app.name, "secret": app.client_secret},
            )


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Shops' authorisations of apps: read-only; the platform may revoke one."""

    list_display = ("app", "shop", "created_at", "last_called_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("app", "shop")
    search_fields = ("app__name", "shop__name")
    exclude = ("access_token_digest", "refresh_token_digest")
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Grant._meta.fields if field.name not in self.exclude]

    @admin.action(description=_("Revoke (the app's tokens end at once)"), permissions=["change"])
    def revoke(self, request, queryset):
        for grant in queryset.filter(revoked_at__isnull=True):
            services.revoke_grant(grant=grant)


@admin.register(PushMessage)
class PushMessageAdmin(admin.ModelAdmin):
    """What the message service told apps, and whether they acknowledged it: read-only."""

    list_display = ("topic", "grant", "created_at", "sent_count", "acked_at")
    list_filter = ("topic",)
    list_select_related = ("grant__app", "grant__shop")
    readonly_fields = ("grant", "topic", "content", "created_at", "sent_count", "acked_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
