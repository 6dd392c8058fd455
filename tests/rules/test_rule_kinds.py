"""Each built-in rule kind on its own, including parameters the 2025 ruleset does not use.

Every outcome is checked against the invariant the report relies on: the deductions add up
exactly to what was lost (start − score), and the score stays within 0 and start.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from factories import D, card, edited_ruleset, sub

from jixiao.engine.measures.types import (
    Checklist,
    ChecklistItem,
    FindingList,
    Publication,
    Quantity,
    Ratio,
    ScoredItem,
    ScoreList,
)
from jixiao.engine.rules.base import Outcome, Rule, RuleInput, RuleKind
from jixiao.engine.rules.deadline import Deadline
from jixiao.engine.rules.items import ChecklistRule, PerFinding, PerMissing
from jixiao.engine.rules.ratios import LinearRatio, PerPoint, Proportion
from jixiao.engine.rules.targets import WeightedMean
from jixiao.engine.rules.tiers import Tiers
from jixiao.engine.text import Text, same

F = Fraction
LABEL = Text("指标", "indicator")


def parsed(kind: RuleKind, **params: Any) -> Rule:
    values, problems = kind.parse({"kind": kind.name, "measure": "m", **params})
    assert problems == []
    return Rule(kind.name, "m", values)


def apply(
    kind: RuleKind, measure: Any, points: int = 10, start: Fraction | None = None, **params: Any
) -> Outcome:
    given_start = F(points) if start is None else start
    rule = parsed(kind, **params)
    outcome = kind.apply(RuleInput(rule, measure, F(points), given_start, LABEL, "x"))
    if outcome.not_applicable is None:
        assert 0 <= outcome.score <= given_start
        assert sum((d.points for d in outcome.deductions), F(0)) == given_start - outcome.score
    return outcome


def ratio(numerator: str, denominator: str, excluded: int = 0) -> Ratio:
    return Ratio(F(numerator), F(denominator), same("n"), same("d"), "", excluded)


# linear_ratio ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "over", "expected"),
    [
        ("1.2", "cap", "10"),
        ("1.2", "symmetric", "8"),
        ("0.7", "cap", "7"),
        ("3", "symmetric", "0"),
    ],
)
def test_linear_ratio(r: str, over: str, expected: str) -> None:
    assert apply(LinearRatio(), ratio(r, "1"), over=over).score == F(expected)


def test_linear_ratio_floor_is_inclusive() -> None:
    assert apply(LinearRatio(), ratio("0.7", "1"), floor_pct=70).score == 7
    assert apply(LinearRatio(), ratio("0.6999", "1"), floor_pct=70).score == 0


# per_point -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("r", "expected"), [("0.95", "10"), ("0.9", "10"), ("0.89", "9"), ("0.85", "5"), ("0.5", "0")]
)
def test_per_point_below(r: str, expected: str) -> None:
    outcome = apply(
        PerPoint(), ratio(r, "1"), threshold_pct=90, deduct_per_point=1, direction="below"
    )
    assert outcome.score == F(expected)


def test_per_point_as_a_deduction_takes_from_what_is_left() -> None:
    outcome = apply(
        PerPoint(), ratio("1.03", "1"), start=F(2), threshold_pct=100, deduct_per_point=1
    )
    assert outcome.score == 0
    assert [d.points for d in outcome.deductions] == [2]


# tiers -----------------------------------------------------------------------------------------


def test_tiers_at_least_on_a_quantity() -> None:
    tiers = [{"at_least": 10, "points": 10}, {"at_least": 5, "points": 6}]
    days = Text("天", "days")
    assert apply(Tiers(), Quantity(F(12), days), tiers=tiers).score == 10
    assert apply(Tiers(), Quantity(F(10), days), tiers=tiers).score == 10
    assert apply(Tiers(), Quantity(F("9.99"), days), tiers=tiers).score == 6
    assert apply(Tiers(), Quantity(F(4), days), tiers=tiers, otherwise=1).score == 1


def test_tiers_at_least_pct_on_a_ratio() -> None:
    tiers = [{"at_least_pct": 95, "points": 10}, {"at_least_pct": D("80.5"), "points": 5}]
    assert apply(Tiers(), ratio("0.95", "1"), tiers=tiers).score == 10
    assert apply(Tiers(), ratio("0.805", "1"), tiers=tiers).score == 5
    assert apply(Tiers(), ratio("0.8049", "1"), tiers=tiers).score == 0


@pytest.mark.parametrize(
    ("tiers", "message"),
    [
        ([], "needs at least one tier"),
        ([{"at_most_pct": 10}], "exactly one of"),
        ([{"at_most_pct": 10, "at_least_pct": 5, "points": 1}], "exactly one of"),
        ([{"at_most_pct": 10, "points": 1, "score": 2}], "unknown key 'score'"),
        ([{"at_most_pct": 10, "points": 1}, {"at_least_pct": 20, "points": 0}], "same kind"),
        ([{"at_most_pct": 10, "points": 1}, {"at_most_pct": 10, "points": 0}], "increasing"),
        ([{"at_least": 1, "points": 1}, {"at_least": 2, "points": 0}], "decreasing"),
        ([{"at_most_pct": 10, "points": -1}], "points ≥ 0"),
        (["10"], "expected a table"),
    ],
)
def test_tiers_are_validated(tiers: list[Any], message: str) -> None:
    _, problems = Tiers().parse({"kind": "tiers", "measure": "m", "tiers": tiers})
    assert problems and message in problems[0][1], problems


# checklist, per_missing, per_finding -----------------------------------------------------------


def checklist(**answers: bool | None) -> Checklist:
    return Checklist(tuple(ChecklistItem(k, same(k), v) for k, v in answers.items()))


def test_checklist_with_uneven_item_points() -> None:
    items = {"a": D("0.5"), "b": D("1.5")}
    assert apply(ChecklistRule(), checklist(a=True, b=False), points=2, items=items).score == F(
        "0.5"
    )
    outcome = apply(ChecklistRule(), checklist(a=None, b=True), points=2, items=items)
    assert outcome.score == F("1.5")
    assert [f.code for f in outcome.findings] == ["missing_evidence"]


def test_checklist_item_not_in_the_measure_is_no_evidence() -> None:
    outcome = apply(ChecklistRule(), checklist(a=True), points=2, items={"a": 1, "b": 1})
    assert outcome.score == 1


def test_per_missing_stops_at_zero() -> None:
    outcome = apply(
        PerMissing(),
        checklist(a=False, b=False, c=False),
        start=F("1.5"),
        items=["a", "b", "c"],
        deduct_each=1,
    )
    assert outcome.score == 0
    assert [d.points for d in outcome.deductions] == [1, F("0.5"), 0]  # c is still named


def test_per_finding_fractional() -> None:
    outcome = apply(PerFinding(), FindingList(("a", "b", "c")), points=1, deduct_each=D("0.4"))
    assert outcome.score == 0
    assert [d.points for d in outcome.deductions] == [F("0.4"), F("0.4"), F("0.2")]


# deadline --------------------------------------------------------------------------------------


def test_deadline_not_published_defaults_to_zero() -> None:
    outcome = apply(Deadline(), Publication(False), points=4, within_days=20, on_time=4, late=2)
    assert outcome.score == 0


def test_deadline_parameters_must_descend() -> None:
    _, problems = Deadline().parse(
        {"within_days": 20, "on_time": 2, "late": 3, "kind": "deadline", "measure": "m"}
    )
    assert problems == [("late", "expected on_time ≥ late ≥ not_published")]


# proportion ------------------------------------------------------------------------------------


def test_proportion_adjust_folds_excess_exclusions_into_the_denominator() -> None:
    kind = Proportion()
    rule = parsed(kind, max_excluded=1)
    measure, found = kind.adjust(rule, ratio("0", "0", excluded=8), "x")
    assert isinstance(measure, Ratio)
    assert (measure.numerator, measure.denominator, measure.excluded) == (0, 7, 1)
    assert [f.code for f in found] == ["too_many_excluded"]
    unchanged, none = kind.adjust(rule, ratio("6", "7", excluded=1), "x")
    assert unchanged == ratio("6", "7", excluded=1) and none == []


# weighted_mean ---------------------------------------------------------------------------------


def test_weighted_mean_all_weights_zero_uses_the_plain_mean() -> None:
    scores = ScoreList((ScoredItem("a", F(80), F(0)), ScoredItem("b", F(100), F(0))))
    outcome = apply(WeightedMean(), scores, points=10)
    assert outcome.score == 9
    (finding,) = outcome.findings
    assert finding.code == "plain_mean"
    assert finding.message.zh == "项目预算数合计为0，按简单平均计算"  # not "no budget figure"


def test_weighted_mean_scale_must_be_above_zero() -> None:
    _, problems = WeightedMean().parse({"kind": "weighted_mean", "measure": "m", "scale": 0})
    assert problems == [("scale", "expected a number above 0")]


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


# parameters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (D("1.5"), "between 0 and 1"),
        (D("-0.1"), "≥ 0"),
        (True, "expected a number"),
        ("0.8", "expected a number"),
        (D("nan"), "finite"),
    ],
)
def test_share_parameters_are_validated(value: Any, message: str) -> None:
    from jixiao.engine.rules.targets import TargetAchievement

    _, problems = TargetAchievement().parse(
        {"levels": {}, "overshoot_pct": 130, "overshoot_score": value}
    )
    assert problems and message in problems[0][1], problems
