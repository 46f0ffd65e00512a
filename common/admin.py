from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the services only (money, bindings, statements, notices): admins
    read them, so that no rule those services keep is skipped here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
