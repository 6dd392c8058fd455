"""Aggregation: re-basing over N/A parts, the total, and the grade bands."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from factories import DROP, D, card, codes, dim, edited_ruleset, ruleset_2025, sub
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine.ruleset.model import Dimension, Ruleset
from jixiao.engine.scoring.aggregate import dimension_result, rebase, total_score
from jixiao.engine.scoring.results import DimensionResult, SubResult
from jixiao.engine.words.text import same

F = Fraction


def test_rebase_example_of_the_spec() -> None:
    # 25 of 29 applicable points in a 35-point dimension: 35 × 25 / 29 = 30.1724… → 30.17
    assert rebase([Decimal(25)], F(29), F(35), 2, "half_up") == Decimal("30.17")


def test_rebase_sums_rounded_parts_then_rounds_once() -> None:
    assert rebase([Decimal("3.43"), Decimal("1.00")], F(12), F(15), 2, "half_up") == Decimal(
        "5.54"
    )  # 15 × 4.43 / 12 = 5.5375 → 5.54
    assert rebase([Decimal("3.43"), Decimal("1.00")], F(12), F(15), 2, "half_even") == Decimal(
        "5.54"
    )
    assert rebase([Decimal("2.5")], F(10), F(10), 0, "half_up") == Decimal("3")
    assert rebase([Decimal("2.5")], F(10), F(10), 0, "half_even") == Decimal("2")


def _sub(code: str, points: int, score: str | None) -> SubResult:
    status = "scored" if score is not None else "not_applicable"
    value = None if score is None else Decimal(score)
    return SubResult(
        code,
        code,
        same(code),
        Decimal(points),
        status,
        value,
        None if value is None else Fraction(value),
        same(""),
    )


DIMENSION = Dimension("d", same("d"), F(35), "budget_execution", ())


def test_dimension_with_an_na_part_is_rebased() -> None:
    subs = [_sub("a", 20, "20"), _sub("b", 9, "5"), _sub("c", 6, None)]
    result = dimension_result(DIMENSION, subs, 2, "half_up")
    assert result.score == Decimal("30.17")
    assert result.rebased
    assert result.status == "scored"


def test_dimension_without_na_is_the_plain_sum() -> None:
    subs = [_sub("a", 20, "19.99"), _sub("b", 15, "14.37")]
    result = dimension_result(DIMENSION, subs, 2, "half_up")
    assert result.score == Decimal("34.36")
    assert not result.rebased


def test_dimension_all_na_is_na() -> None:
    result = dimension_result(DIMENSION, [_sub("a", 35, None)], 2, "half_up")
    assert result.status == "not_applicable"
    assert result.score is None
    assert result.na_reason is not None


def _dim(weight: int, score: str | None) -> DimensionResult:
    status = "scored" if score is not None else "not_applicable"
    return DimensionResult(
        "x", same("x"), Decimal(weight), status, None if score is None else Decimal(score), ()
    )


def test_total_is_the_sum_of_dimensions() -> None:
    dims = [_dim(35, "34.77"), _dim(10, "8"), _dim(10, "2.86"), _dim(15, "11.86"), _dim(30, "25")]
    assert total_score(dims, 2, "half_up") == Decimal("82.49")


def test_total_rebased_over_the_applicable_dimensions() -> None:
    # 69 of the 70 applicable points, × 100 / 70 = 98.5714… → 98.57
    dims = [_dim(35, "34"), _dim(10, "10"), _dim(10, "10"), _dim(15, "15"), _dim(30, None)]
    assert total_score(dims, 2, "half_up") == Decimal("98.57")


def test_total_of_nothing_applicable_is_zero() -> None:
    assert total_score([_dim(100, None)], 2, "half_up") == Decimal("0.00")


def test_a_whole_dimension_na_rebases_the_total_through_a_ruleset() -> None:
    ruleset = edited_ruleset('when_empty = "zero"', 'when_empty = "not_applicable"')
    scorecard = card(
        {"targets": [], "projects": [], "budget": {"actual": D(950), "carry_over": D(0)}},
        ruleset,
    )
    output = dim(scorecard, "output_targets")
    assert output.status == "not_applicable"
    assert output.score is None
    assert sub(scorecard, "5.1").na_reason is not None
    assert "no_targets" not in codes(scorecard)
    assert scorecard.total == Decimal("98.57")  # (34 + 10 + 10 + 15) × 100 / 70
    assert scorecard.grade.label.zh == "优秀"


# grade bands -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100.00", "优秀"),
        ("85.00", "优秀"),
        ("84.99", "良好"),
        ("75.00", "良好"),
        ("74.99", "一般"),
        ("60.00", "一般"),
        ("59.99", "较差"),
        ("0.00", "较差"),
    ],
)
def test_grade_for(total: str, grade: str) -> None:
    ruleset: Ruleset = ruleset_2025()
    assert ruleset.grade_for(Decimal(total)).label.zh == grade


def test_grade_labels_in_english() -> None:
    ruleset = ruleset_2025()
    labels = [ruleset.grade_for(Decimal(t)).label.en for t in ("90", "80", "70", "50")]
    assert labels == ["Excellent", "Good", "Fair", "Poor"]


NO_TARGETS: dict[str, object] = {"targets": []}  # 5.1 scores 0: 15 points off


@pytest.mark.parametrize(
    ("overrides", "total", "grade"),
    [
        # 1.1 at r = 0.25 → 5.00 (carry-over given as 0 so that 1.2 stays full)
        ({"budget": {"actual": D("250"), "carry_over": D(0)}}, "85.00", "优秀"),
        ({"budget": {"actual": D("249.5"), "carry_over": D(0)}}, "84.99", "良好"),
        # 5.1 at 0 and 1.1 at r = 0.5 → 10.00 / 0.4995 → 9.99
        ({**NO_TARGETS, "budget": {"actual": D("500"), "carry_over": D(0)}}, "75.00", "良好"),
        ({**NO_TARGETS, "budget": {"actual": D("499.5"), "carry_over": D(0)}}, "74.99", "一般"),
        # and 5.2 at 0 (the only project self-scored 0), 1.1 at 5.00 / 4.99
        (
            {
                **NO_TARGETS,
                "projects": [{"name": "p", "budget": D(1), "self_score": 0}],
                "budget": {"actual": D("250"), "carry_over": D(0)},
            },
            "60.00",
            "一般",
        ),
        (
            {
                **NO_TARGETS,
                "projects": [{"name": "p", "budget": D(1), "self_score": 0}],
                "budget": {"actual": D("249.5"), "carry_over": D(0)},
            },
            "59.99",
            "较差",
        ),
    ],
)
def test_grade_through_a_scorecard(overrides: dict[str, object], total: str, grade: str) -> None:
    scorecard = card(overrides)
    assert scorecard.total == Decimal(total)
    assert scorecard.grade.label.zh == grade


def test_total_equals_sum_of_dimensions_in_a_mixed_case() -> None:
    scorecard = card(
        {
            "budget": {"actual": D("1035"), "sangong_actual": D("10.05")},
            "disclosure": {"budget": {"published_on": DROP}},
            "internal_controls": {"rule_sets": {"construction": "n/a", "contracts": False}},
        }
    )
    scores = [d.score for d in scorecard.dimensions]
    assert scores == [Decimal(s) for s in ("33.80", "8.00", "10.00", "13.86", "30.00")]
    assert scorecard.total == Decimal("95.66")  # 19.30 + 5 + 4.50 + 3 + 2, 2 + 4 + 2, …


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_rebased_score_never_exceeds_the_weight(data: st.DataObject) -> None:
    points = data.draw(st.lists(st.integers(1, 20), min_size=1, max_size=6))
    scores = [
        data.draw(st.decimals(min_value=0, max_value=p, places=2, allow_nan=False)) for p in points
    ]
    weight = F(data.draw(st.integers(1, 100)))
    result = rebase(scores, F(sum(points)), weight, 2, "half_up")
    assert Decimal(0) <= result <= weight
    if all(s == p for s, p in zip(scores, points, strict=True)):
        assert result == weight


WORKED_EXAMPLE = {
    "targets": [
        {"name": "a", "kind": "quantitative", "target": D(8), "actual": D(7)},
        {"name": "b", "kind": "quantitative", "target": D(4), "actual": D(3)},
        {"name": "c", "kind": "qualitative", "level": "部分达成"},
    ]
}


def test_rounding_mode_comes_from_the_ruleset() -> None:
    half_even = edited_ruleset('mode = "half_up"', 'mode = "half_even"')
    assert sub(card(WORKED_EXAMPLE, half_even), "5.1").score == Decimal("11.62")
    assert sub(card(WORKED_EXAMPLE), "5.1").score == Decimal("11.63")


def test_rounding_places_come_from_the_ruleset() -> None:
    whole = edited_ruleset("places = 2", "places = 0")
    scorecard = card(WORKED_EXAMPLE, whole)
    assert sub(scorecard, "5.1").score == Decimal("12")  # 11.625 → 12
    assert dim(scorecard, "output_targets").score == Decimal("27")
    assert scorecard.total == Decimal("97")
    assert scorecard.places == 0


def test_band_bounds_are_kept_exactly_as_written() -> None:
    # a bound with more than 6 decimals used to be rounded to 4 places (85.0000)
    ruleset = edited_ruleset(
        "min = 85\n", "min = 84.9999999\n", ("below = 85", "below = 84.9999999")
    )
    assert ruleset.grade_for(Decimal("84.99999995")).label.zh == "优秀"
    assert ruleset.grade_for(Decimal("84.9999998")).label.zh == "良好"
    assert ruleset.grades[0].min == Decimal("84.9999999")
