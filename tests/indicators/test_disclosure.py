"""Dimension 2 预决算公开: deadlines, missing contents, self-evaluation disclosure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from factories import DROP, card, codes, dim, score_of, sub

APPROVED = dt.date(2025, 1, 10)


def budget_doc(**values: Any) -> dict[str, Any]:
    return {"disclosure": {"budget": values}}


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, "4.00"), (19, "4.00"), (20, "4.00"), (21, "2.00"), (200, "2.00")],
)
def test_budget_deadline_20_days(days: int, expected: str) -> None:
    published = APPROVED + dt.timedelta(days=days)
    assert score_of(budget_doc(published_on=published), "2.1") == Decimal(expected)


def test_deadline_counts_calendar_days_across_months() -> None:
    # approved 31 January, published 20 February: 20 days
    on_time = budget_doc(approved_on=dt.date(2025, 1, 31), published_on=dt.date(2025, 2, 20))
    assert score_of(on_time, "2.1") == Decimal("4.00")
    late = budget_doc(approved_on=dt.date(2025, 1, 31), published_on=dt.date(2025, 2, 21))
    result = sub(card(late), "2.1")
    assert result.score == Decimal("2.00")
    assert (
        result.deductions[0].reason.get("zh") == "部门预算公开：批复后21日公开，超过20日，扣2.00分"
    )


def test_not_published_scores_zero_and_missing_contents_take_nothing_more() -> None:
    doc = budget_doc(published=False, published_on=DROP, sangong_total=False, sangong_by_item=False)
    result = sub(card(doc), "2.1")
    assert result.score == Decimal("0.00")
    assert [d.points for d in result.deductions] == [4]
    assert "未公开" in result.deductions[0].reason.get("zh")


def test_dates_missing_scores_as_late_with_a_warning() -> None:
    result = sub(card(budget_doc(approved_on=DROP, published_on=DROP)), "2.1")
    assert result.score == Decimal("2.00")
    assert [f.code for f in result.findings] == ["missing_evidence"]
    assert result.findings[0].level == "warning"


def test_one_missing_date_is_enough_to_count_late() -> None:
    assert score_of(budget_doc(published_on=DROP), "2.1") == Decimal("2.00")


def test_published_not_answered_is_missing_evidence() -> None:
    result = sub(card(budget_doc(published=DROP)), "2.1")
    assert result.score == Decimal("0.00")
    assert "missing_evidence" in [f.code for f in result.findings]
    assert result.deductions[0].reason.get("zh") == "未填写是否公开，无佐证，扣4.00分"  # a label
    assert result.deductions[0].reason.get("en") == "not given: published: no evidence, 4.00 off"


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ((), "4.00"),
        (("sangong_total",), "3.00"),
        (("sangong_total", "performance_targets"), "2.00"),
        (("sangong_total", "sangong_by_item", "performance_targets"), "1.00"),
        (
            ("sangong_total", "sangong_by_item", "performance_targets", "empty_tables_explained"),
            "0.00",
        ),
    ],
)
def test_one_off_per_missing_content_item(missing: tuple[str, ...], expected: str) -> None:
    doc = budget_doc(**dict.fromkeys(missing, False))
    assert score_of(doc, "2.1") == Decimal(expected)


def test_missing_items_after_a_late_publication_stop_at_zero() -> None:
    late = APPROVED + dt.timedelta(days=30)
    doc = budget_doc(
        published_on=late, sangong_total=False, sangong_by_item=False, performance_targets=False
    )
    result = sub(card(doc), "2.1")
    assert result.score == Decimal("0.00")
    # 2 for lateness, then 1 and 1; the third missing item finds nothing left: named, not a line
    assert [d.points for d in result.deductions] == [2, 1, 1]
    (beyond,) = [f for f in result.findings if f.code == "nothing_left"]
    assert beyond.message.get("zh") == "另缺少绩效目标（本项已无分可扣）"
    assert sum(d.points for d in result.deductions) == 4


def test_unanswered_content_item_counts_missing_with_a_warning() -> None:
    result = sub(card(budget_doc(empty_tables_explained=DROP)), "2.1")
    assert result.score == Decimal("3.00")
    assert [f.code for f in result.findings] == ["missing_evidence"]
    assert "空表说明" in result.findings[0].message.get("zh")


def test_final_accounts_follow_the_same_rule() -> None:
    doc = {
        "disclosure": {
            "final_accounts": {
                "published_on": dt.date(2025, 8, 22),  # approved 1 August: 21 days
                "empty_tables_explained": False,
            }
        }
    }
    scorecard = card(doc)
    assert sub(scorecard, "2.2").score == Decimal("1.00")
    assert sub(scorecard, "2.1").score == Decimal("4.00")


def test_self_evaluation_disclosure() -> None:
    assert score_of({}, "2.3") == Decimal("2.00")
    assert score_of({"disclosure": {"self_evaluation_published": False}}, "2.3") == Decimal("0.00")
    scorecard = card({"disclosure": {"self_evaluation_published": DROP}})
    assert sub(scorecard, "2.3").score == Decimal("0.00")
    assert codes(scorecard, "2.3") == ["missing_evidence"]


def test_dimension_is_the_sum_of_its_rounded_parts() -> None:
    doc = {
        "disclosure": {
            "self_evaluation_published": False,
            "budget": {"sangong_total": False},
            "final_accounts": {"published": False, "published_on": DROP},
        }
    }
    scorecard = card(doc)
    assert dim(scorecard, "disclosure").score == Decimal("3.00")
    assert not dim(scorecard, "disclosure").rebased


def test_a_date_of_another_year_is_warned_about() -> None:
    """Dates copied from last year's file: the year's budget is approved and published in the
    year, its final accounts in the year or the next."""
    old = dt.date(2023, 1, 20)
    result = card(budget_doc(approved_on=old, published_on=old + dt.timedelta(days=10)))
    found = [f for f in result.findings if f.code == "date_other_year"]
    assert [f.where for f in found] == [
        "disclosure.budget.approved_on",
        "disclosure.budget.published_on",
    ]
    assert (
        found[0].message.get("zh") == "为2023年1月20日，不在2025年内：是否照抄了往年的日期？请核对"
    )
