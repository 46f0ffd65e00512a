from django.db.models import QuerySet

from common.tenancy import get_object_for_shop
from payouts.models import BankCard, FundAccount, LedgerEntry, Withdrawal


def get_account(*, shop) -> FundAccount:
    """The shop's account; a shop that never had money reads as zero (no row written)."""
    return FundAccount.objects.for_shop(shop).first() or FundAccount(shop=shop)


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
