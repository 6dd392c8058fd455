"""Rule kind `sampled_tiers`: tiers on a rate, worth only a share of their points when the
survey behind the rate is too small.

    rule = { kind = "sampled_tiers", measure = "satisfaction_rate", min_sample = 200,
             short_sample_share = 0.5, otherwise = 0,
             tiers = [{ at_least_pct = 90, points = 8 }, { at_least_pct = 80, points = 6 }] }

The first tier whose `at_least_pct` the rate reaches gives its points (`otherwise` when none
does). The sample is the ratio's denominator: below `min_sample` the rule keeps only
`short_sample_share` of those points (0 by default: a survey too small to count earns nothing).
Every number is the ruleset's.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.plugin_api import (
    HUNDRED,
    Deduction,
    Finding,
    Outcome,
    Param,
    Problems,
    Ratio,
    Rule,
    RuleInput,
    RuleKind,
    Template,
    Text,
    Tier,
    plain,
)

AT_LEAST_ONLY = Template(
    "sampled_tiers.at_least_only",
    "档次须用 at_least_pct 写，从高到低",
    "expected tiers written with at_least_pct, highest first",
)
TOO_RICH = Template(
    "sampled_tiers.too_rich",
    "有档次得{most:num}分，超过该三级指标的{points:num}分",
    "a tier gives {most:num} points, more than the sub-indicator's {points:num}",
)
IN_TIER = Template(
    "sampled_tiers.in_tier",
    "{label}{rate:pct}，属“{tier}”档，得{earned:pts}分",
    "{label} {rate:pct}: tier {tier}, {earned:pts} points",
)
BELOW_TIERS = Template(
    "sampled_tiers.below_tiers",
    "{label}{rate:pct}，低于所有档次，得{earned:pts}分",
    "{label} {rate:pct}: below every tier, {earned:pts} points",
)
SHORT_SAMPLE = Template(
    "sampled_tiers.short_sample",
    "有效样本{sample:num}份，少于最低样本量{least}份，按档次得分的{share:num}%计，扣{lost:pts}分",
    "{sample:num} valid questionnaires, fewer than the {least} required: {share:num}% of the "
    "tier's points, {lost:pts} off",
)
SMALL_SURVEY = Template(
    "sampled_tiers.small_survey",
    "满意度调查有效样本{sample:num}份，少于{least}份",
    "the satisfaction survey has {sample:num} valid questionnaires, fewer than {least}",
)


class SampledTiers(RuleKind):
    name = "sampled_tiers"
    label = Text("按样本量分档计分", "tiers with a minimum sample")
    accepts = (Ratio,)
    params = (
        Param(
            "tiers",
            "tiers",
            Text(
                "档次表，从高到低：[{ at_least_pct = 90, points = 8 }, ...]",
                "the tiers, highest first: [{ at_least_pct = 90, points = 8 }, ...]",
            ),
            required=True,
        ),
        Param(
            "min_sample",
            "count",
            Text("最低有效样本量", "the smallest sample that counts in full"),
            required=True,
        ),
        Param(
            "short_sample_share",
            "share",
            Text(
                "样本不足时保留档次得分的比例（0–1）",
                "share of the tier's points kept when the sample is too small (0 to 1)",
            ),
            default=Fraction(0),
        ),
        Param(
            "otherwise",
            "points",
            Text("低于所有档次时的得分", "points below every tier"),
            default=Fraction(0),
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        """The `tiers` parameter type has read the tiers (Tier objects, one kind of bound, in
        order); this kind takes only at_least_pct tiers, highest first, within the points."""
        tiers: tuple[Tier, ...] = params["tiers"]
        if any(tier.bound != "at_least_pct" for tier in tiers):
            return [("tiers", AT_LEAST_ONLY)]
        most = max([tier.points for tier in tiers] + [params["otherwise"]])
        if points is not None and most > points:
            return [("tiers", TOO_RICH(most=most, points=points))]
        return []

    def apply(self, given: RuleInput) -> Outcome:
        measure = given.measure
        assert isinstance(measure, Ratio) and measure.value is not None  # the engine checked
        rate, label = measure.value, given.label
        for tier in given.rule["tiers"]:
            if tier.holds(rate * HUNDRED):
                earned: Fraction = tier.points
                reason = IN_TIER(label=label, rate=rate, tier=tier.words(), earned=earned)
                break
        else:
            earned = given.rule["otherwise"]
            reason = BELOW_TIERS(label=label, rate=rate, earned=earned)
        deductions = [Deduction(given.points - earned, reason)] if earned < given.points else []
        findings = []
        sample, least = measure.denominator, given.rule["min_sample"]
        if sample < least:
            share: Fraction = given.rule["short_sample_share"]
            kept = earned * share
            lost = earned - kept
            short = SHORT_SAMPLE(sample=sample, least=least, share=share * HUNDRED, lost=lost)
            deductions.append(Deduction(earned - kept, short))
            small = SMALL_SURVEY(sample=sample, least=least)
            findings.append(Finding("warning", "sample_too_small", small, given.where))
            earned = kept
        return Outcome(earned, tuple(d for d in deductions if d.points), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        tiers = rule["tiers"]
        share = plain(rule["short_sample_share"] * HUNDRED)
        least = rule["min_sample"]
        if lang == "zh":
            steps = "；".join(f"{t.words()}得{plain(t.points)}分" for t in tiers)
            return (
                f"{steps}；其余得{plain(rule['otherwise'])}分；"
                f"有效样本少于{least}份时按所得分的{share}%计"
            )
        steps = "; ".join(f"{t.words()}: {plain(t.points)}" for t in tiers)
        return (
            f"{steps}; otherwise {plain(rule['otherwise'])}; "
            f"a sample under {least}: {share}% of that"
        )
