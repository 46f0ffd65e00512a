"""Where withdrawals go: a bank gateway. The simulated bank is the default; a real connector
implements the same two calls and is named in `PAYOUT_GATEWAY`."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class BankAnswer:
    status: str  # "processing", "succeeded" or "failed"
    reason: str = ""


class BankGateway:
    def submit(self, withdrawal) -> str:
        """Hand the transfer to the bank; answer its reference (银行受理完成)."""
        raise NotImplementedError

    def query(self, withdrawal) -> BankAnswer:
        """Where the transfer stands now."""
        raise NotImplementedError


class SimulatedBank(BankGateway):
    """Accepts every transfer at once and pays it out on its expected arrival day. A card
    ending in `SIMULATED_BANK_FAILING_LAST4` is refused, to show the failure path."""

    def submit(self, withdrawal) -> str:
        return f"SIM{withdrawal.pk:012d}"

    def query(self, withdrawal, today: date | None = None) -> BankAnswer:
        if withdrawal.card_last4 == settings.SIMULATED_BANK_FAILING_LAST4:
            return BankAnswer("failed", "收款账户状态异常，银行退回")
        if (today or timezone.localdate()) >= withdrawal.expected_arrival:
            return BankAnswer("succeeded")
        return BankAnswer("processing")


def get_gateway() -> BankGateway:
    return import_string(settings.PAYOUT_GATEWAY)()
