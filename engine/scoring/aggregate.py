"""From rounded sub-indicator scores to dimension scores, the total and the grade.

Pure and small on purpose: the whole of the aggregation policy (re-basing over N/A parts,
rounding once per level, bands) is here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import MAX_PREC, Context, Decimal
from fractions import Fraction

from jixiao.engine.numbers import ZERO, exact, round_fraction, to_decimal
from jixiao.engine.ruleset.model import Dimension
from jixiao.engine.scoring.results import DimensionResult, SubResult
from jixiao.engine.words.message import Template

ALL_NA = Template(
    "aggregate.all_na", "全部三级指标均不适用", "every sub-indicator is not applicable"
)
_EXACT = Context(prec=MAX_PREC)  # adding finite decimals in it never rounds


def exact_sum(values: Iterable[Decimal]) -> Fraction:
    """The exact sum of rounded scores or weights: added as decimals, one Fraction at the end."""
    total = Decimal(0)
    for value in values:
        total = _EXACT.add(total, value)
    return exact(total)


def rebase(
    scores: Sequence[Decimal], points: Fraction, weight: Fraction, places: int, mode: str
) -> Decimal:
    """weight × Σ scores / points over the applicable parts, rounded once."""
    scored = exact_sum(scores)
    if points != weight:  # some part was N/A (otherwise the factor is 1)
        scored = scored * weight / points
    return round_fraction(scored, places, mode)


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
    points = exact_sum(sub.points for sub in applicable)
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
    weight = exact_sum(d.weight for d in counted)
    full = weight if len(counted) == len(dimensions) else exact_sum(d.weight for d in dimensions)
    scores = [d.score if d.score is not None else Decimal(0) for d in counted]
    return rebase(scores, weight, full, places, mode)
