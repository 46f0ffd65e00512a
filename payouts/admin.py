from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin, reason_page
from common.exceptions import ApplicationError
from common.money import format_amount
from payouts import services
from payouts.models import (
    BankCard,
    BankCardAudit,
    FundAccount,
    LedgerEntry,
    Withdrawal,
    WithdrawalEvent,
    WithdrawalStatus,
)


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
    list_display = ["shop", "bank_code", "holder_name", "card_no_masked", "updated_at"]
    search_fields = ["shop__name", "=shop__shop_no", "holder_name"]
    fields = ["shop", "bank_code", "holder_name", "card_no_masked", "updated_at"]
    readonly_fields = fields  # the encrypted number is never shown

    @admin.display(description=_("card number"))
    def card_no_masked(self, card):
        return card.card_no_masked


@admin.register(BankCardAudit)
class BankCardAuditAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "shop", "user", "action", "bank_code", "card_last4", "ip_address"]
    list_filter = ["action", "bank_code"]
    search_fields = ["shop__name", "=shop__shop_no", "user__username"]
    list_select_related = ["shop", "user"]


class WithdrawalEventInline(admin.TabularInline):
    model = WithdrawalEvent
    fields = ["created_at", "kind", "actor", "bank_status", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SettleForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you settle it by hand (the bank's notice, the ticket number)."),
    )


@admin.register(Withdrawal)
class WithdrawalAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "shop",
        "amount",
        "status",
        "bank_code",
        "card_no_masked",
        "expected_arrival",
        "completed_at",
        "failure_reason",
    ]
    list_filter = ["status", "bank_code", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["shop__name", "=shop__shop_no", "=bank_reference"]
    list_select_related = ["shop"]
    date_hierarchy = "created_at"
    exclude = ["card_no_encrypted"]  # never shown, not even encrypted
    inlines = [WithdrawalEventInline]
    actions = ["mark_succeeded", "mark_failed"]

    def has_settle_permission(self, request):
        """Settling moves money: an explicit permission, not the change (or view) one."""
        return request.user.has_perm("payouts.settle_withdrawal")

    @admin.action(
        description=_("Mark arrived, as the bank answered (已到账)"), permissions=["settle"]
    )
    def mark_succeeded(self, request, queryset):
        return self._settle(request, queryset, WithdrawalStatus.SUCCEEDED, "mark_succeeded")

    @admin.action(
        description=_("Mark failed, as the bank refused it (funds return)"), permissions=["settle"]
    )
    def mark_failed(self, request, queryset):
        return self._settle(request, queryset, WithdrawalStatus.FAILED, "mark_failed")

    def _settle(self, request, queryset, outcome, action):
        """First a page that asks for the reason; then each withdrawal through the service,
        which holds the bank's answer against the outcome and records who, when and why."""
        form = SettleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for withdrawal in queryset:
                try:
                    services.settle_withdrawal_by_admin(
                        withdrawal=withdrawal,
                        outcome=outcome,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except ApplicationError as error:
                    messages.warning(request, f"#{withdrawal.pk}: {error.message}")
            if done:
                messages.success(request, _("%(count)d withdrawals updated.") % {"count": done})
            return None
        return reason_page(
            self,
            request,
            form=form,
            action=action,
            title=_("Mark arrived") if outcome == "succeeded" else _("Mark failed"),
            intro=_(
                "Each withdrawal below is settled only if the bank's answer agrees; the others "
                "are left as they are. Your name, the time and the reason are recorded on each."
            ),
            rows=[
                (w.pk, f"{w.shop} {format_amount(w.amount)} {w.get_status_display()}")
                for w in queryset.select_related("shop")
            ],
        )
