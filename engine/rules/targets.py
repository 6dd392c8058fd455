"""Rule kinds on lists: target_achievement (performance targets) and weighted_mean (scores)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure, ScoreList, Target, TargetList
from jixiao.engine.numbers import HUNDRED, ONE, ZERO, fraction_product, fraction_sum, plain
from jixiao.engine.rules.base import (
    Deduction,
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    pts,
)
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

WHEN_EMPTY = Param(
    "when_empty",
    "choice",
    Text(
        "没有目标时：zero 得0分并提示；not_applicable 不适用",
        "with no targets: zero with a warning, or N/A",
    ),
    default="zero",
    choices=("zero", "not_applicable"),
)
CATEGORIES = Param(
    "categories",
    "names",
    Text(
        '只计类别或标签为其中之一的目标，如 ["产出"]；不写则计全部目标',
        'only the targets whose category or a tag is one of these, e.g. ["产出"]; all without it',
    ),
)


def no_targets(given: RuleInput) -> Outcome:
    """No target to score: N/A, or nothing with a warning, as `when_empty` says."""
    if given.rule["when_empty"] == "not_applicable":
        return Outcome(ZERO, not_applicable=NO_TARGETS_GIVEN)
    warning = Finding("warning", "no_targets", NO_TARGETS, given.where)
    return Outcome(ZERO, (Deduction(given.points, NO_TARGETS_LOST(lost=given.points)),), (warning,))


class SelectsTargets(RuleKind):
    """A rule kind on targets that may score only some of them (`categories`)."""

    selects = "categories"

    def adjust(self, rule: Rule, measure: Measure, where: str) -> tuple[Measure, list[Finding]]:
        picked = rule.get("categories")
        if picked is None or not isinstance(measure, TargetList):
            return measure, []
        return TargetList(tuple(t for t in measure.items if t.in_any(tuple(picked)))), []

    def picked_words(self, rule: Rule, lang: str) -> str:
        picked = rule.get("categories")
        if picked is None:
            return ""
        if lang == "zh":
            return f"（只计{'、'.join(picked)}类目标）"
        return f" (only {', '.join(picked)} targets)"


class TargetAchievement(SelectsTargets):
    """points × Σ wᵢ·qᵢ / Σ wᵢ, qᵢ the achievement of each target."""

    name = "target_achievement"
    label = Text("目标完成度", "target achievement")
    accepts = (TargetList,)
    params = (
        CATEGORIES,
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
        WHEN_EMPTY,
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        if (params["overshoot_pct"] is None) != (params["overshoot_score"] is None):
            return [("overshoot_score", OVERSHOOT_PAIR)]
        if params["overshoot_pct"] is not None and params["overshoot_pct"] < HUNDRED:
            return [("overshoot_pct", OVERSHOOT_BELOW_100)]
        if not items:
            return []
        problems: Problems = [
            (f"levels.{key}", UNKNOWN_LEVEL(levels=list(items)))
            for key in params["levels"]
            if key not in items
        ]
        problems += [
            ("levels", LEVEL_MISSING(level=key)) for key in items if key not in params["levels"]
        ]
        return problems

    def achievement(
        self, target: Target, rule: Rule, where: str, levels: Mapping[str, Text] | None = None
    ) -> tuple[Fraction, Words, list[Finding]]:
        """qᵢ of one target with the words that explain it."""
        if target.qualitative:
            if target.level is None:
                missing = Finding("warning", "missing_evidence", NO_LEVEL(name=target.name), where)
                return ZERO, NO_LEVEL_GIVEN, [missing]
            level = levels[target.level] if levels and target.level in levels else target.level
            return rule["levels"][target.level], QUALITATIVE(level=level), []
        if target.actual is None or target.target is None:
            missing = Finding("warning", "missing_evidence", NO_ACTUAL(name=target.name), where)
            return ZERO, NO_ACTUAL_GIVEN, [missing]
        shown = FIGURES(goal=target.target, actual=target.actual, unit=target.unit)
        if target.direction == "<=":
            if target.actual == 0:
                return rule["zero_actual_lower"], shown, []
            return min(ONE, target.target / target.actual), shown, []
        ratio = target.actual / target.target
        overshoot = rule.get("overshoot_pct")
        if overshoot is not None and ratio * HUNDRED > overshoot:
            low = Finding(
                "info", "target_set_too_low", SET_TOO_LOW(name=target.name, ratio=ratio), where
            )
            said = OVERSHOT(shown=shown, ratio=ratio, over=overshoot - HUNDRED)
            return rule["overshoot_score"], said, [low]
        return max(ZERO, min(ONE, ratio)), shown, []

    def apply(self, given: RuleInput) -> Outcome:
        targets = given.measure
        assert isinstance(targets, TargetList)
        rule, points = given.rule, given.points
        weight_sum = fraction_sum(t.weight for t in targets.items)
        if weight_sum == 0 and targets.items:
            warning = Finding("warning", "no_targets", ALL_WEIGHTLESS, given.where)
            return Outcome(ZERO, (Deduction(points, WEIGHTLESS(lost=points)),), (warning,))
        if weight_sum == 0:
            return no_targets(given)
        deductions: list[Deduction] = []
        findings: list[Finding] = []
        per_weight = points / weight_sum
        for target in targets.items:
            q, words, found = self.achievement(target, rule, given.where, given.item_labels)
            findings.extend(found)
            short = ONE - q
            if not short or not target.weight or not per_weight:
                continue  # a factor of the loss is 0: nothing lost
            # points × its share of the weight × (1 − q)
            lost = fraction_product(per_weight, target.weight, short)
            # an overshot target is counted at the ruleset's score, which is not its achievement
            said = COUNTED_AS if getattr(words, "template", None) is OVERSHOT else TARGET_LOST
            reason = said(name=target.name, words=words, q=q, lost=lost)
            deductions.append(Deduction(lost, reason))
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
            text += "、".join(f"{k}{plain(v)}" for k, v in levels.items())
            return text + self.picked_words(rule, lang)
        text = (
            f"score = {pts(points)} × Σ(weight × achievement) / Σ weight; ≥ targets: actual/target"
        )
        if over is not None:
            text += f", above {plain(over)}% counts {plain(q_over)}"
        text += "; ≤ targets: target/actual; qualitative: "
        text += ", ".join(f"{k} {plain(v)}" for k, v in levels.items())
        return text + self.picked_words(rule, lang)


class TargetsMet(SelectsTargets):
    """points × targets met / all targets: a target counts only if it is met and, for a ≥
    target, not more than `within_pct` over (a county rule: 超过30%的视为目标设置偏低)."""

    name = "targets_met"
    label = Text("目标达成数", "targets met")
    accepts = (TargetList,)
    params = (
        CATEGORIES,
        Param(
            "within_pct",
            "percent",
            Text(
                "正向指标实际超过目标不多于此百分比才算达成，如 30",
                "a ≥ target counts as met only if not more than this percentage over, e.g. 30",
            ),
        ),
        Param(
            "met_levels",
            "names",
            Text(
                '定性指标算作达成的等级，如 ["达成"]',
                'qualitative levels that count, e.g. ["达成"]',
            ),
            required=True,
        ),
        WHEN_EMPTY,
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        if not items:
            return []
        return [
            ("met_levels", UNKNOWN_LEVEL(levels=list(items)))
            for key in params["met_levels"]
            if key not in items
        ]

    def met(self, target: Target, rule: Rule) -> Words | None:
        """None when the target is met; else why it does not count."""
        if target.qualitative:
            if target.level in rule["met_levels"]:
                return None
            return NOT_MET_LEVEL(level=target.level or "—")
        if target.actual is None or target.target is None:
            return NO_ACTUAL_GIVEN
        if target.direction == "<=":
            return None if target.actual <= target.target else NOT_MET
        if target.actual < target.target:
            return NOT_MET
        within = rule.get("within_pct")
        if within is not None and target.actual * HUNDRED > target.target * (HUNDRED + within):
            return OVER_BAND(over=within)
        return None

    def apply(self, given: RuleInput) -> Outcome:
        targets = given.measure
        assert isinstance(targets, TargetList)
        points = given.points
        if not targets.items:
            return no_targets(given)
        each = points / len(targets.items)
        deductions = []
        for target in targets.items:
            why = self.met(target, given.rule)
            if why is not None:
                deductions.append(
                    Deduction(each, NOT_COUNTED(name=target.name, why=why, lost=each))
                )
        lost = fraction_sum(d.points for d in deductions)
        return Outcome(points - lost, tuple(deductions))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        within = rule.get("within_pct")
        levels = rule["met_levels"]
        if lang == "zh":
            text = f"得分 = {pts(points)} × 达成的目标数/目标总数；定量指标达到目标值"
            if within is not None:
                text += f"且超过不多于{plain(within)}%"
            text += f"为达成，定性指标{'、'.join(levels)}为达成"
            return text + self.picked_words(rule, lang)
        text = f"score = {pts(points)} × targets met / all targets; a quantitative target is met"
        if within is not None:
            text += f" when reached and not more than {plain(within)}% over"
        text += f"; a qualitative one at {', '.join(levels)}"
        return text + self.picked_words(rule, lang)


NOT_MET = Text("未达到目标值", "not reached")
NOT_MET_LEVEL = Template("targets_met.level", "完成等级为{level}", "level {level}")
OVER_BAND = Template(
    "targets_met.over",
    "超过目标值{over:num}%以上，视为目标设置偏低",
    "more than {over:num}% over the target, which counts as set too low",
)
NOT_COUNTED = Template(
    "targets_met.lost",
    "目标{name:q}未计为达成（{why}），扣{lost:pts}分",
    "target {name:q} not counted as met ({why}), {lost:pts} off",
)


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
        return [("scale", SCALE_ZERO)] if params["scale"] == 0 else []

    def apply(self, given: RuleInput) -> Outcome:
        scores = given.measure
        assert isinstance(scores, ScoreList)
        if not scores.items:
            return Outcome(ZERO, not_applicable=NONE_EVALUATED)
        scale: Fraction = given.rule["scale"]
        findings: list[Finding] = []
        weights = [item.weight for item in scores.items]
        unweighted = any(w is None for w in weights)
        total_weight = ZERO if unweighted else fraction_sum(w or ZERO for w in weights)
        if total_weight == 0:
            weights = [ONE] * len(scores.items)
            total_weight = Fraction(len(weights))
            why = NO_BUDGET if unweighted else BUDGETS_ZERO
            findings.append(Finding("info", "plain_mean", why, given.where))
        # item i loses points × (its share of the weight) × (what it lacks of the scale) / scale
        per_weight_point = given.points / (total_weight * scale)
        deductions: list[Deduction] = []
        for item, weight in zip(scores.items, weights, strict=True):
            # a score above the scale (100 points against scale = 10) counts as full, not more
            above = scale < item.score
            counted = scale if above else item.score  # min(item.score, scale)
            if above:
                findings.append(
                    Finding(
                        "warning",
                        "above_scale",
                        ABOVE_SCALE(name=item.name, score=item.score, scale=scale),
                        given.where,
                    )
                )
            gap = scale - counted
            if not gap or not weight or not per_weight_point:
                continue  # a factor of the loss is 0: nothing lost
            lost = fraction_product(per_weight_point, weight, gap)
            deductions.append(
                Deduction(lost, SELF_SCORED(name=item.name, score=item.score, lost=lost))
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


OVERSHOOT_PAIR = Template(
    "targets.overshoot_pair",
    "overshoot_pct 与 overshoot_score 须同时填写",
    "give overshoot_pct and overshoot_score together",
)
OVERSHOOT_BELOW_100 = Template(
    "targets.overshoot_below_100",
    "应不小于100（为目标值的百分比）",
    "expected 100 or more (a percentage of the target)",
)
UNKNOWN_LEVEL = Template(
    "targets.level.unknown",
    "没有这个等级；等级有：{levels:list}",
    "unknown level; the levels are {levels:list}",
)
LEVEL_MISSING = Template(
    "targets.level.missing", "等级“{level}”没有对应的完成度", "level '{level}' has no achievement"
)
NO_LEVEL = Template(
    "targets.no_level", "目标{name:q}未填写完成等级", "target {name:q} has no level"
)
NO_LEVEL_GIVEN = Template("targets.no_level_given", "未填写完成等级", "no level given")
QUALITATIVE = Template("targets.qualitative", "定性：{level}", "qualitative: {level}")
NO_ACTUAL = Template(
    "targets.no_actual", "目标{name:q}未填写实际值", "target {name:q} has no actual value"
)
NO_ACTUAL_GIVEN = Template("targets.no_actual_given", "未填写实际值", "no actual value")
FIGURES = Template(
    "targets.figures",
    "目标{goal:num}{unit}，实际{actual:num}{unit}",
    "target {goal:num}{unit}, actual {actual:num}{unit}",
)
OVERSHOT = Template(
    "targets.overshot",
    "{shown}，实际完成{ratio:pct}，超过目标{over:num}%以上，视为目标设定偏低",
    "{shown}, {ratio:pct} achieved, more than {over:num}% over: the target was set too low",
)
SET_TOO_LOW = Template(
    "targets.set_too_low",
    "目标{name:q}完成{ratio:pct}，目标可能定得过低",
    "target {name:q} reached {ratio:pct}: set too low?",
)
COUNTED_AS = Template(
    "targets.counted_as",
    "目标{name:q}：{words}，按{q:pct}计，扣{lost:pts}分",
    "target {name:q}: {words}, counted at {q:pct}, {lost:pts} off",
)
ALL_WEIGHTLESS = Template(
    "targets.all_weightless",
    "全部绩效目标权重为0，无法计算完成度",
    "every performance target has weight 0: no achievement to compute",
)
WEIGHTLESS = Template(
    "targets.weightless",
    "全部绩效目标权重为0，扣{lost:pts}分",
    "every target has weight 0, {lost:pts} off",
)
NO_TARGETS_GIVEN = Template(
    "targets.no_targets_given", "未填写绩效目标", "no performance targets given"
)
NO_TARGETS = Template(
    "targets.no_targets",
    "未填写任何绩效目标：请逐项填写（TOML 文件的 [[targets]]，工作簿的“绩效目标”表）",
    "no performance targets were given",
)
NO_TARGETS_LOST = Template(
    "targets.none", "未填写绩效目标，扣{lost:pts}分", "no performance targets given, {lost:pts} off"
)
TARGET_LOST = Template(
    "targets.lost",
    "目标{name:q}：{words}，完成度{q:pct}，扣{lost:pts}分",
    "target {name:q}: {words}, achievement {q:pct}, {lost:pts} off",
)
SCALE_ZERO = Template("targets.scale_zero", "应大于0", "expected a number above 0")
NONE_EVALUATED = Template("targets.none_evaluated", "没有开展自评的项目", "no evaluated items")
NO_BUDGET = Template(
    "targets.no_budget",
    "有项目未填写预算数，按简单平均计算",
    "some items have no budget figure: the plain mean is used",
)
BUDGETS_ZERO = Template(
    "targets.budgets_zero",
    "项目预算数合计为0，按简单平均计算",
    "the budget figures add up to 0: the plain mean is used",
)
ABOVE_SCALE = Template(
    "weighted_mean.above_scale",
    "{name:q}自评{score:pts}分，超过满分{scale:num}分，按{scale:num}分计",
    "{name:q} self-scored {score:pts}, above the scale {scale:num}: counted as {scale:num}",
)
SELF_SCORED = Template(
    "weighted_mean.lost",
    "{name:q}自评{score:pts}分，扣{lost:pts}分",
    "{name:q} self-scored {score:pts}, {lost:pts} off",
)
