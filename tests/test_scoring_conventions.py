"""The comparisons scoring makes on every rule, on integers, agree with Python's own."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from score.engine.numbers import ZERO
from score.engine.scoring import _between_zero_and, _within_points

exact = st.integers(-50, 50) | st.fractions(-50, 50, max_denominator=1000)


@given(exact, exact)
def test_within_points_is_min_of_max(score: Fraction, points: Fraction) -> None:
    assert _within_points(score, points) is min(max(score, ZERO), points)  # the same object


@given(exact, exact)
def test_between_zero_and_is_the_chained_comparison(score: Fraction, start: Fraction) -> None:
    assert _between_zero_and(score, start) == (ZERO <= score <= start)
