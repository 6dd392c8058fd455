"""From rounded sub-indicator scores to dimension scores, the total and the grade.

Pure and small on purpose: the whole of the aggregation policy (re-basing over N/A parts,
rounding once per level, bands) is here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from .model import DimensionResult, SubResult
from .numbers import ZERO, round_fraction, to_decimal
from .ruleset import Dimension
from .text import Text

ALL_NA = Text("全部三级指标均不适用", "every sub-indicator is not applicable")


def rebase(
    scores: Sequence[Decimal], points: Fraction, weight: Fraction, places: int, mode: str
) -> Decimal:
    """weight × Σ scores / points over the applicable parts, rounded once."""
    scored = sum((Fraction(s) for s in scores), ZERO)
    return round_fraction(scored * weight / points, places, mode)


def dimension_result(
    dimension: Dimension, subs: Sequence[SubResult], places: int, mode: str
) -> DimensionResult:
    if any(sub.status == "failed" for sub in subs):
        return DimensionResult(
            dimension.id, dimension.label, to_decimal(dimension.weight), "failed", None, tuple(subs)
        )
    applicable = [sub for sub in subs if sub.status == "scored" and sub.score is not None]
    if not applicable:
        return DimensionResult(
            dimension.id,
            dimension.label,
            to_decimal(dimension.weight),
            "not_applicable",
            None,
            tuple(subs),
            ALL_NA,
        )
    points = sum((Fraction(sub.points) for sub in applicable), ZERO)
    score = rebase(
        [s.score for s in applicable if s.score is not None], points, dimension.weight, places, mode
    )
    return DimensionResult(
        dimension.id,
        dimension.label,
        to_decimal(dimension.weight),
        "scored",
        score,
        tuple(subs),
        rebased=points != dimension.weight,
    )


def total_score(dimensions: Sequence[DimensionResult], places: int, mode: str) -> Decimal:
    """Σ dimension scores, re-based to 100 over the applicable ones; failed ones count 0."""
    counted = [d for d in dimensions if d.status != "not_applicable"]
    if not counted:
        return round_fraction(ZERO, places, mode)
    weight = sum((Fraction(d.weight) for d in counted), ZERO)
    full = sum((Fraction(d.weight) for d in dimensions), ZERO)
    scores = [d.score if d.score is not None else Decimal(0) for d in counted]
    return rebase(scores, weight, full, places, mode)
