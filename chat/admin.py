from django.contrib import admin

from chat.models import Conversation, Message, QuickPhrase
from chat.services import moderate_message


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "shop",
        "buyer",
        "last_message_text",
        "last_message_at",
        "merchant_unread",
    ]
    search_fields = ["shop__name", "=shop__shop_no", "buyer__nickname", "buyer__user__username"]
    list_select_related = ["shop", "buyer"]
    date_hierarchy = "last_message_at"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Chat abuse review: everything read-only but the moderation flag. A flagged message is
    removed from both sides' view (the console, the apps, the list preview); it stays here."""

    list_display = ["created_at", "conversation", "sender_kind", "kind", "text", "is_flagged"]
    list_filter = ["is_flagged", "sender_kind", "kind", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["text", "conversation__shop__name", "conversation__buyer__nickname"]
    list_select_related = ["conversation__shop", "conversation__buyer"]
    list_editable = ["is_flagged"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Message._meta.fields if f.name != "is_flagged"]

    def save_model(self, request, obj, form, change):
        """Flagging removes the message for both sides (chat.services.moderate_message)."""
        moderate_message(message=obj, flagged=obj.is_flagged)


@admin.register(QuickPhrase)
class QuickPhraseAdmin(admin.ModelAdmin):
    list_display = ["shop", "text", "created_at"]
    search_fields = ["shop__name", "text"]
    list_select_related = ["shop"]
