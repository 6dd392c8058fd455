"""numbers: rounding and number text on integers, checked by hand and against Decimal."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine.numbers import clamp, fixed, percent, plain, round_fraction, within

MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@pytest.mark.parametrize(
    ("value", "places", "mode", "text"),
    [
        (Fraction(8499, 100), 2, "half_up", "84.99"),
        (Fraction(84995, 1000), 2, "half_up", "85.00"),
        (Fraction(84994999, 1000000), 2, "half_up", "84.99"),
        (Fraction(-5, 1000), 2, "half_up", "-0.01"),
        (Fraction(-4, 1000), 2, "half_up", "0.00"),
        (Fraction(125, 1000), 2, "half_even", "0.12"),
        (Fraction(135, 1000), 2, "half_even", "0.14"),
        (Fraction(199, 100), 1, "down", "1.9"),
        (Fraction(5, 2), 0, "half_up", "3"),
        (Fraction(1, 3), 4, "half_up", "0.3333"),
        (Fraction(0), 2, "half_up", "0.00"),
    ],
)
def test_round_fraction_by_hand(value: Fraction, places: int, mode: str, text: str) -> None:
    rounded = round_fraction(value, places, mode)
    assert f"{rounded:f}" == text
    assert rounded.as_tuple().exponent == -places


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rounding mode"):
        round_fraction(Fraction(1, 3), 2, "up")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(5, 8), "0.625"),
        (Fraction(2), "2"),
        (Fraction(100), "100"),
        (Fraction(0), "0"),
        (Fraction(-3, 4), "-0.75"),
        (Fraction(1, 1000000), "0.000001"),
        (Fraction(1, 3), "0.3333"),
        (Fraction(2, 3), "0.6667"),
        (Fraction(1, 10000000), "0.0000"),
        (Fraction(123456789, 1000), "123456.789"),
    ],
)
def test_plain_by_hand(value: Fraction, text: str) -> None:
    assert plain(value) == text


def test_percent_and_fixed_by_hand() -> None:
    assert percent(Fraction(1035, 1000)) == "103.50%"
    assert percent(Fraction(1, 3)) == "33.33%"
    assert percent(Fraction(2, 3)) == "66.67%"
    assert percent(Fraction(-1, 200000)) == "0.00%"  # no "-0.00%"
    assert percent(Fraction(1, 20000)) == "0.01%"
    assert percent(Fraction(1, 3), 0) == "33%"
    assert fixed(Fraction(85)) == "85.00"
    assert fixed(Decimal("79.425")) == "79.43"  # a Decimal is rounded half up like any score
    assert fixed(Fraction(79425, 1000)) == "79.43"


def _reference(value: Fraction, places: int, mode: str) -> Decimal:
    """The same rounding by the decimal module on a 200-digit quotient: ties are exact there,
    and a value that does not terminate is never within 10**-190 of a tie at 6 places."""
    with localcontext() as context:
        context.prec = 200
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-places), rounding=MODES[mode])


fractions = st.fractions(min_value=-(10**9), max_value=10**9, max_denominator=10**7)


@settings(max_examples=300, deadline=None)
@given(fractions, st.integers(0, 6), st.sampled_from(sorted(MODES)))
def test_round_fraction_matches_exact_rounding(value: Fraction, places: int, mode: str) -> None:
    assert round_fraction(value, places, mode) == _reference(value, places, mode)


@settings(max_examples=300, deadline=None)
@given(fractions)
def test_plain_is_exact_or_rounded_to_four_places(value: Fraction) -> None:
    text = plain(value)
    if (value * 10**6).denominator == 1:
        assert Fraction(Decimal(text)) == value
        assert not ("." in text and text.endswith("0"))
    else:
        assert Decimal(text) == round_fraction(value, 4)


def test_exact_sum_of_decimals() -> None:
    from jixiao.engine.scoring.aggregate import exact_sum

    assert exact_sum([Decimal("0.1")] * 3) == Fraction(3, 10)
    assert exact_sum([]) == 0
    many_places = Decimal("0." + "3" * 40)
    assert exact_sum([many_places, Decimal(1)]) == Fraction(10**40 + int("3" * 40), 10**40)
    assert exact_sum([Decimal("79.43"), Decimal("-0.43")]) == Fraction(79)


@given(
    st.decimals(allow_nan=False, allow_infinity=False)
    | st.integers()
    | st.booleans()
    | st.fractions()
    | st.sampled_from([Decimal("-0"), Decimal("1E+400"), Decimal("1E-40"), Decimal("0.000")])
)
def test_exact_is_the_fraction_of_the_value(value: Decimal | int | Fraction) -> None:
    from jixiao.engine.numbers import exact

    result = exact(value)
    assert type(result) is Fraction
    assert (result.numerator, result.denominator) == (
        Fraction(value).numerator,
        Fraction(value).denominator,
    )
    if isinstance(value, Fraction):
        assert result is value


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")])
def test_exact_refuses_what_fraction_refuses(value: Decimal) -> None:
    from jixiao.engine.numbers import exact

    with pytest.raises((ValueError, OverflowError)) as caught:
        Fraction(value)
    with pytest.raises(caught.type, match=str(caught.value)):
        exact(value)


@given(st.lists(st.fractions() | st.integers(-(10**20), 10**20), max_size=12))
def test_fraction_sum_is_the_exact_sum(values: list[Fraction | int]) -> None:
    from jixiao.engine.numbers import fraction_sum

    result = fraction_sum(values)
    assert type(result) is Fraction
    assert result == sum(values, Fraction(0))


@given(st.lists(st.fractions() | st.integers(-(10**20), 10**20), max_size=5))
def test_fraction_product_is_the_exact_product(values: list[Fraction | int]) -> None:
    from jixiao.engine.numbers import fraction_product

    result = fraction_product(*values)
    expected = Fraction(1)
    for value in values:
        expected *= value
    assert type(result) is Fraction
    assert result == expected


exact_numbers = st.integers(-50, 50) | st.fractions(-50, 50, max_denominator=1000)


@given(exact_numbers, exact_numbers, exact_numbers)
def test_clamp_is_min_of_max(value: Fraction, low: Fraction, high: Fraction) -> None:
    low, high, value = Fraction(min(low, high)), Fraction(max(low, high)), Fraction(value)
    assert clamp(value, low, high) is min(max(value, low), high)  # the very same object


@given(exact_numbers, exact_numbers, exact_numbers)
def test_within_is_the_chained_comparison(value: Fraction, low: Fraction, high: Fraction) -> None:
    assert within(value, low, high) == (low <= value <= high)


def test_rounding_a_number_of_more_digits_than_decimal_keeps_stays_exact():
    """A ratio of an amount over a tiny one (2455.2 / 1e-26: a percentage of 32 digits) is
    rounded exactly, not refused by the decimal context's 28 digits of precision."""
    from fractions import Fraction

    from jixiao.engine.numbers import round_fraction

    huge = Fraction(24552 * 10**29, 3)
    assert round_fraction(huge, 2) == Decimal("818400000000000000000000000000000.00")
    assert str(round_fraction(huge, 2)) == "818400000000000000000000000000000.00"
