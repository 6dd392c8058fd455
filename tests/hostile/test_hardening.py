"""Focused checks of the hardening in the loaders and rule kinds: line finding, value display,
number bounds, and the rule-kind cases fuzzing found."""

from __future__ import annotations

import io
import os
import threading
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from paths import CORPUS, ROOT

from jixiao.engine import api
from jixiao.engine.errors import InputError, say, shown
from jixiao.engine.lines import locate
from jixiao.engine.measures.types import ScoredItem, ScoreList, Target, TargetList
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Rule, RuleInput
from jixiao.engine.rules.targets import TargetAchievement, WeightedMean
from jixiao.engine.ruleset.load import ruleset_from_document
from jixiao.engine.tomlfile import OUT_OF_BOUNDS, parse_toml, read_toml
from jixiao.engine.words.text import Text
from jixiao.report.table import render_table

GOOD = (CORPUS / "good.toml").read_text(encoding="utf-8")

RULESET_LIKE = """\
rounding = { places = 2, mode = "half_up" }

[[grades]]
label = "优秀"
min = 85

[[grades]]
label = "良好"
min = 75
below = 85

[dimensions.disclosure.subindicators.budget]
points = 4
rule = { kind = "deadline", within_days = 20 }
then = [
    { kind = "per_missing", deduct_each = 1 },
    { kind = "per_finding", deduct_each = 2 },
]
"""

FACTS_LIKE = """\
budget.initial = 1000
budget."adjusted" = 1200
department = { name = "x", code = "y", yaer = 2025 }

[[targets]]
name = "a"

[[targets]]
name = "b"
  actual = 3
"""


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        (RULESET_LIKE, "rounding.mode", 1),  # a key inside an inline table
        (RULESET_LIKE, "grades", 3),  # an array of tables named as a whole: its first entry
        (RULESET_LIKE, "grades[1].below", 10),
        (RULESET_LIKE, "grades[1].style", 7),  # absent key: its entry's header
        (RULESET_LIKE, "dimensions", 12),  # a table made only by its sub-tables
        (RULESET_LIKE, "dimensions.disclosure.weight", 12),
        (RULESET_LIKE, "dimensions.disclosure.subindicators.budget.rule.kind", 14),
        (RULESET_LIKE, "dimensions.disclosure.subindicators.budget.then[0].deduct_each", 16),
        (RULESET_LIKE, "dimensions.disclosure.subindicators.budget.then[1].kind", 17),
        (FACTS_LIKE, "budget.initial", 1),  # dotted keys at the top
        (FACTS_LIKE, "budget.adjusted", 2),  # a quoted part of a dotted key
        (FACTS_LIKE, "department.yaer", 3),
        (FACTS_LIKE, "targets[1].actual", 10),  # indented key
        (FACTS_LIKE, "targets[2].name", None),  # no such entry: no guess
        (FACTS_LIKE, "assets.findings", None),
    ],
)
def test_locate(text: str, field: str, line: int | None) -> None:
    assert locate(text, field) == line


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("NaN"), "nan"),
        (Decimal("Infinity"), "inf"),
        (Decimal("-Infinity"), "-inf"),
        (True, "true"),
        ("968.9万元", '"968.9万元"'),
        ({"a": 1}, "a table"),
        ([1], "a list"),
        (Decimal("1.50"), "1.50"),
        ("x" * 60, '"xxxxxxxxxxxxxxxxxxx…xxxxxxxxx" (62 characters)'),
    ],
)
def test_values_are_shown_as_written(value: object, text: str) -> None:
    assert say(shown(value), "en") == text


def test_a_long_value_is_cut_and_counted_in_chinese_too() -> None:
    assert say(shown("x" * 60), "zh") == '"xxxxxxxxxxxxxxxxxxx…xxxxxxxxx"（共62个字符）'


def _problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_toml(text.encode(), "f.toml", "ruleset")
    return [p.render("en") for p in caught.value.problems]


def test_number_bounds_are_just_past_anything_real() -> None:
    parse_toml(b"a = 999999999999999\nb = 0.000000000000000000000000000001", "f.toml")
    assert _problems("a = 1000000000000000") == [
        "f.toml:1: a: is 1000000000000000, implausibly large: numbers here are below "
        "1,000,000,000,000,000"
    ]
    assert _problems("a = -1e15") == [
        "f.toml:1: a: is -1E+15, implausibly large: numbers here are below 1,000,000,000,000,000"
    ]
    assert _problems("[t]\nb = [1, 2.0000000000000000000000000000001]") == [
        "f.toml:2: t.b[1]: is 2.0000000000000000000000000000001, with more than 30 decimal "
        "places; round it"
    ]


def test_every_number_out_of_bounds_is_named_in_line_order() -> None:
    text = (
        "a = 1\n"
        "[t]\n"
        "big = 1e20\n"
        "fine = [1, 2.5, true, 1979-05-27]\n"
        "list = [1, 10000000000000000, { x = 0.0000000000000000000000000000001 }]\n"
        "[[r]]\n"
        "n = -99999999999999999\n"
        "[[r]]\n"
        "d = 1e-40\n"
    )
    assert _problems(text) == [
        "f.toml:3: t.big: is 1E+20, implausibly large: numbers here are below "
        "1,000,000,000,000,000",
        "f.toml:5: t.list[1]: is 10000000000000000, implausibly large: numbers here are below "
        "1,000,000,000,000,000",
        "f.toml:5: t.list[2].x: is 1E-31, with more than 30 decimal places; round it",
        "f.toml:7: r[0].n: is -99999999999999999, implausibly large: numbers here are below "
        "1,000,000,000,000,000",
        "f.toml:9: r[1].d: is 1E-40, with more than 30 decimal places; round it",
    ]


def test_numbers_out_of_bounds_can_be_left_to_the_caller() -> None:
    """defer_numbers: the same problems, kept on the document; every number (or the list that
    holds it) replaced by OUT_OF_BOUNDS so that nothing computes with it."""
    text = (
        "a = 1\n"
        "[t]\n"
        "big = 1e20\n"
        "list = [1, 10000000000000000, { x = 0.0000000000000000000000000000001 }]\n"
        "[[r]]\n"
        "n = -99999999999999999\n"
        "ok = 2\n"
    )
    document = parse_toml(text.encode(), "f.toml", "ruleset", defer_numbers=True)
    assert [p.render("en") for p in document.problems] == _problems(text)
    assert document.data == {
        "a": 1,
        "t": {
            "big": OUT_OF_BOUNDS,
            "list": OUT_OF_BOUNDS,  # a number right inside a list: the whole list
        },
        "r": [{"n": OUT_OF_BOUNDS, "ok": 2}],
    }
    assert parse_toml(b"a = 1", "f.toml", defer_numbers=True).problems == ()


def test_nesting_too_deep_stops_the_read_even_when_numbers_may_wait() -> None:
    deep = "a = " + "[" * 40 + "1e20" + "]" * 40 + "\n"
    with pytest.raises(InputError) as raised:
        parse_toml(deep.encode(), "f.toml", "ruleset", defer_numbers=True)
    assert "nested more than 32 levels deep" in raised.value.render("en")


def test_nesting_is_bounded() -> None:
    assert _problems("a = " + "[" * 33 + "]" * 33) == [
        "f.toml:1: a: is nested more than 32 levels deep; no field takes tables or lists this deep"
    ]
    parse_toml(("a = " + "[" * 32 + "]" * 32).encode(), "f.toml")


def _given(kind: object, measure: object, points: int, **params: object) -> RuleInput:
    return RuleInput(
        Rule("k", "m", params),
        measure,  # type: ignore[arg-type]
        Fraction(points),
        Fraction(points),
        Text("项", "item"),
        "5.2 项",
    )


def test_weighted_mean_caps_a_score_above_its_scale() -> None:
    scores = ScoreList(
        (ScoredItem("甲", Fraction(92), Fraction(1)), ScoredItem("乙", Fraction(5), Fraction(1)))
    )
    outcome = WeightedMean().apply(_given(WeightedMean, scores, 5, scale=Fraction(10)))
    # (10 + 5) / 2 / 10 × 5 = 3.75: 甲 counts as 10, the full scale
    assert outcome.score == Fraction(15, 4)
    assert [f.code for f in outcome.findings] == ["above_scale"]
    assert [d.points for d in outcome.deductions] == [Fraction(5, 4)]


def test_targets_that_all_weigh_nothing_are_not_called_missing() -> None:
    targets = TargetList((Target("a", True, level="达成", weight=Fraction(0)),))
    rule = _given(TargetAchievement, targets, 20, levels={"达成": Fraction(1)}, when_empty="zero")
    outcome = TargetAchievement().apply(rule)
    assert outcome.score == 0
    assert [d.reason.get("en") for d in outcome.deductions] == [
        "every target has weight 0, 20.00 off"
    ]
    assert [d.reason.get("zh") for d in outcome.deductions] == ["全部绩效目标权重为0，扣20.00分"]
    assert [f.code for f in outcome.findings] == ["no_targets"]


def test_the_table_shows_names_as_written_not_as_markup(registry: Registry) -> None:
    text = GOOD.replace('name = "示例局"', 'name = "[/]局[bold]"')
    facts = api.facts_from_toml(parse_toml(text.encode(), "f.toml"), registry)
    rules_text = (ROOT / "rulesets" / "2025.toml").read_text(encoding="utf-8")
    rules = ruleset_from_document(
        parse_toml(
            rules_text.replace('style = "bold green"', 'style = "[[[ x"').encode(), "r.toml"
        ),
        registry,
    )
    out = io.StringIO()
    render_table(api.score(facts, rules, registry), "zh", file=out, width=200)
    assert "[/]局[bold]（SL-001）" in out.getvalue()
    assert "总分：95.23" in out.getvalue()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a" * 5000, "cannot be read: File name too long"),
        ("a\x00b.toml", "is not a usable file name (it holds a NUL character)"),
    ],
)
def test_impossible_file_names_are_input_errors(
    name: str, message: str, registry: Registry
) -> None:
    with pytest.raises(InputError) as caught:
        api.load_facts(name, registry)
    assert [p.text("en") for p in caught.value.problems] == [message]


def test_impossible_ruleset_paths_are_input_errors(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError) as caught:
        api.load_ruleset("b" * 5000 + ".toml", registry=registry)
    assert [p.text("en") for p in caught.value.problems] == ["no such ruleset file"]
    monkeypatch.setenv("SCORE_RULESETS", "c" * 5000)  # searched first: named, never ignored
    with pytest.raises(InputError) as caught:
        api.load_ruleset("2025", registry=registry)
    [problem] = caught.value.problems
    assert problem.file == "$SCORE_RULESETS"
    assert problem.text("en").endswith(" is not a folder; give the folder that holds the rulesets")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_file_longer_than_its_size_says_is_read_whole(tmp_path: Path) -> None:
    """A named pipe has size 0 whatever comes through it: all of it is read (up to the bound)."""
    pipe = tmp_path / "facts.toml"
    os.mkfifo(pipe)
    text = "".join(f'k{n} = "第{n}项"\n' for n in range(3000))

    def write() -> None:
        with open(pipe, "w", encoding="utf-8") as stream:
            stream.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        document = read_toml(pipe)
    finally:
        writer.join()
    assert document.text == text
    assert document.data == {f"k{n}": f"第{n}项" for n in range(3000)}
