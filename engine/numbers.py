"""Exact numbers: every amount and score is a Fraction between input and output.

TOML numbers arrive as Decimal (or int); computation uses Fraction so that ratios, products and
sums are exact; a value is rounded exactly once, where the ruleset says, and printed as Decimal.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

ROUNDING_MODES = ("half_up", "half_even", "down")

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)


def exact(value: Decimal | int | Fraction) -> Fraction:
    """The exact rational value of a TOML number (never via a binary float)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(value)


def round_fraction(value: Fraction, places: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to `places` decimals; half_up is 四舍五入 (away from zero)."""
    scale = 10**places
    scaled = value * scale
    sign = -1 if scaled < 0 else 1
    magnitude = abs(scaled)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    remainder = Fraction(rest, magnitude.denominator)
    if mode == "half_up":
        if remainder >= Fraction(1, 2):
            whole += 1
    elif mode == "half_even":
        if remainder > Fraction(1, 2) or (remainder == Fraction(1, 2) and whole % 2 == 1):
            whole += 1
    elif mode != "down":
        raise ValueError(f"unknown rounding mode {mode!r}")
    return (Decimal(sign * whole) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def terminating_decimal(value: Fraction, max_places: int = 6) -> Decimal | None:
    """The exact decimal form of `value` if it has at most `max_places` decimals, else None."""
    scaled = value * 10**max_places
    if scaled.denominator != 1:
        return None
    result = Decimal(scaled.numerator).scaleb(-max_places).normalize()
    # normalize() writes 100 as 1E+2; give it back its plain form
    return result.quantize(Decimal(1)) if result == result.to_integral() else result


def plain(value: Fraction, max_places: int = 6) -> str:
    """Exact text where the value terminates within `max_places` decimals, else rounded.

    Used for measures and deductions: 0.625 stays 0.625 so that a reader can add the parts up.
    """
    decimal = terminating_decimal(value, max_places)
    if decimal is not None:
        return f"{decimal:f}"
    return f"{round_fraction(value, 4):f}"


def percent(ratio: Fraction, places: int = 2) -> str:
    """A ratio as a percentage, 1.035 -> '103.50%'."""
    return f"{round_fraction(ratio * HUNDRED, places):f}%"


def fixed(value: Fraction | Decimal, places: int = 2) -> str:
    """A score with exactly `places` decimals, '85.00'; more decimals are rounded half up."""
    # Decimal.quantize would round half even (its default context): go through the exact value
    return f"{round_fraction(exact(value), places):f}"


def to_decimal(value: Fraction) -> Decimal:
    """A ruleset number (weights, points: terminating by construction) as an exact Decimal."""
    decimal = terminating_decimal(value, 12)
    if decimal is None:
        raise ValueError(f"{value} has no exact decimal form")
    return decimal
