"""Dimension 3 资产管理: the rules checklist, findings, fixed-asset utilisation and its N/A."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from factories import DROP, D, card, codes, dim, score_of, sub


def assets(**values: Any) -> dict[str, Any]:
    return {"assets": values}


def test_checklist_one_point_per_item() -> None:
    assert score_of({}, "3.1") == Decimal("3.00")
    assert score_of(assets(rules_enforced=False), "3.1") == Decimal("2.00")
    no_rules = assets(rules_exist=False, rules_compliant=False, rules_enforced=False)
    assert score_of(no_rules, "3.1") == Decimal("0.00")


def test_unanswered_checklist_item_earns_nothing_with_a_warning() -> None:
    scorecard = card(assets(rules_compliant=DROP, rules_enforced=False))
    result = sub(scorecard, "3.1")
    assert result.score == Decimal("1.00")
    reasons = [d.reason.get("zh") for d in result.deductions]
    assert reasons == [
        "制度合法合规完整：未填写，无佐证，扣1.00分",
        "制度有效执行：否，扣1.00分",
    ]
    assert codes(scorecard, "3.1") == ["missing_evidence"]  # only the unanswered one


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "4.00"), (1, "3.00"), (4, "0.00"), (6, "0.00")]
)
def test_one_off_per_finding(count: int, expected: str) -> None:
    found = [f"问题{i}" for i in range(count)]
    assert score_of(assets(findings=found), "3.2") == Decimal(expected)


def test_more_findings_than_points_lists_every_finding_and_deducts_only_the_points() -> None:
    result = sub(
        card(assets(findings=["账实不符", "未经批准处置", "出租未审批", "报告逾期", "其他"])), "3.2"
    )
    assert [d.points for d in result.deductions] == [1, 1, 1, 1]  # no line worth nothing
    (beyond,) = [f for f in result.findings if f.code == "nothing_left"]
    assert beyond.message.get("zh") == "另发现其他（本项已无分可扣）"


def test_findings_not_given_is_missing_evidence_not_none_found() -> None:
    scorecard = card(assets(findings=DROP))
    assert sub(scorecard, "3.2").score == Decimal("0.00")
    assert codes(scorecard, "3.2") == ["missing_evidence"]


@pytest.mark.parametrize(
    ("in_use", "expected"),
    [
        ("100", "3.00"),
        ("85", "2.55"),
        ("70", "2.10"),  # 70%: 3 × 0.7
        ("69.99", "0.00"),  # below the 70% floor
        ("0", "0.00"),
    ],
)
def test_fixed_asset_utilisation(in_use: str, expected: str) -> None:
    assert score_of(assets(fixed_assets_in_use=D(in_use)), "3.3") == Decimal(expected)


def test_utilisation_below_floor_says_so() -> None:
    result = sub(card(assets(fixed_assets_in_use=D("69.99"))), "3.3")
    assert result.deductions[0].reason.get("zh") == "固定资产利用率69.99%，低于70%，不得分"
    assert result.deductions[0].points == 3


def test_no_fixed_assets_is_not_applicable_and_the_dimension_rebased() -> None:
    scorecard = card(assets(fixed_assets_in_use=D(0), fixed_assets_total=D(0)))
    result = sub(scorecard, "3.3")
    assert result.status == "not_applicable"
    assert result.score is None
    assets_dim = dim(scorecard, "asset_management")
    assert assets_dim.score == Decimal("10.00")  # 10 × 7 / 7
    assert assets_dim.rebased
    assert scorecard.total == Decimal("100.00")


def test_rebasing_a_non_terminating_share_rounds_half_up() -> None:
    # 3.1: 0 of 3; 3.2: 2 findings → 2 of 4; 3.3 N/A → 10 × 2 / 7 = 2.857142… → 2.86
    doc = assets(
        rules_exist=False,
        rules_compliant=False,
        rules_enforced=False,
        findings=["账实不符", "报告逾期"],
        fixed_assets_in_use=D(0),
        fixed_assets_total=D(0),
    )
    scorecard = card(doc)
    assert dim(scorecard, "asset_management").score == Decimal("2.86")
    assert scorecard.total == Decimal("92.86")


def test_fixed_assets_not_given_is_missing_evidence_not_na() -> None:
    scorecard = card(assets(fixed_assets_in_use=DROP, fixed_assets_total=DROP))
    result = sub(scorecard, "3.3")
    assert result.status == "scored"
    assert result.score == Decimal("0.00")
    assert codes(scorecard, "3.3") == ["missing_evidence"]
    assert dim(scorecard, "asset_management").score == Decimal("7.00")
