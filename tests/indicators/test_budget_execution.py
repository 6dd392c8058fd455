"""Dimension 1 预算执行 through the real budget_execution indicator and the 2025 ruleset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from factories import DROP, D, card, codes, dim, score_of, sub


def budget(**values: object) -> dict[str, object]:
    return {"budget": values}


# 1.1 预算执行率: 20 × max(0, 1 − |r − 1|), over budget mirrored with a warning ----------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("1000", "20.00"),
        ("950", "19.00"),
        ("999.5", "19.99"),
        ("999.75", "20.00"),  # 19.995 exactly: half up
        ("999.749", "19.99"),
        ("500", "10.00"),
        ("0", "0.00"),
        ("1035", "19.30"),
        ("1500", "10.00"),
        ("1999", "0.02"),
        ("2000", "0.00"),
        ("2500", "0.00"),
    ],
)
def test_execution_rate(actual: str, expected: str) -> None:
    assert score_of(budget(actual=D(actual), carry_over=D(0)), "1.1") == Decimal(expected)


def test_under_budget_deduction_says_how_much_and_why() -> None:
    result = sub(card(budget(actual=D("950"))), "1.1")
    assert [d.points for d in result.deductions] == [1]
    assert result.deductions[0].reason.get("zh") == "预算执行率95.00%，按比例扣1.00分"
    assert result.findings == ()


def test_over_budget_is_penalised_symmetrically_with_a_warning() -> None:
    result = sub(card(budget(actual=D("1035"))), "1.1")
    assert result.score == Decimal("19.30")
    assert result.exact == Decimal("19.3")
    assert [d.points for d in result.deductions] == [Decimal("0.7")]
    assert "超过100%的部分对称扣减0.70分" in result.deductions[0].reason.get("zh")
    (finding,) = result.findings
    assert (finding.level, finding.code) == ("warning", "over_100_percent")
    assert "103.50%" in finding.message.get("zh") and "3.5" in finding.message.get("zh")


def test_twice_the_budget_or_more_scores_zero_never_below() -> None:
    for actual in ("2000", "9000"):
        result = sub(card(budget(actual=D(actual))), "1.1")
        assert result.score == Decimal("0.00")
        assert sum(d.points for d in result.deductions) == 20


def test_actual_from_its_two_parts() -> None:
    parts = budget(actual=DROP, basic_actual=D("900.5"), project_actual=D("49.5"))
    assert score_of(parts, "1.1") == Decimal("19.00")


# 1.2 结转结余率: ≤ 5% full; 0.5 off per point above ----------------------------------------


@pytest.mark.parametrize(
    ("carry_over", "expected"),
    [
        ("0", "5.00"),
        ("50", "5.00"),  # 5%
        ("50.1", "5.00"),  # 5.01%: 0.01 × 0.5 = 0.005 off, 4.995 rounds half up to 5.00
        ("50.2", "4.99"),  # 5.02%: 4.99 exactly
        ("60", "4.50"),
        ("70", "4.00"),  # 7%: 2 points over, 1 off
        ("150", "0.00"),  # 15%: 10 points over, 5 off
        ("300", "0.00"),  # 30%: would be 12.5 off; never below 0
    ],
)
def test_carry_over_rate(carry_over: str, expected: str) -> None:
    assert score_of(budget(actual=D(1000), carry_over=D(carry_over)), "1.2") == Decimal(expected)


def test_carry_over_just_above_threshold_is_exact_before_rounding() -> None:
    result = sub(card(budget(carry_over=D("50.1"))), "1.2")
    assert result.exact == Decimal("4.995")
    assert [d.points for d in result.deductions] == [Decimal("0.005")]
    assert "超过5%共0.01个百分点" in result.deductions[0].reason.get("zh")


def test_carry_over_is_derived_when_absent() -> None:
    # adjusted 1000 − actual 930 = 70 → 7% → 4; no finding: it is the documented default
    scorecard = card(budget(actual=D(930)))
    result = sub(scorecard, "1.2")
    assert result.score == Decimal("4.00")
    assert result.measures[0].data["numerator"] == "70"
    assert "carry_over_given" not in codes(scorecard)


def test_carry_over_derived_is_never_negative() -> None:
    result = sub(card(budget(actual=D(1200))), "1.2")
    assert result.measures[0].data["numerator"] == "0"
    assert result.score == Decimal("5.00")


def test_carry_over_given_is_used_with_an_info_finding_when_it_differs() -> None:
    scorecard = card(budget(actual=D(930), carry_over=D(20)))
    assert sub(scorecard, "1.2").score == Decimal("5.00")  # 2%, not the derived 7%
    (finding,) = [f for f in scorecard.findings if f.code == "carry_over_given"]
    assert finding.level == "info"
    assert finding.where == "budget.carry_over"
    assert "70" in finding.message.get("zh") and "20" in finding.message.get("zh")


def test_carry_over_given_equal_to_derived_says_nothing() -> None:
    assert "carry_over_given" not in codes(card(budget(actual=D(930), carry_over=D(70))))


# 1.3 三公经费控制率: ≤ 100% full; 1 off per point above ----------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("9", "5.00"),
        ("10", "5.00"),  # 100%
        ("10.05", "4.50"),  # 100.5%
        ("10.001", "4.99"),  # 100.01%
        ("10.4", "1.00"),
        ("10.5", "0.00"),  # 105%
        ("10.6", "0.00"),  # 106%: 6 off, floored at 0
    ],
)
def test_sangong(actual: str, expected: str) -> None:
    assert score_of(budget(sangong_actual=D(actual)), "1.3") == Decimal(expected)


def test_sangong_106_percent_deducts_only_what_is_there() -> None:
    result = sub(card(budget(sangong_actual=D("10.6"))), "1.3")
    assert [d.points for d in result.deductions] == [5]
    assert "超过100%共6.00个百分点" in result.deductions[0].reason.get("zh")


def test_zero_denominator_with_spending_scores_zero_with_an_error() -> None:
    result = sub(card(budget(sangong_budget=D(0), sangong_actual=D(1))), "1.3")
    assert result.status == "scored"
    assert result.score == Decimal("0.00")
    assert [d.points for d in result.deductions] == [5]
    (finding,) = result.findings
    assert (finding.level, finding.code) == ("error", "zero_denominator")
    assert finding.where == "1.3"


def test_zero_over_zero_is_not_applicable_and_the_dimension_rebased() -> None:
    scorecard = card(budget(sangong_budget=D(0), sangong_actual=D(0), public_funds_actual=D(101)))
    result = sub(scorecard, "1.3")
    assert result.status == "not_applicable"
    assert result.score is None
    assert result.na_reason is not None and "均为0" in result.na_reason.get("zh")
    # 20 + 5 + 3 + 1.8 = 29.8 of 30 applicable points, × 35 / 30 = 34.7666… → 34.77
    budget_dim = dim(scorecard, "budget_execution")
    assert budget_dim.score == Decimal("34.77")
    assert budget_dim.rebased
    assert scorecard.total == Decimal("99.77")


# 1.4 预算调整率: tiers 0 → 3, ≤10% → 2, ≤20% → 1, ≤30% → 0.5, above → 0 -----------------------


@pytest.mark.parametrize(
    ("adjusted", "expected"),
    [
        ("1000", "3.00"),  # 0%
        ("1000.1", "2.00"),  # 0.01%
        ("999.9", "2.00"),  # −0.01%: the adjustment counts either way
        ("1100", "2.00"),  # 10%
        ("1100.1", "1.00"),  # 10.01%
        ("900", "2.00"),  # −10%
        ("1200", "1.00"),  # 20%
        ("1200.1", "0.50"),  # 20.01%
        ("1300", "0.50"),  # 30%
        ("1300.1", "0.00"),  # 30.01%
        ("650", "0.00"),  # −35%
    ],
)
def test_adjustment_tiers(adjusted: str, expected: str) -> None:
    overrides = budget(adjusted=D(adjusted), actual=D(adjusted), initial=D(1000))
    assert score_of(overrides, "1.4") == Decimal(expected)


def test_adjustment_tier_reason_names_the_tier() -> None:
    result = sub(card(budget(adjusted=D(1150), actual=D(1150))), "1.4")
    assert [d.points for d in result.deductions] == [2]
    assert result.deductions[0].reason.get("zh") == "预算调整率15.00%，属“≤20%”档，得1.00分"


# 1.5 公用经费控制率: ≤ 100% full; 0.2 off per point above ------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        ("100", "2.00"),
        ("100.01", "2.00"),  # 100.01%: 0.002 off → 1.998 → 2.00
        ("100.03", "1.99"),  # 0.006 off → 1.994
        ("100.025", "2.00"),  # 0.005 off → 1.995 → half up 2.00
        ("101", "1.80"),
        ("105", "1.00"),
        ("110", "0.00"),
        ("150", "0.00"),
    ],
)
def test_public_funds(actual: str, expected: str) -> None:
    assert score_of(budget(public_funds_actual=D(actual)), "1.5") == Decimal(expected)
