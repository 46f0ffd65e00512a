from decimal import Decimal

import pytest
from django.utils import translation

from common.exceptions import InvalidInput
from common.money import format_amount, parse_amount, quantize_amount


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


@pytest.mark.parametrize(
    ("value", "expected"), [("19.9", "19.90"), (" 1000 ", "1000.00"), (5, "5.00"), ("0.01", "0.01")]
)
def test_parse_amount_reads_what_people_and_clients_send(value, expected):
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "Enter an amount such as 19.90."),
        ("", "Enter an amount such as 19.90."),
        (None, "Enter an amount such as 19.90."),
        (19.9, "Enter an amount such as 19.90."),
        ("NaN", "Enter an amount such as 19.90."),
        ("Infinity", "Enter an amount such as 19.90."),
        ("0", "Enter an amount such as 19.90."),
        ("-5", "Enter an amount such as 19.90."),
        ("19.999", "Enter an amount with at most two decimals."),
        ("1e20", "This amount is too large."),
        ("²", "Enter an amount such as 19.90."),
    ],
)
def test_parse_amount_refuses_the_rest_on_its_field(value, message):
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        parse_amount(value, field="price")

    assert refused.value.fields == {"price": [message]}


def test_an_unbounded_amount_leaves_the_limits_to_the_caller():
    assert parse_amount("-5", bounded=False) == Decimal("-5.00")
    assert parse_amount("1e20", bounded=False) == Decimal("1e20").quantize(Decimal("0.01"))
