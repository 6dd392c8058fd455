"""What the rule-kind cases (tests/rules/cases/*.toml) cannot say as data: a kind adjusting its
measure before the conventions apply, the words of a finding, and a kind within a ruleset."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from factories import D, card, edited_ruleset, sub

from jixiao.engine.measures.types import Ratio, ScoredItem, ScoreList
from jixiao.engine.rules.base import Rule, RuleInput
from jixiao.engine.rules.ratios import Proportion
from jixiao.engine.rules.targets import WeightedMean
from jixiao.engine.words.text import Text, same

F = Fraction


def ratio(numerator: str, denominator: str, excluded: int = 0) -> Ratio:
    return Ratio(F(numerator), F(denominator), same("n"), same("d"), "", excluded)


def test_proportion_adjust_folds_excess_exclusions_into_the_denominator() -> None:
    kind = Proportion()
    values, problems = kind.parse({"kind": "proportion", "measure": "m", "max_excluded": 1})
    assert problems == []
    rule = Rule("proportion", "m", values)
    measure, found = kind.adjust(rule, ratio("0", "0", excluded=8), "x")
    assert isinstance(measure, Ratio)
    assert (measure.numerator, measure.denominator, measure.excluded) == (0, 7, 1)
    assert [f.code for f in found] == ["too_many_excluded"]
    unchanged, none = kind.adjust(rule, ratio("6", "7", excluded=1), "x")
    assert unchanged == ratio("6", "7", excluded=1) and none == []


def test_weighted_mean_says_why_it_takes_the_plain_mean() -> None:
    kind = WeightedMean()
    values, _ = kind.parse({"kind": "weighted_mean", "measure": "m"})
    zero = ScoreList((ScoredItem("a", F(80), F(0)), ScoredItem("b", F(100), F(0))))
    given = RuleInput(Rule("weighted_mean", "m", values), zero, F(10), F(10), Text("", ""), "x")
    (finding,) = kind.apply(given).findings
    assert (
        finding.message.get("zh") == "项目预算数合计为0，按简单平均计算"
    )  # not "no budget figure"
    unweighted = ScoreList((ScoredItem("a", F(80), None), ScoredItem("b", F(100), F(1))))
    given = RuleInput(
        Rule("weighted_mean", "m", values), unweighted, F(10), F(10), Text("", ""), "x"
    )
    (finding,) = kind.apply(given).findings
    assert finding.message.get("zh") == "有项目未填写预算数，按简单平均计算"


def test_a_score_above_the_scale_counts_as_full_not_as_a_plugin_failure() -> None:
    ruleset = edited_ruleset("scale = 100", "scale = 10")
    scorecard = card(
        {
            "projects": [
                {"name": "a", "budget": D(1), "self_score": 100},
                {"name": "b", "budget": D(1), "self_score": 8},
            ]
        },
        ruleset,
    )
    assert scorecard.complete
    result = sub(scorecard, "5.2")
    assert result.score == Decimal("9.00")  # 10 × (10 + 8) / 2 / 10
    assert [f.code for f in result.findings] == ["above_scale"]
