from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from common.api import ERRORS, CharField, ErrorSerializer, filter_or_refuse, paginated
from common.exceptions import InvalidInput
from common.money import MONEY
from common.pagination import CreatedAtKeysetPagination
from merchant import permissions
from merchant.mixins import ShopScopedApi
from payouts import selectors, services
from payouts.filters import LedgerFilterSet
from payouts.forms import DailyBillForm
from payouts.models import LedgerKind, WithdrawalStatus, resolve_bank

WITHDRAWAL_ERRORS = {**ERRORS, 422: ERRORS[400]}


class AccountApi(ShopScopedApi):
    area = permissions.PAYOUTS

    class OutputSerializer(serializers.Serializer):
        available_balance = serializers.DecimalField(source="available_amount", **MONEY)
        frozen_balance = serializers.DecimalField(source="frozen_amount", **MONEY)
        after_sale_hold = serializers.DecimalField(
            **MONEY, help_text="售后冻结: held back for open after-sales on settled orders."
        )
        withdrawable_balance = serializers.DecimalField(
            **MONEY, help_text="What a withdrawal may take now: available less the hold."
        )

    @extend_schema(operation_id="payouts_account", responses={200: OutputSerializer, **ERRORS})
    def get(self, request):
        account, hold, withdrawable = selectors.get_withdrawable(shop=self.shop)
        data = {
            "available_amount": account.available_amount,
            "frozen_amount": account.frozen_amount,
            "after_sale_hold": hold,
            "withdrawable_balance": withdrawable,
        }
        return Response(self.OutputSerializer(data).data)


LEDGER_FILTERS = [
    OpenApiParameter("kind", enum=LedgerKind.values),
    OpenApiParameter("created_from", str, description="YYYY-MM-DD, Shanghai"),
    OpenApiParameter("created_to", str, description="YYYY-MM-DD, Shanghai, included"),
    OpenApiParameter("order_sn", str),
]


class LedgerApi(ShopScopedApi):
    area = permissions.PAYOUTS

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.ChoiceField(choices=LedgerKind.choices)
        amount = serializers.DecimalField(**MONEY)
        balance_after = serializers.DecimalField(source="available_after", **MONEY)
        frozen_after = serializers.DecimalField(**MONEY)
        created_at = serializers.DateTimeField()
        ref = serializers.SerializerMethodField()

        def get_ref(self, entry) -> str:
            if entry.withdrawal_id:
                return f"withdrawal:{entry.withdrawal_id}"
            if entry.order_id:
                return f"order:{entry.order.order_sn}"
            return ""

    @extend_schema(
        operation_id="payouts_ledger",
        parameters=[
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", int),
            *LEDGER_FILTERS,
        ],
        responses={200: paginated(OutputSerializer), **ERRORS},
    )
    def get(self, request):
        entries = filter_or_refuse(
            LedgerFilterSet, request, queryset=selectors.list_ledger(shop=self.shop)
        )
        paginator = CreatedAtKeysetPagination()
        page = paginator.paginate_queryset(entries, request)
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class LedgerTotalsApi(ShopScopedApi):
    """账单汇总: per kind, how many entries and what they add up to, for the same filters as
    the ledger."""

    area = permissions.PAYOUTS

    class OutputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=LedgerKind.choices)
        label = CharField(help_text="The kind in the request's language.")
        count = serializers.IntegerField()
        amount = serializers.DecimalField(
            **MONEY, help_text="As the list shows each entry (`amount` of the ledger API)."
        )
        available = serializers.DecimalField(**MONEY, help_text="Change of the available balance.")
        frozen = serializers.DecimalField(**MONEY, help_text="Change of the frozen balance.")

    @extend_schema(
        operation_id="payouts_ledger_totals",
        parameters=LEDGER_FILTERS,
        responses={200: OutputSerializer(many=True), **ERRORS},
    )
    def get(self, request):
        entries = filter_or_refuse(
            LedgerFilterSet, request, queryset=selectors.list_ledger(shop=self.shop)
        )
        return Response(self.OutputSerializer(selectors.ledger_totals(entries), many=True).data)


class BankCardApi(ShopScopedApi):
    area = permissions.PAYOUTS

    class InputSerializer(serializers.Serializer):
        holder_name = CharField(max_length=30)
        bank_name = CharField(
            max_length=60,
            help_text="The bank: its name (中国工商银行, Industrial and Commercial Bank of "
            "China) or its code (ICBC).",
        )

        def validate_bank_name(self, value):
            code = resolve_bank(value)
            if code is None:
                raise serializers.ValidationError(_("Choose one of the listed banks."))
            return code

        card_no = CharField(max_length=30)
        password = CharField(max_length=128, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        holder_name = CharField()
        bank_name = CharField(
            source="get_bank_code_display", help_text="In the request's language."
        )
        bank_code = CharField()
        card_no_masked = CharField()
        bound_at = serializers.DateTimeField()
        usable_from = serializers.DateTimeField(
            help_text="A newly bound card receives withdrawals from this time on."
        )

    @extend_schema(operation_id="payouts_bank_card", responses={200: OutputSerializer, **ERRORS})
    def get(self, request):
        card = selectors.get_bank_card(shop=self.shop)
        if card is None:
            raise Http404
        return Response(self.OutputSerializer(card).data)

    @extend_schema(
        operation_id="payouts_bank_card_bind",
        request=InputSerializer,
        # 403 for anyone but the owner; 429 once wrong passwords have locked the login.
        responses={200: OutputSerializer, **ERRORS, 429: ErrorSerializer},
    )
    def put(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        card = services.bind_bank_card(
            shop=self.shop,
            user=request.user,
            password=data["password"],
            holder_name=data["holder_name"],
            bank_code=data["bank_name"],  # a name or a code, resolved to the code
            card_no=data["card_no"],
            request=request._request,  # django-axes counts a wrong password as a failed login
        )
        return Response(self.OutputSerializer(card).data)


class WithdrawalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    amount = serializers.DecimalField(**MONEY)
    status = serializers.ChoiceField(choices=WithdrawalStatus.choices)
    bank_name = CharField(source="get_bank_code_display")
    bank_code = CharField()
    card_no_masked = CharField()
    expected_arrival = serializers.DateField()
    accepted_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    failure_reason = CharField(source="failure_text")
    created_at = serializers.DateTimeField()


class WithdrawalListCreateApi(ShopScopedApi):
    area = permissions.PAYOUTS

    class InputSerializer(serializers.Serializer):
        amount = serializers.DecimalField(**MONEY)

    @extend_schema(
        operation_id="payouts_withdrawals_list",
        parameters=[OpenApiParameter("cursor", str), OpenApiParameter("page_size", int)],
        responses={200: paginated(WithdrawalSerializer), **ERRORS},
    )
    def get(self, request):
        paginator = CreatedAtKeysetPagination()
        page = paginator.paginate_queryset(selectors.list_withdrawals(shop=self.shop), request)
        return paginator.get_paginated_response(WithdrawalSerializer(page, many=True).data)

    @extend_schema(
        operation_id="payouts_withdrawals_create",
        request=InputSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        responses={201: WithdrawalSerializer, **WITHDRAWAL_ERRORS},
    )
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amount = serializer.validated_data["amount"]

        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > 255:
            raise InvalidInput({"Idempotency-Key": [_("Use a key of at most 255 characters.")]})
        if not key:
            withdrawal = services.request_withdrawal(
                shop=self.shop, amount=amount, requested_by=request.user
            )
        else:
            outcome = services.request_withdrawal_once(
                shop=self.shop, amount=amount, requested_by=request.user, key=key
            )
            if outcome.refusal is not None:  # answered as any refusal, after the commit
                raise outcome.refusal
            withdrawal = outcome.withdrawal
        return Response(WithdrawalSerializer(withdrawal).data, status=status.HTTP_201_CREATED)


class WithdrawalDetailApi(ShopScopedApi):
    area = permissions.PAYOUTS

    @extend_schema(
        operation_id="payouts_withdrawals_retrieve", responses={200: WithdrawalSerializer, **ERRORS}
    )
    def get(self, request, withdrawal_id: int):
        withdrawal = selectors.get_withdrawal_for_shop(shop=self.shop, withdrawal_id=withdrawal_id)
        return Response(WithdrawalSerializer(withdrawal).data)


class DailyBillApi(ShopScopedApi):
    """日账单 of one Shanghai day (`day`, yesterday by default): opening and closing
    balances, the day's totals per kind, and whether they reconcile."""

    area = permissions.PAYOUTS

    class OutputSerializer(serializers.Serializer):
        day = serializers.DateField()
        opening_available = serializers.DecimalField(**MONEY)
        opening_frozen = serializers.DecimalField(**MONEY)
        totals = LedgerTotalsApi.OutputSerializer(many=True)
        available_change = serializers.DecimalField(**MONEY)
        frozen_change = serializers.DecimalField(**MONEY)
        closing_available = serializers.DecimalField(**MONEY)
        closing_frozen = serializers.DecimalField(**MONEY)
        reconciles = serializers.BooleanField()

    @extend_schema(
        operation_id="payouts_daily_bill",
        parameters=[OpenApiParameter("day", str, description="YYYY-MM-DD, Shanghai")],
        responses={200: OutputSerializer, **ERRORS},
    )
    def get(self, request):
        form = DailyBillForm(request.query_params)
        if not form.is_valid():
            raise InvalidInput({name: list(errors) for name, errors in form.errors.items()})
        bill = selectors.daily_bill(shop=self.shop, day=form.cleaned_data["day"])
        return Response(self.OutputSerializer(bill).data)
