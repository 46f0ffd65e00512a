from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.urls import reverse


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services only (money, bindings, statements, notices): admins
    read them, so that no rule those services keep is skipped here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def reason_page(model_admin, request, *, form, action, title, intro, rows) -> TemplateResponse:
    """The page an admin action shows before it acts: what it will act on (`rows` of pk and
    text) and the reason `form`; submitting it runs `action` again with "apply"."""
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/action_with_reason.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "opts": opts,
            "form": form,
            "rows": rows,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        },
    )
