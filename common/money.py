from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")


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
