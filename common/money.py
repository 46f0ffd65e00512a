from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from common.exceptions import InvalidInput

FEN = Decimal("0.01")
# Every money column, serializer field and form field: up to 12 digits of yuan and the fen.
MONEY = {"max_digits": 14, "decimal_places": 2}


def quantize_amount(value: Decimal | int | str) -> Decimal:
    """Round to the fen, half up, as Chinese bookkeeping does. Never accepts float."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal) -> str:
    """`¥1,234.50`: thousands separated, always two decimals."""
    amount = quantize_amount(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


def parse_amount(value, *, field: str = "amount", bounded: bool = True) -> Decimal:
    """An amount a person or a client gave (text, int or Decimal; never float): finite, with
    at most two decimals and, when `bounded`, more than zero and within MONEY's digits
    (unbounded for a caller whose own limits answer with their own codes). Anything else is
    refused on `field` with a message saying what is expected."""
    example = _("Enter an amount such as 19.90.")
    if isinstance(value, float | bool) or value is None:
        raise InvalidInput({field: [example]})
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput({field: [example]}) from None
    if not amount.is_finite() or (bounded and amount <= 0):
        raise InvalidInput({field: [example]})
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise InvalidInput({field: [_("Enter an amount with at most two decimals.")]})
    if bounded and amount.adjusted() >= MONEY["max_digits"] - MONEY["decimal_places"]:
        raise InvalidInput({field: [_("This amount is too large.")]})
    return amount.quantize(FEN)
