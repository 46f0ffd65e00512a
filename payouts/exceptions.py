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


class BankCardOwnerOnly(ApplicationError):
    code = "permission_denied"
    status_code = 403
    default_message = _("Only the shop owner can bind or change the bank card.")


class BankCardCoolingOff(ApplicationError):
    code = "bank_card_cooling_off"
    default_message = _(
        "A newly bound card receives withdrawals 24 hours after it was bound: from %(from)s."
    )


class BankAnswerDiffers(ApplicationError):
    """The platform cannot settle a withdrawal against what the bank says of it."""

    code = "bank_answer_differs"
    default_message = _(
        "The bank says this withdrawal is %(bank_status)s; it can only be marked as the bank "
        "answers."
    )


class ReasonRequired(ApplicationError):
    code = "validation_error"
    field = "reason"
    default_message = _("Give the reason (1 to 200 characters).")
