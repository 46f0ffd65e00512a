from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError
from payouts import services
from payouts.models import BankCard, BankCardAudit, FundAccount, LedgerEntry, Withdrawal


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money records are written by services only; admins read them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundAccount)
class FundAccountAdmin(ReadOnlyAdmin):
    list_display = ["shop", "available_amount", "frozen_amount", "updated_at"]
    search_fields = ["shop__name", "=shop__shop_no"]
    list_select_related = ["shop"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "account",
        "kind",
        "available_delta",
        "frozen_delta",
        "available_after",
        "frozen_after",
        "order",
        "withdrawal",
    ]
    list_filter = ["kind", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["account__shop__name", "=account__shop__shop_no", "=order__order_sn"]
    list_select_related = ["account__shop", "order", "withdrawal"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(BankCard)
class BankCardAdmin(ReadOnlyAdmin):
    list_display = ["shop", "bank", "holder_name", "card_no_masked", "updated_at"]
    search_fields = ["shop__name", "=shop__shop_no", "holder_name"]
    fields = ["shop", "bank", "holder_name", "card_no_masked", "updated_at"]
    readonly_fields = fields  # the encrypted number is never shown

    @admin.display(description=_("card number"))
    def card_no_masked(self, card):
        return card.card_no_masked


@admin.register(BankCardAudit)
class BankCardAuditAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "shop", "user", "action", "bank", "card_last4", "ip_address"]
    list_filter = ["action", "bank"]
    search_fields = ["shop__name", "=shop__shop_no", "user__username"]
    list_select_related = ["shop", "user"]


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "shop",
        "amount",
        "status",
        "bank",
        "card_no_masked",
        "expected_arrival",
        "completed_at",
        "failure_reason",
    ]
    list_filter = ["status", "bank", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["shop__name", "=shop__shop_no", "=bank_reference"]
    list_select_related = ["shop"]
    date_hierarchy = "created_at"
    actions = ["mark_succeeded", "mark_failed"]

    def has_settle_permission(self, request):
        """Finance admins (change permission on withdrawals) settle them, via the services."""
        return request.user.has_perm("payouts.change_withdrawal")

    @admin.action(description=_("Mark arrived (已到账)"), permissions=["settle"])
    def mark_succeeded(self, request, queryset):
        self._settle(request, queryset, lambda w: services.mark_withdrawal_succeeded(withdrawal=w))

    @admin.action(description=_("Mark failed: refused by the bank (funds return)"))
    def mark_failed(self, request, queryset):
        reason = _("Refused by the bank (marked by the platform)")
        self._settle(
            request,
            queryset,
            lambda w: services.mark_withdrawal_failed(withdrawal=w, reason=reason),
        )

    def _settle(self, request, queryset, settle):
        done = 0
        for withdrawal in queryset:
            try:
                settle(withdrawal)
                done += 1
            except ApplicationError as error:
                messages.warning(request, f"#{withdrawal.pk}: {error.message}")
        if done:
            messages.success(request, _("%(count)d withdrawals updated.") % {"count": done})
