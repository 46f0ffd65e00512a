from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, QuerySet, Sum, When

from common.dates import shanghai_day_start, within_days
from common.i18n import choice_label
from common.tenancy import get_object_for_shop
from orders.models import AfterSale, AfterSaleStatus
from payouts.models import (
    BankCard,
    FundAccount,
    LedgerEntry,
    LedgerKind,
    Withdrawal,
    service_fee,
)

ZERO = Decimal("0.00")


def get_account(*, shop) -> FundAccount:
    """The shop's account; a shop that never had money reads as zero (no row written)."""
    return FundAccount.objects.for_shop(shop).first() or FundAccount(shop=shop)


def get_withdrawable(*, shop) -> tuple[FundAccount, Decimal, Decimal]:
    """The account, its after-sale hold, and what a withdrawal may take now (the available
    balance less the hold, never below zero): the fund page and the account API show these."""
    account = get_account(shop=shop)
    hold = after_sale_hold(shop_id=shop.pk)
    return account, hold, max(account.available_amount - hold, ZERO)


def after_sale_hold(*, shop_id) -> Decimal:
    """售后冻结: what the open after-sales on orders already credited would take back if
    granted (the refund less its service fee, as `debit_refund` posts it). It is held back
    from withdrawals, so that a withdrawal never leaves a pending refund unpayable."""
    credited = LedgerEntry.objects.filter(kind=LedgerKind.ORDER_INCOME, order=OuterRef("order"))
    amounts = (
        AfterSale.objects.filter(shop_id=shop_id, status=AfterSaleStatus.IN_PROGRESS)
        .filter(Exists(credited))
        .values_list("amount", flat=True)
    )
    return sum((amount - service_fee(amount) for amount in amounts), ZERO)


def get_bank_card(*, shop) -> BankCard | None:
    return BankCard.objects.for_shop(shop).first()


def list_ledger(*, shop) -> QuerySet[LedgerEntry]:
    return (
        LedgerEntry.objects.for_shop(shop)
        .select_related("order", "withdrawal")
        .order_by("-created_at", "-id")
    )


def filter_ledger(
    entries: QuerySet[LedgerEntry], *, kind="", created_from=None, created_to=None, order_sn=""
) -> QuerySet[LedgerEntry]:
    """账单明细 by kind, Shanghai days (both included) and order number."""
    if kind:
        entries = entries.filter(kind=kind)
    entries = within_days(entries, "created_at", created_from, created_to)
    order_sn = (order_sn or "").strip()
    if order_sn:
        entries = entries.filter(order__order_sn=order_sn)
    return entries


def ledger_totals(entries: QuerySet[LedgerEntry]) -> list[dict]:
    """How many entries of each kind and what they add up to (as the list shows each one:
    the available balance's change, or the frozen one's for an arrived withdrawal), for the
    entries given: one GROUP BY."""
    amount = Case(When(available_delta=0, then=F("frozen_delta")), default=F("available_delta"))
    rows = (
        entries.order_by()
        .values("kind")
        .annotate(
            count=Count("id"),
            total=Sum(amount),
            available=Sum("available_delta"),
            frozen=Sum("frozen_delta"),
        )
        .order_by("kind")
    )
    return [
        {
            "kind": row["kind"],
            "label": choice_label(LedgerKind, row["kind"]),
            "count": row["count"],
            "amount": row["total"],
            "available": row["available"],
            "frozen": row["frozen"],
        }
        for row in rows
    ]


def list_withdrawals(*, shop) -> QuerySet[Withdrawal]:
    return Withdrawal.objects.for_shop(shop).order_by("-created_at", "-id")


def get_withdrawal_for_shop(*, shop, withdrawal_id) -> Withdrawal:
    return get_object_for_shop(Withdrawal.objects.all(), shop=shop, pk=withdrawal_id)


def daily_bill(*, shop, day) -> dict:
    """日账单 of one Shanghai day: the balances at its start (after the last entry before it),
    its movements per kind, and the balances at its end. It reconciles by construction of
    the ledger (each entry's balances after it): opening + the day's deltas = closing, and
    `reconciles` says so, checked against the entries themselves."""
    entries = LedgerEntry.objects.for_shop(shop)
    start, end = shanghai_day_start(day), shanghai_day_start(day + timedelta(days=1))
    before = entries.filter(created_at__lt=start).order_by("-created_at", "-id").first()
    opening = (before.available_after, before.frozen_after) if before is not None else (ZERO, ZERO)
    of_day = entries.filter(created_at__gte=start, created_at__lt=end)
    sums = of_day.aggregate(
        available=Sum("available_delta", default=ZERO), frozen=Sum("frozen_delta", default=ZERO)
    )
    last = of_day.order_by("-created_at", "-id").first()
    closing = (last.available_after, last.frozen_after) if last is not None else opening
    return {
        "day": day,
        "opening_available": opening[0],
        "opening_frozen": opening[1],
        "totals": ledger_totals(of_day),
        "available_change": sums["available"],
        "frozen_change": sums["frozen"],
        "closing_available": closing[0],
        "closing_frozen": closing[1],
        "reconciles": (
            opening[0] + sums["available"] == closing[0]
            and opening[1] + sums["frozen"] == closing[1]
        ),
    }
