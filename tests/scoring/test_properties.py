"""Properties that hold for any valid department: bounds, sums, monotonicity, determinism."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from factories import CONTENTS, DROP, RULE_SETS, D, card, facts, ruleset_2025, sub
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine import api

PROPERTY = settings(max_examples=120, deadline=None)

money = st.decimals(min_value=0, max_value=100_000, places=6, allow_nan=False, allow_infinity=False)
positive = st.decimals(
    min_value=Decimal("0.000001"),
    max_value=100_000,
    places=6,
    allow_nan=False,
    allow_infinity=False,
)
share = st.fractions(min_value=0, max_value=1, max_denominator=10_000)
answer = st.sampled_from([True, False, DROP])


def _money_of(total: Decimal, part: Fraction) -> Decimal:
    """A share of `total`, as a decimal with at most 6 places that is ≤ total."""
    return (total * Decimal(part.numerator) / Decimal(part.denominator)).quantize(
        Decimal("0.000001"), rounding="ROUND_DOWN"
    )


@st.composite
def publications(draw: st.DrawFn) -> dict[str, Any]:
    approved = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 300)))
    out: dict[str, Any] = {c: draw(answer) for c in CONTENTS}
    published = draw(answer)
    out["published"] = published
    if published is False:
        out["published_on"] = DROP
    else:
        out["approved_on"] = draw(st.sampled_from([approved, DROP]))
        days = draw(st.integers(0, 60))
        out["published_on"] = draw(st.sampled_from([approved + dt.timedelta(days=days), DROP]))
    return out


@st.composite
def targets(draw: st.DrawFn) -> list[dict[str, Any]]:
    records = []
    for index in range(draw(st.integers(0, 5))):
        record: dict[str, Any] = {"name": f"t{index}"}
        if draw(st.booleans()):
            record["kind"] = "qualitative"
            level = draw(st.sampled_from(["达成", "部分达成", "未达成", None]))
            if level is not None:
                record["level"] = level
        else:
            record["kind"] = "quantitative"
            direction = draw(st.sampled_from([">=", "<="]))
            record["direction"] = direction
            record["target"] = draw(positive if direction == ">=" else money)
            if draw(st.integers(0, 4)):  # now and then a target without its actual value
                record["actual"] = draw(money)
        if draw(st.booleans()):
            record["weight"] = draw(st.decimals(min_value=0, max_value=10, places=2))
        records.append(record)
    return records


@st.composite
def projects(draw: st.DrawFn) -> list[dict[str, Any]]:
    records = []
    for index in range(draw(st.integers(0, 4))):
        record: dict[str, Any] = {"name": f"p{index}"}
        if draw(st.booleans()):
            record["budget"] = draw(money)
        if draw(st.booleans()):
            record["self_score"] = draw(st.decimals(min_value=0, max_value=100, places=1))
        records.append(record)
    return records


@st.composite
def departments(draw: st.DrawFn) -> dict[str, Any]:
    adjusted = draw(money)
    total_assets = draw(money)
    budget: dict[str, Any] = {
        "initial": draw(positive),
        "adjusted": adjusted,
        "actual": draw(money),
        "carry_over": draw(st.sampled_from([DROP, Decimal(0)]) | money),
        "sangong_budget": draw(money),
        "sangong_actual": draw(money),
        "public_funds_budget": draw(money),
        "public_funds_actual": draw(money),
    }
    return {
        "budget": budget,
        "disclosure": {
            "self_evaluation_published": draw(answer),
            "budget": draw(publications()),
            "final_accounts": draw(publications()),
        },
        "assets": {
            "rules_exist": draw(answer),
            "rules_compliant": draw(answer),
            "rules_enforced": draw(answer),
            "findings": [f"f{i}" for i in range(draw(st.integers(0, 6)))],
            "fixed_assets_total": total_assets,
            "fixed_assets_in_use": _money_of(total_assets, draw(share)),
        },
        "internal_controls": {
            "leading_group": draw(answer),
            "risk_assessment": draw(answer),
            "post_separation": draw(answer),
            "report_on_time": draw(answer),
            "violations": [f"v{i}" for i in range(draw(st.integers(0, 4)))],
            "rule_sets": {
                key: draw(st.sampled_from([True, False, "n/a", DROP])) for key in RULE_SETS
            },
        },
        "targets": draw(targets()),
        "projects": draw(projects()),
    }


@PROPERTY
@given(departments())
def test_scores_stay_within_their_bounds(overrides: dict[str, Any]) -> None:
    scorecard = card(overrides)
    assert Decimal(0) <= scorecard.total <= Decimal(100)
    for dimension in scorecard.dimensions:
        assert dimension.status in ("scored", "not_applicable")
        if dimension.score is not None:
            assert Decimal(0) <= dimension.score <= dimension.weight
        for result in dimension.subindicators:
            if result.status == "scored":
                assert result.score is not None and result.exact is not None
                assert Decimal(0) <= result.score <= result.points
                assert 0 <= result.exact <= Fraction(result.points)
            else:
                assert result.score is None and result.na_reason is not None


@PROPERTY
@given(departments())
def test_total_is_the_sum_of_the_dimensions(overrides: dict[str, Any]) -> None:
    scorecard = card(overrides)
    scores = [d.score for d in scorecard.dimensions]
    if all(score is not None for score in scores):
        assert scorecard.total == sum(s for s in scores if s is not None)


@PROPERTY
@given(departments())
def test_deductions_add_up_to_what_was_lost(overrides: dict[str, Any]) -> None:
    for dimension in card(overrides).dimensions:
        for result in dimension.subindicators:
            if result.status == "scored":
                assert result.exact is not None
                lost = sum((d.points for d in result.deductions), Fraction(0))
                assert lost == Fraction(result.points) - result.exact, result.code
                assert all(d.points >= 0 for d in result.deductions)


@PROPERTY
@given(departments())
def test_scoring_twice_gives_the_same_card(overrides: dict[str, Any]) -> None:
    registry = api.load_registry()
    department = facts(overrides)
    first = api.score(department, ruleset_2025(), registry)
    second = api.score(facts(overrides), ruleset_2025(), registry)
    assert first == second
    assert api.score(department, ruleset_2025(), registry) == first


@PROPERTY
@given(positive, share, share)
def test_more_spending_up_to_the_budget_never_lowers_execution(
    adjusted: Decimal, first: Fraction, second: Fraction
) -> None:
    low, high = sorted((_money_of(adjusted, first), _money_of(adjusted, second)))

    def execution(actual: Decimal) -> Decimal | None:
        return sub(card({"budget": {"adjusted": adjusted, "actual": actual}}), "1.1").score

    assert execution(low) <= execution(high)  # type: ignore[operator]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([True, False, "n/a", DROP]), min_size=8, max_size=8), share)
def test_a_dimension_never_exceeds_its_weight_after_rebasing(
    answers: list[Any], coverage: Fraction
) -> None:
    # 0/0 fixed assets makes 3.3 N/A; the rule sets may make 4.1 re-based or not
    scorecard = card(
        {
            "assets": {"fixed_assets_total": D(0), "fixed_assets_in_use": D(0)},
            "internal_controls": {"rule_sets": dict(zip(RULE_SETS, answers, strict=True))},
            "projects": [],
            "targets": [
                {
                    "name": "t",
                    "kind": "quantitative",
                    "target": D(1),
                    "actual": _money_of(D(1), coverage),
                }
            ],
        }
    )
    for dimension in scorecard.dimensions:
        assert dimension.score is not None
        assert dimension.score <= dimension.weight
    assert scorecard.total <= 100
