"""From rounded sub-indicator scores to dimension scores, the total and the grade.

Pure and small on purpose: the whole of the aggregation policy (re-basing over N/A parts,
rounding once per level, bands) is here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import MAX_PREC, Context, Decimal
from fractions import Fraction

from attrs import frozen

from jixiao.engine.numbers import ZERO, exact, round_fraction, to_decimal
from jixiao.engine.ruleset.model import Dimension, Levels
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Status, SubResult
from jixiao.engine.words.message import Template, Words

ALL_NA = Template(
    "aggregate.all_na", "全部三级指标均不适用", "every sub-indicator is not applicable"
)
DEFAULT_LEVELS = Levels()
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


@frozen
class Level:
    """One level's outcome over its parts: its status, score, whether it was re-based, and
    why it is N/A."""

    status: Status
    score: Decimal | None
    rebased: bool = False
    na_reason: Words | None = None


def level(
    parts: Sequence[tuple[Decimal, Status, Decimal | None]],
    full: Fraction,
    policy: str,
    places: int,
    mode: str,
) -> Level:
    """A subtotal over (points, status, score) parts worth `full` in all: failed when a part
    failed; N/A parts re-based away ("rebase") or counted at their points ("full_points")."""
    if any(status == "failed" for _, status, _ in parts):
        return Level("failed", None)
    applicable = [(p, s) for p, status, s in parts if status == "scored" and s is not None]
    if policy == "full_points":
        untouched = [p for p, status, _ in parts if status == "not_applicable"]
        scored = exact_sum([*(s for _, s in applicable), *untouched])
        return Level("scored", round_fraction(scored, places, mode))
    if not applicable:
        return Level("not_applicable", None, na_reason=ALL_NA)
    points = exact_sum(p for p, _ in applicable)
    score = rebase([s for _, s in applicable], points, full, places, mode)
    return Level("scored", score, rebased=points != full)


def dimension_result(
    dimension: Dimension,
    subs: Sequence[SubResult],
    places: int,
    mode: str,
    levels: Levels = DEFAULT_LEVELS,
) -> DimensionResult:
    """A dimension from its rows, through its 二级 groups when it has them."""
    weight = to_decimal(dimension.weight)
    if not dimension.groups:
        parts = [(sub.points, sub.status, sub.score) for sub in subs]
        done = level(parts, dimension.weight, levels.dimension, places, mode)
        return DimensionResult(
            dimension.id,
            dimension.label,
            weight,
            done.status,
            done.score,
            tuple(subs),
            done.na_reason,
            done.rebased,
        )
    by_id = {sub.id: sub for sub in subs}
    groups = []
    for group in dimension.groups:
        rows = tuple(by_id[sub.id] for sub in group.subindicators)
        parts = [(sub.points, sub.status, sub.score) for sub in rows]
        done = level(parts, group.points, levels.group, places, mode)
        groups.append(
            GroupResult(
                group.id,
                group.label,
                to_decimal(group.points),
                done.status,
                done.score,
                rows,
                done.na_reason,
                done.rebased,
            )
        )
    parts = [(g.points, g.status, g.score) for g in groups]
    done = level(parts, dimension.weight, levels.dimension, places, mode)
    return DimensionResult(
        dimension.id,
        dimension.label,
        weight,
        done.status,
        done.score,
        tuple(subs),
        done.na_reason,
        done.rebased,
        tuple(groups),
    )


def total_score(
    dimensions: Sequence[DimensionResult], places: int, mode: str, policy: str = "rebase"
) -> Decimal:
    """Σ dimension scores, re-based to 100 over the applicable ones (or, "full_points", an N/A
    dimension counted at its weight); failed ones count 0."""
    if policy == "full_points":
        earned = [d.weight if d.status == "not_applicable" else d.score or 0 for d in dimensions]
        return round_fraction(exact_sum(Decimal(e) for e in earned), places, mode)
    counted = [d for d in dimensions if d.status != "not_applicable"]
    if not counted:
        return round_fraction(ZERO, places, mode)
    weight = exact_sum(d.weight for d in counted)
    full = weight if len(counted) == len(dimensions) else exact_sum(d.weight for d in dimensions)
    scores = [d.score if d.score is not None else Decimal(0) for d in counted]
    return rebase(scores, weight, full, places, mode)
