"""Exact numbers: every amount and score is a Fraction between input and output.

TOML numbers arrive as Decimal (or int); computation uses Fraction so that ratios, products and
sums are exact; a value is rounded exactly once, where the ruleset says, and printed as Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext
from fractions import Fraction
from math import gcd

ROUNDING_MODES = ("half_up", "half_even", "down")

ZERO = Fraction(0)
ONE = Fraction(1)
HUNDRED = Fraction(100)


def exact(value: Decimal | int | Fraction) -> Fraction:
    """The exact rational value of a TOML number (never via a binary float)."""
    # the usual types first, by type: Fraction(Decimal) and isinstance(·, Fraction) each go
    # through the numbers ABCs, which costs more than the conversion
    kind = type(value)
    if kind is Decimal:
        return Fraction(*value.as_integer_ratio())
    if kind is int:
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    return Fraction(value)


def fraction_sum(values: Iterable[Fraction]) -> Fraction:
    """Σ values, exactly: one numerator over a common denominator, made a Fraction once.

    sum() of Fractions normalises every partial sum (two gcds and a new Fraction per term);
    this adds integers and normalises at the end, for the same fraction.
    """
    numerator, denominator = 0, 1
    for value in values:
        top, bottom = value.numerator, value.denominator
        if bottom == denominator:
            numerator += top
        else:
            common = denominator // gcd(denominator, bottom) * bottom
            numerator = numerator * (common // denominator) + top * (common // bottom)
            denominator = common
    return Fraction(numerator, denominator)


def fraction_product(*factors: Fraction) -> Fraction:
    """The exact product, normalised once (a * b * c normalises after each multiplication)."""
    numerator = denominator = 1
    for factor in factors:
        numerator *= factor.numerator
        denominator *= factor.denominator
    return Fraction(numerator, denominator)


def clamp(value: Fraction, low: Fraction, high: Fraction) -> Fraction:
    """min(max(value, low), high), the very object min and max would give (low ≤ high).

    Compared on the integers of the fractions: a comparison of two Fractions goes through the
    numbers ABCs, and scoring clamps and checks every rule of every department."""
    if _below(value, low):
        return low
    return high if _below(high, value) else value


def within(value: Fraction, low: Fraction, high: Fraction) -> bool:
    """low ≤ value ≤ high, on the integers of the fractions (see clamp)."""
    return not _below(value, low) and not _below(high, value)


def _below(a: Fraction, b: Fraction) -> bool:
    """a < b; the denominators of Fractions (and ints) are positive."""
    return a.numerator * b.denominator < b.numerator * a.denominator


_POW10 = tuple(10**n for n in range(29))
_DIGITS = 27  # beyond this many digits Decimal's 28-digit context would round: take its path


def _scaled(numerator: int, denominator: int, places: int, mode: str) -> int:
    """numerator / denominator × 10**places rounded to an integer by `mode` (exact, all ints)."""
    scaled: int = numerator * (_POW10[places] if places < len(_POW10) else 10**places)
    whole, rest = divmod(-scaled if scaled < 0 else scaled, denominator)
    if mode == "half_up":
        if 2 * rest >= denominator:
            whole += 1
    elif mode == "half_even":
        twice = 2 * rest
        if twice > denominator or (twice == denominator and whole % 2 == 1):
            whole += 1
    elif mode != "down":
        raise ValueError(f"unknown rounding mode {mode!r}")
    return -whole if scaled < 0 else whole


def _fixed_text(scaled: int, places: int) -> str:
    """scaled / 10**places written with exactly `places` decimals, as f"{Decimal:f}" writes it."""
    if places == 0:
        return str(scaled)
    digits = str(-scaled if scaled < 0 else scaled).rjust(places + 1, "0")
    sign = "-" if scaled < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def round_fraction(value: Fraction, places: int, mode: str = "half_up") -> Decimal:
    """Round an exact value to `places` decimals; half_up is 四舍五入 (away from zero)."""
    if places < 0:
        scale = Fraction(10) ** places
        return _round_slow(value * scale, places, mode)
    whole = _scaled(value.numerator, value.denominator, places, mode)
    if abs(whole) >= _POW10[_DIGITS]:
        return _round_slow(Fraction(value) * 10**places, places, mode)
    return Decimal(whole).scaleb(-places)


def _round_slow(scaled: Fraction, places: int, mode: str) -> Decimal:
    whole = _scaled(scaled.numerator, scaled.denominator, 0, mode)
    # a ratio of a huge amount over a tiny one has more digits than the default context
    # keeps (28): the context is made as wide as the number, so the result stays exact
    with localcontext() as context:
        context.prec = max(context.prec, len(str(abs(whole))) + 2)
        return Decimal(whole).scaleb(-places)


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
    Called for every number of every reason, so it works on integers and never builds a Decimal.
    """
    numerator, denominator = value.numerator, value.denominator
    if abs(numerator) < _POW10[_DIGITS - 6] and 0 <= max_places <= 6:
        if denominator == 1:
            return str(numerator)
        power = _POW10[max_places]
        if power % denominator == 0:
            text = _fixed_text(numerator * (power // denominator), max_places)
            return text.rstrip("0")
        return _fixed_text(_scaled(numerator, denominator, 4, "half_up"), 4)
    decimal = terminating_decimal(value, max_places)
    if decimal is not None:
        return f"{decimal:f}"
    return f"{round_fraction(value, 4):f}"


def percent(ratio: Fraction, places: int = 2) -> str:
    """A ratio as a percentage, 1.035 -> '103.50%'."""
    numerator = ratio.numerator * 100
    if 0 <= places < 10 and abs(numerator) < _POW10[_DIGITS - 10]:
        return _fixed_text(_scaled(numerator, ratio.denominator, places, "half_up"), places) + "%"
    return f"{round_fraction(ratio * HUNDRED, places):f}%"


def fixed(value: Fraction | Decimal, places: int = 2) -> str:
    """A score with exactly `places` decimals, '85.00'; more decimals are rounded half up."""
    # Decimal.quantize would round half even (its default context): go through the exact value
    return f"{round_fraction(exact(value), places):f}"


_DECIMALS: dict[tuple[int, int], Decimal] = {}  # a ruleset has a few dozen such numbers


def to_decimal(value: Fraction) -> Decimal:
    """A ruleset number (weights, points: terminating by construction) as an exact Decimal."""
    key = (value.numerator, value.denominator)
    decimal = _DECIMALS.get(key)
    if decimal is not None:
        return decimal
    decimal = terminating_decimal(value, 12)
    if decimal is None:
        raise ValueError(f"{value} has no exact decimal form")
    if len(_DECIMALS) >= 4096:
        _DECIMALS.clear()
    _DECIMALS[key] = decimal
    return decimal
