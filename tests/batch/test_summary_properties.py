"""Properties of the batch statistics over arbitrary totals (bounded examples)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine.batch.summary import Summary, mean, median, ranking
from jixiao.engine.words.text import Text

GRADES = (Text("优秀", "Excellent"), Text("较差", "Poor"))
totals = st.lists(
    st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n).scaleb(-2)),
    min_size=1,
    max_size=12,
)


def summary(index: int, total: Decimal) -> Summary:
    grade = 0 if total >= 85 else 1
    return Summary(
        f"{index:03}.toml", f"d{index}", f"C{index}", 2025, total, GRADES[grade], grade, GRADES,
        (), True, 2,
    )  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(totals)
def test_ranking_orders_totals_and_ties_share_the_lowest_rank(values: list[Decimal]):
    ranked = ranking([summary(i, v) for i, v in enumerate(values)])
    assert [r.summary.total for r in ranked] == sorted(values, reverse=True)
    for position, item in enumerate(ranked, start=1):
        higher = sum(1 for v in values if v > item.summary.total)
        assert item.rank == higher + 1 <= position


@settings(max_examples=60, deadline=None)
@given(totals)
def test_mean_and_median_lie_between_the_extremes(values: list[Decimal]):
    rows = [summary(i, v) for i, v in enumerate(values)]
    for value in (mean(rows), median(rows)):
        assert value is not None
        assert min(values) <= value <= max(values)
        assert value == value.quantize(Decimal("0.01"))
    assert median(rows) == median(list(reversed(rows)))
