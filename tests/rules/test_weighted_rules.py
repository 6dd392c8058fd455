"""target_achievement and weighted_mean give points × the weighted mean, exactly, and their
deductions add up to what was lost: checked on any weights, scores and levels."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine.measures.types import ScoredItem, ScoreList, Target, TargetList
from jixiao.engine.numbers import HUNDRED, ONE, ZERO
from jixiao.engine.rules.base import Rule, RuleInput
from jixiao.engine.rules.targets import TargetAchievement, WeightedMean
from jixiao.engine.words.text import Text

PROPERTY = settings(max_examples=300, deadline=None)
amounts = st.fractions(min_value=0, max_value=1000, max_denominator=10**6)
points = st.sampled_from([Fraction(0), Fraction(10), Fraction(15), Fraction(7, 2)])
LEVELS = {"达成": ONE, "部分达成": Fraction(7, 10), "未达成": Fraction(3, 10)}


def _given(rule: Rule, measure: object, worth: Fraction) -> RuleInput:
    return RuleInput(rule, measure, worth, worth, Text("项", "item"), "5.x")  # type: ignore[arg-type]


@st.composite
def score_lists(draw: st.DrawFn) -> ScoreList:
    items = draw(
        st.lists(
            st.tuples(st.fractions(0, 120, max_denominator=4), st.none() | amounts), min_size=1
        )
    )
    return ScoreList(
        tuple(ScoredItem(f"p{n}", score, weight) for n, (score, weight) in enumerate(items))
    )


@PROPERTY
@given(score_lists(), points, st.sampled_from([HUNDRED, Fraction(10)]))
def test_weighted_mean_is_points_times_the_weighted_mean(
    scores: ScoreList, worth: Fraction, scale: Fraction
) -> None:
    outcome = WeightedMean().apply(
        _given(Rule("weighted_mean", "m", {"scale": scale}), scores, worth)
    )
    weights = [item.weight for item in scores.items]
    if any(w is None for w in weights) or sum(w or ZERO for w in weights) == 0:
        weights = [ONE] * len(weights)
    total = sum((w or ZERO for w in weights), ZERO)
    mean = sum(
        (
            (w or ZERO) / total * min(item.score, scale)
            for item, w in zip(scores.items, weights, strict=True)
        ),
        ZERO,
    )
    assert outcome.score == worth * mean / scale
    assert type(outcome.score) is Fraction
    assert sum((d.points for d in outcome.deductions), ZERO) == worth - outcome.score
    assert all(d.points for d in outcome.deductions)


@st.composite
def target_lists(draw: st.DrawFn) -> TargetList:
    targets = []
    for n in range(draw(st.integers(1, 6))):
        weight = draw(st.sampled_from([ONE, ZERO, Fraction(2), Fraction(1, 3)]))
        if draw(st.booleans()):
            level = draw(st.sampled_from([*LEVELS, None]))
            targets.append(Target(f"t{n}", True, weight=weight, level=level))
        else:
            goal = draw(st.fractions(1, 500, max_denominator=10))
            actual = draw(st.none() | st.fractions(0, 800, max_denominator=10))
            direction = draw(st.sampled_from([">=", "<="]))
            targets.append(Target(f"t{n}", False, direction, goal, actual, "次", weight))
    return TargetList(tuple(targets))


@PROPERTY
@given(target_lists(), points)
def test_target_achievement_is_points_times_the_weighted_achievement(
    targets: TargetList, worth: Fraction
) -> None:
    kind = TargetAchievement()
    params = {
        "levels": LEVELS,
        "overshoot_pct": Fraction(120),
        "overshoot_score": Fraction(1, 2),
        "zero_actual_lower": ONE,
        "when_empty": "zero",
    }
    rule = Rule("target_achievement", "targets", params)
    outcome = kind.apply(_given(rule, targets, worth))
    weight_sum = sum((t.weight for t in targets.items), ZERO)
    if weight_sum == 0:
        assert outcome.score == 0
        return
    achieved = sum((t.weight * kind.achievement(t, rule, "5.x")[0] for t in targets.items), ZERO)
    assert outcome.score == worth * achieved / weight_sum
    assert type(outcome.score) is Fraction
    assert sum((d.points for d in outcome.deductions), ZERO) == worth - outcome.score
    assert all(d.points for d in outcome.deductions)
