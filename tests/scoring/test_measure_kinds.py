"""The built-in measure kinds, each on facts as validation hands them over (exact decimals,
dates), and the registry's vetting of a plugin's measure kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from jixiao.engine.measures.builtin import (
    ChangeRateKind,
    ChecklistKind,
    Comparison,
    Count,
    DaysBetween,
    Difference,
    JudgementKind,
    Listed,
    RatioKind,
    Sum,
)
from jixiao.engine.measures.kinds import RECORDS, Fact, MeasureInput, MeasureKind
from jixiao.engine.measures.types import Checklist, FindingList, Judgement, Quantity, Ratio
from jixiao.engine.plugins.registry import load_registry
from jixiao.engine.words.text import Text


def fact(name: str, value: object, kind: str = "money") -> Fact:
    return Fact(f"s.{name}", Text(name, name), kind, value)


def given_facts(kind: MeasureKind, params: dict | None = None, unit: str = "", **facts) -> object:
    params = params or {}
    items = kind.items(facts, params)
    return kind.compute(MeasureInput(facts, params, Text("m", "m"), unit, items))


def test_a_ratio_adds_up_lists_and_takes_its_unit_from_the_facts():
    measured = given_facts(
        RatioKind(),
        numerator=(fact("basic", Decimal("300.5")), fact("project", Decimal("600"))),
        denominator=fact("adjusted", Decimal("1000")),
    )
    assert measured == Ratio(
        F("900.5"),
        F(1000),
        Text("basic＋project", "basic + project"),
        Text("adjusted", "adjusted"),
        "万元",
    )
    assert measured.value == F(9005, 10000)
    heads = given_facts(
        RatioKind(),
        unit="人",
        numerator=fact("in_post", 42, "count"),
        denominator=fact("authorised", 40, "count"),
    )
    assert heads.unit == "人" and heads.describe("zh") == "in_post 42人 / authorised 40人 = 105.00%"


def test_a_change_rate_is_signed_a_fall_negative():
    fall = given_facts(
        ChangeRateKind(), current=fact("now", Decimal("8")), previous=fact("before", Decimal("10"))
    )
    assert isinstance(fall, Ratio)
    assert (fall.numerator, fall.denominator, fall.value) == (F(-2), F(10), F(-1, 5))
    assert fall.numerator_label.zh == "now较before增减"
    assert fall.describe("zh") == "（now 8.00万元 − before 10.00万元）÷ before 10.00万元 = -20.00%"
    rise = given_facts(
        ChangeRateKind(),
        current=fact("now", Decimal("10.1")),
        previous=fact("before", Decimal("10")),
    )
    assert rise.value == F(1, 100)


def test_difference_and_sum_are_exact_quantities():
    assert given_facts(
        Difference(),
        minuend=fact("surplus", Decimal("12.5")),
        subtrahend=(fact("a", Decimal("10")), fact("b", Decimal("3"))),
    ) == Quantity(F(-1, 2), Text("万元", "10k yuan"))
    assert given_facts(
        Sum(), of=(fact("a", Decimal("0.1")), fact("b", Decimal("0.2")))
    ) == Quantity(F(3, 10), Text("万元", "10k yuan"))


def test_a_comparison_is_one_item_that_holds_or_not():
    for left, holds in ((Decimal("5"), True), (Decimal("5.01"), False)):
        measured = given_facts(
            Comparison(),
            {"test": "at_most"},
            left=fact("surplus", left),
            right=fact("carried", Decimal("5")),
        )
        assert isinstance(measured, Checklist)
        assert [(i.key, i.label.zh, i.present) for i in measured.items] == [
            ("holds", "surplus≤carried", holds)
        ]


def test_count_counts_texts_or_records():
    assert given_facts(Count(), of=fact("late", ("甲", "乙"), "text_list")).value == 2
    assert given_facts(Count(), of=fact("funds", ({}, {}, {}), RECORDS)) == Quantity(
        F(3), Text("项", "items")
    )


def test_a_checklist_takes_each_items_answer_and_none_for_one_not_given():
    measured = given_facts(
        ChecklistKind(),
        items={"exist": fact("exist", True, "bool"), "enforced": fact("enforced", None, "bool")},
    )
    assert [(i.key, i.present) for i in measured.items] == [("exist", True), ("enforced", None)]


def test_days_between_20_and_21_days():
    approved = dt.date(2025, 2, 10)
    for days in (20, 21):
        measured = given_facts(
            DaysBetween(),
            start=fact("approved", approved, "date"),
            end=fact("published", approved + dt.timedelta(days=days), "date"),
        )
        assert measured == Quantity(F(days), Text("天", "days"))
    before = given_facts(
        DaysBetween(),
        start=fact("a", dt.date(2025, 3, 1), "date"),
        end=fact("b", dt.date(2025, 2, 28), "date"),
    )
    assert before.value == -1


def test_listed_texts_are_findings():
    assert given_facts(Listed(), of=fact("late", ("防汛专项",), "text_list")) == FindingList(
        ("防汛专项",)
    )


BANDS = {"好": [80, 100], "较好": [60, 80], "一般": [0, 60]}


def test_a_judgement_is_checked_against_its_band_at_each_edge():
    kind = JudgementKind()

    def checked(level: str, share: str) -> list:
        facts = {
            "level": fact("level", level, "choice"),
            "percent": fact("share", Decimal(share), "percent"),
            "reason": fact("reason", "理由", "text"),
        }
        return kind.check(MeasureInput(facts, {"bands": BANDS}, Text("m", "m")))

    # a band holds its bottom and not its top (80 is 好's), but for 100
    assert checked("好", "80") == [] and checked("好", "100") == [] and checked("一般", "0") == []
    assert checked("较好", "79.99") == [] and checked("较好", "60") == []
    assert [key for key, _ in checked("较好", "80")] == ["percent"]
    assert [key for key, _ in checked("好", "100.01")] == ["percent"]
    assert [key for key, _ in checked("差", "50")] == ["level"]
    assert kind.validate({"bands": {"好": [90, 80]}}, {}) != []
    assert kind.validate({"bands": BANDS}, {}) == []


def test_the_judgement_measure_keeps_what_the_evaluator_wrote():
    measured = given_facts(
        JudgementKind(),
        {"bands": BANDS},
        level=fact("level", "较好", "choice"),
        percent=fact("share", Decimal("75"), "percent"),
        reason=fact("reason", "覆盖面有限", "text"),
    )
    assert measured == Judgement("较好", F(75), "覆盖面有限")
    assert measured.describe("en") == (
        "evaluator's judgement: 较好, 75% of the points; reason: 覆盖面有限"
    )


@given(
    st.decimals(min_value=0, max_value=10**6, places=6),
    st.decimals(min_value=Decimal("0.000001"), max_value=10**6, places=6),
)
def test_a_ratio_is_exactly_the_quotient_of_its_facts(top: Decimal, bottom: Decimal):
    measured = given_facts(RatioKind(), numerator=fact("a", top), denominator=fact("b", bottom))
    assert measured.value == F(top) / F(bottom)


def test_every_built_in_measure_kind_is_registered_as_a_plugins():
    registry = load_registry()
    assert sorted(registry.measure_kinds) == [
        "change_rate",
        "checklist",
        "comparison",
        "count",
        "days_between",
        "difference",
        "judgement",
        "listed",
        "ratio",
        "sum",
    ]
    assert registry.measure_kind_provider("ratio").name == "measure_kinds"


def test_a_measure_kind_without_compute_is_its_plugins_failure():
    class Broken(MeasureKind):
        name = "broken"
        label = Text("坏", "broken")
        produces = Ratio

    class Plugin:
        from jixiao.engine.hookspecs import hookimpl

        @hookimpl
        def score_measure_kinds(self) -> list[MeasureKind]:
            return [Broken()]

    registry = load_registry(extra=[("broken_kinds", Plugin())], isolated=True)
    assert "broken" not in registry.measure_kinds
    [failure] = registry.failures
    assert failure.plugin == "broken_kinds"
    assert "a measure kind must define compute" in failure.message.get("en")


def test_a_negative_base_is_refused_for_a_change_rate_and_a_ratio():
    before = {
        "current": fact("now", Decimal("5"), "number"),
        "previous": fact("before", Decimal("-10"), "number"),
    }
    said = ChangeRateKind().check(MeasureInput(before, {}, Text("m", "m")))
    assert [(key, words.get("zh")) for key, words in said] == [
        ("previous", "before为负数（-10），不能作为比率或变动率的基数；请核对")
    ]
    parts = {
        "numerator": fact("a", Decimal("-5"), "number"),
        "denominator": fact("b", Decimal("-10"), "number"),
    }
    assert [
        key
        for key, _ in RatioKind().check(
            MeasureInput(parts, {"part_of_whole": False}, Text("m", "m"))
        )
    ] == ["denominator"]
