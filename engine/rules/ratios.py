"""Rule kinds on a ratio: linear_ratio, proportion, per_point."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure, Ratio
from jixiao.engine.numbers import HUNDRED, ONE, ZERO, plain
from jixiao.engine.rules.base import Deduction, Outcome, Param, Rule, RuleInput, RuleKind, pts
from jixiao.engine.rules.params import bound_text, limit_text
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text


def ratio_of(given: RuleInput) -> tuple[Ratio, Fraction]:
    measure = given.measure
    assert isinstance(measure, Ratio) and measure.value is not None  # the engine checked
    return measure, measure.value


class LinearRatio(RuleKind):
    """points × r, nothing below an optional floor, and above 100% either capped or mirrored."""

    name = "linear_ratio"
    label = Text("线性比率", "linear ratio")
    accepts = (Ratio,)
    params = (
        Param(
            "floor_pct", "percent", Text("低于此百分比不得分", "below this percentage: 0 points")
        ),
        Param(
            "over",
            "choice",
            Text(
                "超过100%时：cap 按满分，symmetric 对称扣减",
                "above 100%: cap at full points, or symmetric penalty",
            ),
            default="cap",
            choices=("cap", "symmetric"),
        ),
    )

    def apply(self, given: RuleInput) -> Outcome:
        _, r = ratio_of(given)
        points, label = given.points, given.label
        floor = given.rule.get("floor_pct")
        if floor is not None and r * HUNDRED < floor:
            return Outcome(ZERO, (Deduction(points, BELOW_FLOOR(label=label, r=r, floor=floor)),))
        if r < 0:  # a signed measure (a change rate) that fell: nothing in proportion
            return Outcome(ZERO, (Deduction(points, BELOW_ZERO(label=label, r=r)),))
        if r <= ONE:
            lost = points * (ONE - r)
            if lost == 0:
                return Outcome(points)
            return Outcome(
                points - lost, (Deduction(lost, PROPORTION(label=label, r=r, lost=lost)),)
            )
        if given.rule["over"] == "cap":
            return Outcome(points)
        excess = r - ONE
        lost = min(points, points * excess)
        over = Finding(
            "warning",
            "over_100_percent",
            OVER_100(label=label, r=r, beyond=excess * HUNDRED),
            given.where,
        )
        return Outcome(
            points - lost, (Deduction(lost, SYMMETRIC(label=label, r=r, lost=lost)),), (over,)
        )

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        p = pts(points)
        floor, over = rule.get("floor_pct"), rule["over"]
        if lang == "zh":
            text = f"得分 = {p} × 比率"
            if floor is not None:
                text += f"；低于{plain(floor)}%不得分"
            text += "；超过100%的部分对称扣减" if over == "symmetric" else "；超过100%按满分"
            return text
        text = f"score = {p} × ratio"
        if floor is not None:
            text += f"; below {plain(floor)}%: 0"
        text += (
            "; above 100% penalised symmetrically"
            if over == "symmetric"
            else ("; above 100%: full points")
        )
        return text


class Proportion(RuleKind):
    """points × part / whole (e.g. rule sets present of those applicable)."""

    name = "proportion"
    label = Text("按比例计分", "proportional count")
    accepts = (Ratio,)
    params = (
        Param(
            "max_excluded",
            "count",
            Text("最多可标为不适用的项数", "how many items may be marked not applicable"),
        ),
    )

    def adjust(self, rule: Rule, measure: Measure, where: str) -> tuple[Measure, list[Finding]]:
        limit = rule.get("max_excluded")
        if not isinstance(measure, Ratio) or limit is None or measure.excluded <= limit:
            return measure, []
        extra = measure.excluded - limit
        # evolve keeps a plugin's Ratio subclass and its own fields
        counted: Ratio = attrs.evolve(
            measure, denominator=measure.denominator + extra, excluded=limit
        )
        too_many = Finding(
            "warning",
            "too_many_excluded",
            TOO_MANY_EXCLUDED(excluded=measure.excluded, limit=limit, extra=extra),
            where,
        )
        return counted, [too_many]

    def apply(self, given: RuleInput) -> Outcome:
        _, r = ratio_of(given)  # `adjust` has already counted excess exclusions as missing
        label = given.label
        if r < 0:  # a plugin's signed measure: nothing in proportion
            return Outcome(ZERO, (Deduction(given.points, BELOW_ZERO(label=label, r=r)),))
        r = min(r, ONE)
        lost = given.points * (ONE - r)
        if lost == 0:
            return Outcome(given.points - lost)
        return Outcome(
            given.points - lost, (Deduction(lost, PROPORTION(label=label, r=r, lost=lost)),)
        )

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        limit = rule.get("max_excluded")
        if lang == "zh":
            text = f"得分 = {pts(points)} × 实有数 / 应有数"
            return text + (f"；最多{limit}项可标为不适用" if limit is not None else "")
        text = f"score = {pts(points)} × present / applicable"
        return text + (
            f"; at most {limit} may be marked not applicable" if limit is not None else ""
        )


class PerPoint(RuleKind):
    """A deduction per percentage point beyond a threshold (above or below it)."""

    name = "per_point"
    label = Text("按百分点扣分", "deduction per percentage point")
    accepts = (Ratio,)
    deduction = True
    params = (
        Param(
            "threshold_pct",
            "signed_percent",
            Text("阈值（%）", "threshold, in percent"),
            required=True,
        ),
        Param(
            "deduct_per_point",
            "points",
            Text("每个百分点扣分", "points off per point"),
            required=True,
        ),
        Param(
            "direction",
            "choice",
            Text(
                "above 超过阈值扣分；below 低于阈值扣分",
                "above: deduct above the threshold; below: below it",
            ),
            default="above",
            choices=("above", "below"),
        ),
    )

    def apply(self, given: RuleInput) -> Outcome:
        _, r = ratio_of(given)
        rule, label = given.rule, given.label
        pct = r * HUNDRED
        threshold: Fraction = rule["threshold_pct"]
        beyond = pct - threshold if rule["direction"] == "above" else threshold - pct
        if beyond <= 0:
            return Outcome(given.start)
        lost = min(given.start, beyond * rule["deduct_per_point"])
        side = ABOVE if rule["direction"] == "above" else BELOW
        reason = PER_POINT(
            label=label,
            r=r,
            side=side,
            threshold=limit_text(threshold),
            gap=beyond,
            each=rule["deduct_per_point"],
            lost=lost,
        )
        return Outcome(given.start - lost, (Deduction(lost, reason),))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        threshold, each = rule["threshold_pct"], pts(rule["deduct_per_point"])
        above = rule["direction"] == "above"
        sign = "≤" if above else "≥"
        if threshold < 0:  # in words, as a tier's negative bound: 不高于-5.00%, at most -5.00%
            bound = bound_text(sign, threshold).get(lang)
        else:
            bound = f"{sign}{plain(threshold)}%" if lang == "zh" else f"{sign} {plain(threshold)}%"
        if above:
            if lang == "zh":
                return f"{bound}得满分；每超过1个百分点扣{each}分，扣完为止"
            return f"{bound}: full points; {each} off per point above, down to 0"
        if lang == "zh":
            return f"{bound}得满分；每低1个百分点扣{each}分，扣完为止"
        return f"{bound}: full points; {each} off per point below, down to 0"


BELOW_FLOOR = Template(
    "linear_ratio.floor",
    "{label}{r:pct}，低于{floor:num}%，不得分",
    "{label} {r:pct} is below {floor:num}%: no points",
)
PROPORTION = Template(
    "ratio.proportion",
    "{label}{r:pct}，按比例扣{lost:pts}分",
    "{label} {r:pct}: {lost:pts} off in proportion",
)
OVER_100 = Template(
    "linear_ratio.over",
    "{label}{r:pct}，超过100%，超出{beyond:pts}个百分点",
    "{label} is {r:pct}, above 100% by {beyond:pts} percentage points",
)
SYMMETRIC = Template(
    "linear_ratio.symmetric",
    "{label}{r:pct}，超过100%的部分对称扣减{lost:pts}分",
    "{label} {r:pct}: above 100% penalised symmetrically, {lost:pts} off",
)
TOO_MANY_EXCLUDED = Template(
    "proportion.too_many_excluded",
    "标为不适用的有{excluded}项，最多{limit}项；多出的{extra}项按缺失计",
    "{excluded} items marked not applicable, at most {limit}; the other {extra} count as missing",
)
ABOVE = Text("超过", "above")
BELOW = Text("低于", "below")
PER_POINT = Template(
    "per_point.lost",
    "{label}{r:pct}，{side}{threshold}共{gap:pts}个百分点，每个百分点扣{each:num}分，"
    "扣{lost:pts}分",
    "{label} {r:pct}: {gap:pts} points {side} {threshold}, {each:num} off per point, "
    "{lost:pts} off",
)
BELOW_ZERO = Template(
    "ratio.below_zero",
    "{label}{r:pct}，低于0，不得分",
    "{label} {r:pct} is below 0: no points",
)
