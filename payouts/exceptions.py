from django.utils.translation import gettext_lazy as _

from common.exceptions import ApplicationError


class BankCardRequired(ApplicationError):
    code = "bank_card_required"
    default_message = _("Bind a bank card before withdrawing.")


class WithdrawalBelowMinimum(ApplicationError):
    code = "withdrawal_below_minimum"
    field = "amount"
    default_message = _("A withdrawal is at least ¥1,000.00.")


class WithdrawalAboveMaximum(ApplicationError):
    code = "withdrawal_above_maximum"
    field = "amount"
    default_message = _("A withdrawal is at most ¥500,000.00.")


class WithdrawalDailyLimit(ApplicationError):
    code = "withdrawal_daily_limit"
    default_message = _("The shop has already withdrawn today; withdraw again tomorrow.")


class InsufficientBalance(ApplicationError):
    code = "insufficient_balance"
    field = "amount"
    default_message = _("The amount is more than the available balance.")


class WrongPassword(ApplicationError):
    code = "wrong_password"
    field = "password"
    default_message = _("The login password is wrong.")


class InvalidCardNo(ApplicationError):
    code = "invalid_card_no"
    field = "card_no"
    default_message = _("Enter a bank card number of 16 to 19 digits.")


class IdempotencyKeyMismatch(ApplicationError):
    code = "idempotency_key_mismatch"
    status_code = 422
    default_message = _("This Idempotency-Key was used with a different request.")


class WithdrawalNotProcessing(ApplicationError):
    code = "withdrawal_not_processing"
    default_message = _("This withdrawal has already been completed.")
