"""Rule kind `tiers`: a step table, the first tier the measure falls in gives the points."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.measures.types import Quantity, Ratio
from jixiao.engine.numbers import HUNDRED
from jixiao.engine.rules.base import (
    Deduction,
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    Tier,
    pts,
)
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text


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
            return [("tiers", TOO_MANY(most=max(worth), points=points))]
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
        shown = (
            PERCENT(value=value)
            if isinstance(measure, Ratio)
            else AMOUNT(value=value, unit=measure.unit)
        )
        earned = NO_POINTS if score == 0 else EARNED(score=score)
        if tier is None:
            last = tiers[-1]
            beyond = OVER if last.bound.startswith("at_most") else UNDER
            reason = BEYOND(
                label=given.label,
                value=shown,
                beyond=beyond,
                limit=last.limit_words(),
                earned=earned,
            )
        else:
            reason = IN_TIER(label=given.label, value=shown, tier=tier.said(), earned=earned)
        return Outcome(score, (Deduction(lost, reason),))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        tiers: tuple[Tier, ...] = rule["tiers"]
        if lang == "zh":
            steps = [f"{tier.words(lang)}得{pts(tier.points)}分" for tier in tiers]
            return "；".join(steps) + f"；其余得{pts(rule['otherwise'])}分"
        steps = [f"{tier.words(lang)}: {pts(tier.points)}" for tier in tiers]
        return "; ".join(steps) + f"; otherwise {pts(rule['otherwise'])}"


TOO_MANY = Template(
    "tiers.too_many",
    "有档次得{most:num}分，超过该三级指标的{points:num}分；各档次得分不能超过{points:num}",
    "a tier gives {most:num} points, more than the sub-indicator's {points:num}; give no tier "
    "more than {points:num}",
)
PERCENT = Template("tiers.percent", "{value:pct}", "{value:pct}")
AMOUNT = Template("tiers.amount", "{value:num}{unit}", "{value:num} {unit}")
NO_POINTS = Text("不得分", "no points")
EARNED = Template("tiers.earned", "得{score:pts}分", "{score:pts} points")
OVER = Text("超过", "above")
UNDER = Text("低于", "below")
IN_TIER = Template(
    "tiers.in", "{label}{value}，属“{tier}”档，{earned}", "{label} {value}: tier {tier}, {earned}"
)
BEYOND = Template(
    "tiers.beyond",
    "{label}{value}，{beyond}{limit}，{earned}",
    "{label} {value}: {beyond} {limit}, {earned}",
)
