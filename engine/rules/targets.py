"""Rule kinds on lists: target_achievement (performance targets) and weighted_mean (scores)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import ScoreList, Target, TargetList
from jixiao.engine.numbers import HUNDRED, ONE, ZERO, fraction_product, fraction_sum, percent, plain
from jixiao.engine.rules.base import (
    Deduction,
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    deduction,
    pts,
    warn,
)
from jixiao.engine.text import Text


class TargetAchievement(RuleKind):
    """points × Σ wᵢ·qᵢ / Σ wᵢ, qᵢ the achievement of each target."""

    name = "target_achievement"
    label = Text("目标完成度", "target achievement")
    accepts = (TargetList,)
    params = (
        Param(
            "levels",
            "shares_by_name",
            Text("定性指标各等级的完成度", "achievement of each qualitative level"),
            required=True,
        ),
        Param(
            "overshoot_pct",
            "percent",
            Text(
                "正向指标实际/目标超过此百分比视为目标偏低",
                "actual/target above this percentage means the target was set too low",
            ),
        ),
        Param(
            "overshoot_score", "share", Text("目标偏低时的完成度", "achievement when set too low")
        ),
        Param(
            "zero_actual_lower",
            "share",
            Text("反向指标实际为0时的完成度", "achievement of a ≤ target whose actual is 0"),
            default=ONE,
        ),
        Param(
            "when_empty",
            "choice",
            Text(
                "没有目标时：zero 得0分并提示；not_applicable 不适用",
                "with no targets: zero with a warning, or N/A",
            ),
            default="zero",
            choices=("zero", "not_applicable"),
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        if (params["overshoot_pct"] is None) != (params["overshoot_score"] is None):
            return [("overshoot_score", "give overshoot_pct and overshoot_score together")]
        if params["overshoot_pct"] is not None and params["overshoot_pct"] < HUNDRED:
            return [("overshoot_pct", "expected 100 or more (a percentage of the target)")]
        if not items:
            return []
        problems = [
            (f"levels.{key}", f"unknown level; the levels are {', '.join(items)}")
            for key in params["levels"]
            if key not in items
        ]
        problems += [
            ("levels", f"level {key!r} has no achievement")
            for key in items
            if key not in params["levels"]
        ]
        return problems

    def achievement(
        self, target: Target, rule: Rule, where: str, levels: Mapping[str, Text] | None = None
    ) -> tuple[Fraction, str, str, list[Finding]]:
        """qᵢ of one target with the words that explain it."""
        if target.qualitative:
            if target.level is None:
                return (
                    ZERO,
                    "未填写完成等级",
                    "no level given",
                    [
                        warn(
                            "missing_evidence",
                            where,
                            f"目标“{target.name}”未填写完成等级",
                            f"target “{target.name}” has no level",
                        )
                    ],
                )
            q = rule["levels"][target.level]
            level_en = levels[target.level].en if levels and target.level in levels else ""
            return q, f"定性：{target.level}", f"qualitative: {level_en or target.level}", []
        if target.actual is None or target.target is None:
            return (
                ZERO,
                "未填写实际值",
                "no actual value",
                [
                    warn(
                        "missing_evidence",
                        where,
                        f"目标“{target.name}”未填写实际值",
                        f"target “{target.name}” has no actual value",
                    )
                ],
            )
        unit, goal, actual = target.unit, plain(target.target), plain(target.actual)
        shown = f"目标{goal}{unit}，实际{actual}{unit}"
        shown_en = f"target {goal}{unit}, actual {actual}{unit}"
        if target.direction == "<=":
            if target.actual == 0:
                return rule["zero_actual_lower"], shown, shown_en, []
            return min(ONE, target.target / target.actual), shown, shown_en, []
        ratio = target.actual / target.target
        overshoot = rule.get("overshoot_pct")
        if overshoot is not None and ratio * HUNDRED > overshoot:
            q = rule["overshoot_score"]
            return (
                q,
                f"{shown}，超过目标{plain(overshoot - HUNDRED)}%以上，视为目标偏低",
                (f"{shown_en}, more than {plain(overshoot - HUNDRED)}% over: target set too low"),
                [
                    warn(
                        "target_set_too_low",
                        where,
                        f"目标“{target.name}”完成{percent(ratio)}，目标可能定得过低",
                        f"target “{target.name}” reached {percent(ratio)}: set too low?",
                        "info",
                    )
                ],
            )
        return max(ZERO, min(ONE, ratio)), shown, shown_en, []

    def apply(self, given: RuleInput) -> Outcome:
        targets = given.measure
        assert isinstance(targets, TargetList)
        rule, points = given.rule, given.points
        weight_sum = fraction_sum(t.weight for t in targets.items)
        if weight_sum == 0 and targets.items:
            return Outcome(
                ZERO,
                (deduction(points, "全部绩效目标权重为0，不得分", "every target has weight 0: 0"),),
                (
                    warn(
                        "no_targets",
                        given.where,
                        "全部绩效目标权重为0，无法计算完成度",
                        "every performance target has weight 0: no achievement to compute",
                    ),
                ),
            )
        if weight_sum == 0:
            if rule["when_empty"] == "not_applicable":
                return Outcome(
                    ZERO, not_applicable=Text("未设定绩效目标", "no performance targets")
                )
            nothing = (deduction(points, "未设定绩效目标，不得分", "no performance targets: 0"),)
            return Outcome(
                ZERO,
                nothing,
                (
                    warn(
                        "no_targets",
                        given.where,
                        "未设定任何绩效目标",
                        "no performance targets were given",
                    ),
                ),
            )
        deductions: list[Deduction] = []
        findings: list[Finding] = []
        per_weight = points / weight_sum
        for target in targets.items:
            q, zh, en, found = self.achievement(target, rule, given.where, given.item_labels)
            findings.extend(found)
            short = ONE - q
            if not short or not target.weight or not per_weight:
                continue  # a factor of the loss is 0: nothing lost
            # points × its share of the weight × (1 − q)
            lost = fraction_product(per_weight, target.weight, short)
            shown, off = percent(q), pts(lost)
            deductions.append(
                deduction(
                    lost,
                    f"目标“{target.name}”：{zh}，完成度{shown}，扣{off}分",
                    f"target “{target.name}”: {en}, achievement {shown}, {off} off",
                )
            )
        # points × Σ weight × q / Σ weight, which is exactly the points less what was lost
        lost_in_all = fraction_sum(d.points for d in deductions)
        return Outcome(points - lost_in_all, tuple(deductions), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        levels = rule["levels"]
        over, q_over = rule.get("overshoot_pct"), rule.get("overshoot_score")
        if lang == "zh":
            text = (
                f"得分 = {pts(points)} × Σ(权重×完成度)/Σ权重；正向指标完成度 = 实际/目标（最高1）"
            )
            if over is not None:
                text += f"，超过{plain(over)}%视为目标偏低按{plain(q_over)}计"
            text += "；反向指标完成度 = 目标/实际；定性指标："
            return text + "、".join(f"{k}{plain(v)}" for k, v in levels.items())
        text = (
            f"score = {pts(points)} × Σ(weight × achievement) / Σ weight; ≥ targets: actual/target"
        )
        if over is not None:
            text += f", above {plain(over)}% counts {plain(q_over)}"
        text += "; ≤ targets: target/actual; qualitative: "
        return text + ", ".join(f"{k} {plain(v)}" for k, v in levels.items())


class WeightedMean(RuleKind):
    """points × (weighted mean of scores) / scale; the plain mean when a weight is missing."""

    name = "weighted_mean"
    label = Text("加权平均", "weighted mean")
    accepts = (ScoreList,)
    params = (
        Param(
            "scale", "points", Text("分数满分", "the score each item is out of"), default=HUNDRED
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        return [("scale", "expected a number above 0")] if params["scale"] == 0 else []

    def apply(self, given: RuleInput) -> Outcome:
        scores = given.measure
        assert isinstance(scores, ScoreList)
        if not scores.items:
            return Outcome(ZERO, not_applicable=Text("没有开展自评的项目", "no evaluated items"))
        scale: Fraction = given.rule["scale"]
        findings: list[Finding] = []
        weights = [item.weight for item in scores.items]
        unweighted = any(w is None for w in weights)
        total_weight = ZERO if unweighted else fraction_sum(w or ZERO for w in weights)
        if total_weight == 0:
            weights = [ONE] * len(scores.items)
            total_weight = Fraction(len(weights))
            findings.append(
                warn(
                    "plain_mean",
                    given.where,
                    "有项目未填写预算数，按简单平均计算"
                    if unweighted
                    else "项目预算数合计为0，按简单平均计算",
                    "some items have no budget figure: the plain mean is used"
                    if unweighted
                    else "the budget figures add up to 0: the plain mean is used",
                    "info",
                )
            )
        # item i loses points × (its share of the weight) × (what it lacks of the scale) / scale
        per_weight_point = given.points / (total_weight * scale)
        deductions: list[Deduction] = []
        for item, weight in zip(scores.items, weights, strict=True):
            # a score above the scale (100 points against scale = 10) counts as full, not more
            above = scale < item.score
            counted = scale if above else item.score  # min(item.score, scale)
            self_scored = plain(item.score)
            if above:
                findings.append(
                    warn(
                        "above_scale",
                        given.where,
                        f"“{item.name}”自评{self_scored}分，超过满分{plain(scale)}，"
                        f"按{plain(scale)}分计",
                        f"“{item.name}” self-scored {self_scored}, above the scale "
                        f"{plain(scale)}: counted as {plain(scale)}",
                    )
                )
            gap = scale - counted
            if not gap or not weight or not per_weight_point:
                continue  # a factor of the loss is 0: nothing lost
            lost = fraction_product(per_weight_point, weight, gap)
            off = pts(lost)
            deductions.append(
                deduction(
                    lost,
                    f"“{item.name}”自评{self_scored}分，扣{off}分",
                    f"“{item.name}” self-scored {self_scored}, {off} off",
                )
            )
        # points × the weighted mean / scale, which is exactly the points less what was lost,
        # since the shares add up to 1
        lost_in_all = fraction_sum(d.points for d in deductions)
        return Outcome(given.points - lost_in_all, tuple(deductions), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        scale = plain(rule["scale"])
        if lang == "zh":
            return f"得分 = {pts(points)} × 按预算加权的平均自评分 / {scale}（缺预算数时简单平均）"
        return (
            f"score = {pts(points)} × budget-weighted mean score / {scale} "
            "(plain mean when a budget is missing)"
        )
