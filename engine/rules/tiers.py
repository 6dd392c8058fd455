"""Rule kind `tiers`: a step table, the first tier the measure falls in gives the points."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from attrs import frozen

from jixiao.engine.measures.types import Quantity, Ratio
from jixiao.engine.numbers import HUNDRED, exact, percent, plain
from jixiao.engine.rules.base import Outcome, Param, Rule, RuleInput, RuleKind, deduction, pts
from jixiao.engine.text import Text

BOUNDS = {
    "at_most_pct": ("≤", "%"),
    "at_least_pct": ("≥", "%"),
    "at_most": ("≤", ""),
    "at_least": ("≥", ""),
}


@frozen
class Tier:
    bound: str  # one of BOUNDS
    limit: Fraction
    points: Fraction

    def holds(self, value: Fraction) -> bool:
        return value <= self.limit if self.bound.startswith("at_most") else value >= self.limit

    def words(self) -> str:
        sign, unit = BOUNDS[self.bound]
        return f"{sign}{plain(self.limit)}{unit}"


def _number(raw: Any) -> Fraction | None:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        return None
    if isinstance(raw, Decimal) and not raw.is_finite():
        return None
    return exact(raw)


class Tiers(RuleKind):
    name = "tiers"
    label = Text("分档计分", "tiers")
    accepts = (Ratio, Quantity)
    params = (
        Param(
            "tiers", "list", Text("档次表，依次判断", "the tiers, tried in order"), required=True
        ),
        Param(
            "otherwise",
            "points",
            Text("不在任何档次时的得分", "points when no tier holds"),
            default=Fraction(0),
        ),
    )

    def check(self, params: Mapping[str, Any]) -> list[tuple[str, str]]:
        problems: list[tuple[str, str]] = []
        tiers: list[Tier] = []
        for index, raw in enumerate(params["tiers"]):
            where = f"tiers[{index}]"
            if not isinstance(raw, dict):
                problems.append((where, "expected a table like { at_most_pct = 10, points = 2 }"))
                continue
            bounds = [key for key in raw if key in BOUNDS]
            unknown = [key for key in raw if key not in BOUNDS and key != "points"]
            if unknown:
                problems.append(
                    (
                        where,
                        f"unknown key {unknown[0]!r}; a tier has one of "
                        f"{', '.join(BOUNDS)} and points",
                    )
                )
                continue
            if len(bounds) != 1 or "points" not in raw:
                problems.append(
                    (where, f"a tier needs exactly one of {', '.join(BOUNDS)}, and points")
                )
                continue
            limit, points = _number(raw[bounds[0]]), _number(raw["points"])
            if limit is None or points is None or points < 0:
                problems.append((where, "bound and points must be numbers, points ≥ 0"))
                continue
            tiers.append(Tier(bounds[0], limit, points))
        if problems:
            return problems
        if not tiers:
            return [("tiers", "needs at least one tier")]
        if len({tier.bound for tier in tiers}) != 1:
            return [("tiers", "every tier must use the same kind of bound")]
        ascending = tiers[0].bound.startswith("at_most")
        for before, after in pairwise(tiers):
            if (after.limit <= before.limit) if ascending else (after.limit >= before.limit):
                order = "increasing" if ascending else "decreasing"
                return [
                    (
                        "tiers",
                        f"bounds must be strictly {order}: {before.words()} then {after.words()}",
                    )
                ]
        params["tiers"] = tuple(tiers)  # type: ignore[index]
        return []

    def check_points(self, params: Mapping[str, Any], points: Fraction) -> list[tuple[str, str]]:
        worth = [tier.points for tier in params["tiers"]] + [params["otherwise"]]
        if max(worth) > points:
            return [
                (
                    "tiers",
                    f"a tier gives {pts(max(worth))} points, more than the "
                    f"sub-indicator's {pts(points)}; give no tier more than {pts(points)}",
                )
            ]
        return []

    def apply(self, given: RuleInput) -> Outcome:
        measure = given.measure
        tiers: tuple[Tier, ...] = given.rule["tiers"]
        if isinstance(measure, Ratio):
            assert measure.value is not None
            value = measure.value
        else:
            assert isinstance(measure, Quantity)
            value = measure.value
        is_pct = tiers[0].bound.endswith("_pct")
        compared = value * HUNDRED if is_pct and isinstance(measure, Ratio) else value
        tier = next((tier for tier in tiers if tier.holds(compared)), None)
        score = given.rule["otherwise"] if tier is None else tier.points
        lost = given.points - score
        if not lost:
            return Outcome(score)
        label, earned = given.label, pts(score)
        shown = percent(value) if isinstance(measure, Ratio) else measure.describe("zh")
        if tier is None:
            zh = f"{label.zh}{shown}，不在任何档次内，得{earned}分"
            en = f"{label.en} {shown}: beyond every tier, {earned} points"
        else:
            words = tier.words()
            zh = f"{label.zh}{shown}，属于“{words}”档，得{earned}分"
            en = f"{label.en} {shown}: tier {words}, {earned} points"
        return Outcome(score, (deduction(lost, zh, en),))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        tiers: tuple[Tier, ...] = rule["tiers"]
        if lang == "zh":
            steps = [f"{tier.words()}得{pts(tier.points)}分" for tier in tiers]
            return "；".join(steps) + f"；其余得{pts(rule['otherwise'])}分"
        steps = [f"{tier.words()}: {pts(tier.points)}" for tier in tiers]
        return "; ".join(steps) + f"; otherwise {pts(rule['otherwise'])}"
