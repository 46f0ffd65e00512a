from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

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


def list_withdrawals(*, shop) -> QuerySet[Withdrawal]:
    return Withdrawal.objects.for_shop(shop).order_by("-created_at", "-id")


def get_withdrawal_for_shop(*, shop, withdrawal_id) -> Withdrawal:
    return get_object_for_shop(Withdrawal.objects.all(), shop=shop, pk=withdrawal_id)
