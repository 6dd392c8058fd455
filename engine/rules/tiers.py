"""Rule kind `tiers`: a step table, the first tier the measure falls in gives the points."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.measures.types import Quantity, Ratio
from jixiao.engine.numbers import HUNDRED, percent
from jixiao.engine.rules.base import (
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    Tier,
    deduction,
    pts,
)
from jixiao.engine.text import Text


class Tiers(RuleKind):
    name = "tiers"
    label = Text("分档计分", "tiers")
    accepts = (Ratio, Quantity)
    params = (
        Param(
            "tiers", "tiers", Text("档次表，依次判断", "the tiers, tried in order"), required=True
        ),
        Param(
            "otherwise",
            "points",
            Text("不在任何档次时的得分", "points when no tier holds"),
            default=Fraction(0),
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        worth = [tier.points for tier in params["tiers"]] + [params["otherwise"]]
        if points is not None and max(worth) > points:
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
