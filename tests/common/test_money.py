from decimal import Decimal

import pytest

from common.money import format_amount, quantize_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("-0.005", "-0.01"),
        ("1234.565", "1234.57"),
        (3, "3.00"),
    ],
)
def test_amounts_round_half_up_to_the_fen(value, expected):
    assert quantize_amount(value) == Decimal(expected)


def test_float_is_refused():
    with pytest.raises(TypeError):
        quantize_amount(0.1)


def test_amounts_are_shown_in_yuan_with_separators():
    assert format_amount(Decimal("1234567.5")) == "¥1,234,567.50"
    assert format_amount(Decimal("-3")) == "-¥3.00"
