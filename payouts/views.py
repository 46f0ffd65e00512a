from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from common.exceptions import ApplicationError
from common.forms import add_application_error
from common.money import format_amount
from common.pagination import KeysetPaginator
from merchant import permissions
from merchant.mixins import ShopAreaRequiredMixin
from payouts import selectors, services
from payouts.filters import LedgerFilterSet
from payouts.forms import BankCardForm, DailyBillForm, WithdrawalForm
from payouts.models import WITHDRAWAL_MAX, WITHDRAWAL_MIN
from payouts.workdays import is_estimate


class PayoutsAreaMixin(ShopAreaRequiredMixin):
    area = permissions.PAYOUTS


class AccountView(PayoutsAreaMixin, TemplateView):
    """资金账户: balances, the bank card, the withdrawal form, withdrawals and the ledger."""

    template_name = "payouts/account_detail.html"

    def get_context_data(self, **kwargs):
        filterset = LedgerFilterSet(
            self.request.GET, queryset=selectors.list_ledger(shop=self.shop)
        )
        entries = filterset.qs if filterset.is_valid() else filterset.queryset.none()
        ledger = KeysetPaginator(entries, time_field="created_at", page_size=20).page(
            self.request.GET.get("cursor")
        )
        query = self.request.GET.copy()
        query.pop("cursor", None)
        today = timezone.localdate()
        earliest, latest = services.expected_arrival_range(today)
        account, hold, withdrawable = selectors.get_withdrawable(shop=self.shop)
        return super().get_context_data(
            account=account,
            after_sale_hold=hold,
            withdrawable=withdrawable,
            card=selectors.get_bank_card(shop=self.shop),
            can_bind_card=permissions.can_access(self.request.membership, permissions.BANK_CARD),
            can_view_orders=permissions.can_access(self.request.membership, permissions.ORDER_VIEW),
            form=kwargs.pop("form", None) or WithdrawalForm(),
            withdrawals=selectors.list_withdrawals(shop=self.shop)[:10],
            ledger=ledger,
            ledger_form=filterset.form,
            ledger_totals=selectors.ledger_totals(entries),
            ledger_query=query.urlencode(),
            minimum=WITHDRAWAL_MIN,
            maximum=WITHDRAWAL_MAX,
            arrival_from=earliest,
            arrival_to=latest,
            arrival_is_estimate=is_estimate(today, latest),
            **kwargs,
        )


class WithdrawalCreateView(AccountView):
    def post(self, request):
        form = WithdrawalForm(request.POST)
        if form.is_valid():
            try:
                withdrawal = services.request_withdrawal(
                    shop=self.shop, amount=form.cleaned_data["amount"], requested_by=request.user
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(
                    request,
                    _("Withdrawal of %(amount)s requested; expected by %(date)s.")
                    % {
                        "amount": format_amount(withdrawal.amount),
                        "date": withdrawal.expected_arrival.isoformat(),
                    },
                )
                return redirect("payouts:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BankCardView(PayoutsAreaMixin, FormView):
    """Bind or change the card: the page shows every member of the area the card, and the
    form to the owner only (the service refuses anyone else too)."""

    template_name = "payouts/bank_card_form.html"
    form_class = BankCardForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            card=selectors.get_bank_card(shop=self.shop),
            can_bind_card=permissions.can_access(self.request.membership, permissions.BANK_CARD),
            cooling_off_hours=int(settings.BANK_CARD_COOLING_OFF.total_seconds() // 3600),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not permissions.can_access(request.membership, permissions.BANK_CARD):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.bind_bank_card(
                shop=self.shop, user=self.request.user, request=self.request, **form.cleaned_data
            )
        except ApplicationError as error:
            add_application_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Bank card saved."))
        return redirect("payouts:index")


class DailyBillView(PayoutsAreaMixin, TemplateView):
    """日账单: one day's opening and closing balances and its movements per kind, which
    must add up (shown as checked)."""

    template_name = "payouts/daily_bill.html"

    def get_context_data(self, **kwargs):
        form = DailyBillForm(self.request.GET)  # no day asked: yesterday
        bill = (
            selectors.daily_bill(shop=self.shop, day=form.cleaned_data["day"])
            if form.is_valid()
            else None
        )
        return super().get_context_data(form=form, bill=bill, **kwargs)
