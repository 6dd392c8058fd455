"""Dimension 5 产出与绩效目标: target achievement, project self-scores, coverage."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from factories import D, card, codes, dim, score_of, sub


def quantitative(name: str, target: str, actual: str | None, **more: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"name": name, "kind": "quantitative", "target": D(target)}
    if actual is not None:
        record["actual"] = D(actual)
    return record | more


def qualitative(name: str, level: str | None, **more: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"name": name, "kind": "qualitative"}
    if level is not None:
        record["level"] = level
    return record | more


def targets(*records: dict[str, Any]) -> dict[str, Any]:
    return {"targets": list(records)}


def test_worked_example_of_the_spec_is_11_63() -> None:
    doc = targets(
        quantitative("培训人次", "8", "7"),
        quantitative("调研报告", "4", "3"),
        qualitative("委员满意度", "部分达成"),
    )
    result = sub(card(doc), "5.1")
    assert result.exact == Decimal("11.625")
    assert result.score == Decimal("11.63")
    assert [d.points for d in result.deductions] == [
        Decimal("0.625"),
        Decimal("1.25"),
        Decimal("1.5"),
    ]
    assert sum(d.points for d in result.deductions) == 15 - result.exact


@pytest.mark.parametrize(
    ("level", "expected"), [("达成", "15.00"), ("部分达成", "10.50"), ("未达成", "4.50")]
)
def test_qualitative_levels(level: str, expected: str) -> None:
    assert score_of(targets(qualitative("q", level)), "5.1") == Decimal(expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("50", "7.50"),
        ("99.99", "15.00"),  # 14.9985 → 15.00
        ("99.9", "14.99"),  # 14.985 → half up 14.99
        ("100", "15.00"),
        ("120", "15.00"),  # over the target but not by more than 30%: capped at 1
        ("130", "15.00"),  # exactly 130%: not "above"
        ("130.01", "12.00"),  # above 130%: set too low, 0.8
        ("500", "12.00"),
    ],
)
def test_higher_is_better_with_overshoot(actual: str, expected: str) -> None:
    assert score_of(targets(quantitative("t", "100", actual)), "5.1") == Decimal(expected)


def test_overshoot_is_an_info_finding() -> None:
    scorecard = card(targets(quantitative("t", "100", "130.01")))
    (finding,) = sub(scorecard, "5.1").findings
    assert (finding.level, finding.code) == ("info", "target_set_too_low")
    assert "130.01%" in finding.message.get("zh")


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("10", "0", "15.00"),  # actual 0 on a ≤ target: fully achieved
        ("10", "5", "15.00"),  # better than the target: capped at 1
        ("10", "10", "15.00"),
        ("10", "12.5", "12.00"),  # 10 / 12.5 = 0.8
        ("10", "30", "5.00"),
        ("0", "0", "15.00"),
        ("0", "4", "0.00"),  # nothing allowed, something happened
    ],
)
def test_lower_is_better(target: str, actual: str, expected: str) -> None:
    doc = targets(quantitative("投诉件数", target, actual, direction="<="))
    assert score_of(doc, "5.1") == Decimal(expected)


def test_lower_is_better_is_never_overshoot() -> None:
    doc = targets(quantitative("投诉件数", "10", "2", direction="<="))
    assert codes(card(doc), "5.1") == []


def test_weights() -> None:
    # 15 × (3 × 1 + 1 × 0.3) / 4 = 12.375 → 12.38
    doc = targets(
        quantitative("主要", "10", "10", weight=D(3)),
        qualitative("次要", "未达成"),
    )
    result = sub(card(doc), "5.1")
    assert result.exact == Decimal("12.375")
    assert result.score == Decimal("12.38")


def test_decimal_weights() -> None:
    # 15 × (0.25 × 0.5 + 0.75 × 1) / 1 = 13.125 → 13.13
    doc = targets(
        quantitative("a", "10", "5", weight=D("0.25")),
        quantitative("b", "10", "10", weight=D("0.75")),
    )
    assert score_of(doc, "5.1") == Decimal("13.13")


def test_zero_weight_target_does_not_count() -> None:
    doc = targets(quantitative("a", "10", "10"), quantitative("b", "10", "0", weight=D(0)))
    assert score_of(doc, "5.1") == Decimal("15.00")


def test_no_targets_scores_zero_with_a_warning() -> None:
    scorecard = card({"targets": []})
    result = sub(scorecard, "5.1")
    assert result.status == "scored"
    assert result.score == Decimal("0.00")
    assert codes(scorecard, "5.1") == ["no_targets"]
    assert [d.points for d in result.deductions] == [15]


def test_targets_section_left_out_is_the_same_as_none() -> None:
    from factories import DROP

    assert codes(card({"targets": DROP}), "5.1") == ["no_targets"]


def test_missing_actual_and_missing_level_earn_nothing_with_warnings() -> None:
    doc = targets(quantitative("a", "10", None), qualitative("b", None))
    scorecard = card(doc)
    assert sub(scorecard, "5.1").score == Decimal("0.00")
    assert codes(scorecard, "5.1") == ["missing_evidence", "missing_evidence"]


# 5.2 项目支出自评得分 --------------------------------------------------------------------------


def projects(*records: dict[str, Any]) -> dict[str, Any]:
    return {"projects": list(records)}


def test_budget_weighted_mean() -> None:
    # (100 × 80 + 300 × 100) / 400 = 95 → 10 × 0.95
    doc = projects(
        {"name": "a", "budget": D(100), "self_score": 80},
        {"name": "b", "budget": D(300), "self_score": 100},
    )
    scorecard = card(doc)
    assert sub(scorecard, "5.2").score == Decimal("9.50")
    assert codes(scorecard, "5.2") == []


def test_the_weighted_mean_the_text_gives_is_the_one_scored(examples_dir) -> None:
    """正定 5.2: projects of 600, 300 and 100 万元 self-scored 92, 85 and 100. The plain mean
    is 92.33; the score uses the budget-weighted mean, (600 × 92 + 300 × 85 + 100 × 100) / 1000
    = 90.70, × 10 / 100 = 9.07, and the text says that mean, not the plain one."""
    from jixiao.engine import api

    scorecard = api.score_file(examples_dir / "zhengding-agriculture-2025.toml")
    result = sub(scorecard, "5.2")
    assert result.score == Decimal("9.07")
    (view,) = result.measures
    assert view.text.get("zh") == "3项，按预算加权平均90.70分"
    assert view.text.get("en") == "3 items, budget-weighted mean 90.70"


def test_the_plain_mean_the_text_gives_is_the_one_scored() -> None:
    doc = projects(
        {"name": "a", "budget": D(100), "self_score": 80},
        {"name": "b", "self_score": 100},
    )
    (view,) = sub(card(doc), "5.2").measures
    assert view.text.get("zh") == "2项，简单平均90.00分"  # one budget missing: the plain mean


def test_plain_mean_when_a_budget_is_missing() -> None:
    doc = projects(
        {"name": "a", "budget": D(100), "self_score": 80},
        {"name": "b", "self_score": 100},
    )
    scorecard = card(doc)
    assert sub(scorecard, "5.2").score == Decimal("9.00")
    (finding,) = sub(scorecard, "5.2").findings
    assert (finding.level, finding.code) == ("info", "plain_mean")


def test_weighted_mean_non_terminating() -> None:
    # (1 × 90 + 2 × 85) / 3 = 86.666…, × 10 / 100 = 8.666… → 8.67
    doc = projects(
        {"name": "a", "budget": D(1), "self_score": 90},
        {"name": "b", "budget": D(2), "self_score": 85},
    )
    assert score_of(doc, "5.2") == Decimal("8.67")


def test_no_evaluated_project_is_not_applicable() -> None:
    doc = projects({"name": "a", "budget": D(100)}, {"name": "b", "budget": D(50)})
    scorecard = card(doc)
    assert sub(scorecard, "5.2").status == "not_applicable"
    assert sub(scorecard, "5.3").score == Decimal("0.00")  # 0 of 2 evaluated
    # 15 + 0 of 20 applicable points, × 30 / 20 = 22.5
    assert dim(scorecard, "output_targets").score == Decimal("22.50")


def test_project_spending_without_a_project_listed_is_no_evidence_not_n_a() -> None:
    """Leaving the projects out must not score better than listing them: with project spending
    above 0, no project listed is no evidence (0 points), never N/A (which re-bases)."""
    scorecard = card({"projects": [], "budget": {"basic_actual": D(600), "project_actual": D(400)}})
    for code in ("5.2", "5.3"):
        result = sub(scorecard, code)
        assert (result.status, result.score) == ("scored", Decimal("0.00"))
        assert (
            result.deductions[0]
            .reason.get("zh")
            .startswith("项目支出400.00万元，但未填写任何项目，无佐证，扣")
        )
    assert dim(scorecard, "output_targets").score == Decimal("15.00")  # 5.1 only, not re-based


def test_no_projects_at_all_is_not_applicable_twice() -> None:
    scorecard = card({"projects": []})
    assert sub(scorecard, "5.2").status == "not_applicable"
    assert sub(scorecard, "5.3").status == "not_applicable"
    assert dim(scorecard, "output_targets").score == Decimal("30.00")


def test_rebased_dimension_from_the_worked_example() -> None:
    doc = targets(
        quantitative("培训人次", "8", "7"),
        quantitative("调研报告", "4", "3"),
        qualitative("委员满意度", "部分达成"),
    ) | {"projects": []}
    # 30 × 11.63 / 15 = 23.26 (from the rounded sub-score)
    assert dim(card(doc), "output_targets").score == Decimal("23.26")


# 5.3 项目自评覆盖率 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evaluated", "total", "expected"),
    [(4, 4, "5.00"), (3, 4, "3.75"), (1, 3, "1.67"), (2, 3, "3.33"), (0, 1, "0.00")],
)
def test_coverage(evaluated: int, total: int, expected: str) -> None:
    records = [
        {"name": f"p{i}", "budget": D(10), **({"self_score": 100} if i < evaluated else {})}
        for i in range(total)
    ]
    assert score_of(projects(*records), "5.3") == Decimal(expected)


def test_a_qualitative_level_reads_in_english_under_lang_en(examples_dir) -> None:
    from jixiao.engine import api

    card = api.score_file(examples_dir / "zhengding-agriculture-2025.toml")
    reasons = [
        d.reason for dim in card.dimensions for sub in dim.subindicators for d in sub.deductions
    ]
    partly = [r for r in reasons if "部分达成" in r.get("zh")]
    assert partly and all("qualitative: partly achieved" in r.get("en") for r in partly)
