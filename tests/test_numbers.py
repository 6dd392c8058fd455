"""Exact numbers: round once, half up (四舍五入), from the exact value; display forms."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine.numbers import fixed, percent, plain, round_fraction, terminating_decimal

F = Fraction


def test_worked_example_of_the_spec_rounds_half_up_to_11_63() -> None:
    exact = 15 * (F(7, 8) + F(3, 4) + F(7, 10)) / 3
    assert exact == F(93, 8) == F("11.625")
    assert round_fraction(exact, 2) == Decimal("11.63")
    # the same sum in binary floats lands just below the half and Python's round gives 11.62
    assert round(15 * (7 / 8 + 3 / 4 + 7 / 10) / 3, 2) == 11.62


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (F("2.5"), 0, "3"),
        (F("0.125"), 2, "0.13"),
        (F("4.995"), 2, "5.00"),
        (F("4.994999"), 2, "4.99"),
        (F(2, 3), 2, "0.67"),
        (F(1, 3), 2, "0.33"),
        (F(24, 7), 2, "3.43"),
        (F(0), 2, "0.00"),
        (F(100), 2, "100.00"),
        (F("1.23456789"), 0, "1"),
        (F("1.23456789"), 1, "1.2"),
        (F("1.23456789"), 3, "1.235"),
        (F("1.23456789"), 4, "1.2346"),
        (F("1.23456789"), 5, "1.23457"),
        (F("1.23456789"), 6, "1.234568"),
        (F("0.0000005"), 6, "0.000001"),
    ],
)
def test_half_up(value: Fraction, places: int, expected: str) -> None:
    result = round_fraction(value, places)
    assert result == Decimal(expected)
    assert str(result) == expected  # exactly `places` decimals, no exponent


@pytest.mark.parametrize(
    ("value", "expected"),
    [(F("-2.5"), "-3"), (F("-0.125") * 100, "-13"), (F("-2.4"), "-2"), (F("-2.6"), "-3")],
)
def test_half_up_rounds_negative_halves_away_from_zero(value: Fraction, expected: str) -> None:
    assert round_fraction(value, 0) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F("0.125"), "0.12"),
        (F("0.135"), "0.14"),
        (F("0.1251"), "0.13"),
        (F("-0.125"), "-0.12"),
        (F("11.625"), "11.62"),
        (F("2.675"), "2.68"),
    ],
)
def test_half_even(value: Fraction, expected: str) -> None:
    assert round_fraction(value, 2, "half_even") == Decimal(expected)


def test_down_truncates_toward_zero() -> None:
    assert round_fraction(F("4.999"), 2, "down") == Decimal("4.99")
    assert round_fraction(F("-4.999"), 2, "down") == Decimal("-4.99")


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rounding mode 'bankers'"):
        round_fraction(F(1), 2, "bankers")


def test_terminating_decimal() -> None:
    assert terminating_decimal(F(5, 8)) == Decimal("0.625")
    assert terminating_decimal(F(100)) == Decimal(100)
    assert str(terminating_decimal(F(100))) == "100"  # not 1E+2
    assert terminating_decimal(F(1, 3)) is None
    assert terminating_decimal(F(1, 10**7)) is None  # 7 places is past the default 6


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F(5, 8), "0.625"),
        (F(100), "100"),
        (F(2), "2"),
        (F("0.50"), "0.5"),
        (F("968.909901"), "968.909901"),
        (F(32, 7), "4.5714"),  # does not terminate: rounded to 4 places
        (F(0), "0"),
    ],
)
def test_plain(value: Fraction, expected: str) -> None:
    assert plain(value) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        (F("1.035"), "103.50%"),
        (F(3, 7), "42.86%"),
        (F(1), "100.00%"),
        (F(0), "0.00%"),
        (F("0.00005"), "0.01%"),  # 0.005% rounds half up
    ],
)
def test_percent(ratio: Fraction, expected: str) -> None:
    assert percent(ratio) == expected


def test_percent_places() -> None:
    assert percent(F(1, 3), 0) == "33%"
    assert percent(F(1, 3), 4) == "33.3333%"


def test_fixed() -> None:
    assert fixed(F(85)) == "85.00"
    assert fixed(F("11.625")) == "11.63"
    assert fixed(Decimal("79.4")) == "79.40"
    assert fixed(Decimal("3"), 0) == "3"
    assert fixed(F(24, 7), 4) == "3.4286"


def test_fixed_rounds_a_decimal_half_up_too() -> None:
    # Decimal.quantize's default is half even, which would print 0.12 and 2
    assert fixed(Decimal("0.125")) == "0.13"
    assert fixed(Decimal("2.5"), 0) == "3"
    assert fixed(Decimal("-0.125")) == "-0.13"


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=9, allow_nan=False),
    st.integers(0, 6),
)
def test_round_fraction_agrees_with_decimal_half_up(value: Decimal, places: int) -> None:
    expected = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert round_fraction(Fraction(value), places) == expected
    half_even = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    assert round_fraction(Fraction(value), places, "half_even") == half_even
