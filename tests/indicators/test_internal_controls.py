"""Dimension 4 内部控制: rule-set coverage with n/a items, mechanisms, violations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from factories import DROP, RULE_SETS, card, codes, dim, score_of, sub


def rule_sets(**values: Any) -> dict[str, Any]:
    return {"internal_controls": {"rule_sets": values}}


def test_all_eight_present() -> None:
    assert score_of({}, "4.1") == Decimal("8.00")


def test_one_marked_na_is_left_out_of_the_count() -> None:
    # 6 present of the 7 applicable: 8 × 6 / 7 = 6.857… → 6.86
    doc = rule_sets(construction="n/a", contracts=False)
    result = sub(card(doc), "4.1")
    assert result.score == Decimal("6.86")
    assert result.findings == ()
    assert result.measures[0].data == {"numerator": "6", "denominator": "7", "value": "0.8571"}


def test_na_alone_keeps_full_points() -> None:
    assert score_of(rule_sets(construction="不适用"), "4.1") == Decimal("8.00")


def test_two_marked_na_with_max_excluded_1_counts_the_second_as_missing() -> None:
    # 6 present; 2 marked n/a, only 1 allowed: 6 / (6 + 1) → 8 × 6 / 7 = 6.86, with a warning
    scorecard = card(rule_sets(construction="n/a", revenue="n/a"))
    result = sub(scorecard, "4.1")
    assert result.score == Decimal("6.86")
    assert codes(scorecard, "4.1") == ["too_many_excluded"]
    assert "最多1项" in result.findings[0].message.get("zh")


def test_every_rule_set_marked_na_does_not_escape_scoring() -> None:
    # only one may be marked not applicable: the other seven count as missing, 0 of 7
    scorecard = card(rule_sets(**dict.fromkeys(RULE_SETS, "n/a")))
    result = sub(scorecard, "4.1")
    assert result.status == "scored"
    assert result.score == Decimal("0.00")
    assert codes(scorecard, "4.1") == ["too_many_excluded"]
    assert dim(scorecard, "internal_controls").score == Decimal("7.00")
    # the report shows the measure as it was counted: 0 of 7, not 0 of 0
    assert result.measures[0].data == {"numerator": "0", "denominator": "7", "value": "0"}


def test_unanswered_rule_set_counts_absent_with_a_warning() -> None:
    scorecard = card(rule_sets(decision_making=DROP))
    assert sub(scorecard, "4.1").score == Decimal("7.00")
    (finding,) = [f for f in scorecard.findings if f.code == "missing_evidence"]
    assert finding.where == "internal_controls.rule_sets.decision_making"


def test_rule_sets_section_absent_is_missing_evidence() -> None:
    scorecard = card({"internal_controls": {"rule_sets": DROP}})
    assert sub(scorecard, "4.1").score == Decimal("0.00")
    assert codes(scorecard, "4.1") == ["missing_evidence"]


@pytest.mark.parametrize(
    ("off", "expected"),
    [((), "4.00"), (("risk_assessment",), "3.00"), (("leading_group", "report_on_time"), "2.00")],
)
def test_mechanisms(off: tuple[str, ...], expected: str) -> None:
    doc = {"internal_controls": dict.fromkeys(off, False)}
    assert score_of(doc, "4.2") == Decimal(expected)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "3.00"), (1, "2.00"), (3, "0.00"), (5, "0.00")]
)
def test_violations(count: int, expected: str) -> None:
    doc = {"internal_controls": {"violations": [f"挪用{i}" for i in range(count)]}}
    assert score_of(doc, "4.3") == Decimal(expected)


def test_dimension_sum() -> None:
    doc = {
        "internal_controls": {
            "risk_assessment": False,
            "violations": ["挤占"],
            "rule_sets": {"construction": "n/a", "contracts": False},
        }
    }
    # 6.86 + 3 + 2
    assert dim(card(doc), "internal_controls").score == Decimal("11.86")
