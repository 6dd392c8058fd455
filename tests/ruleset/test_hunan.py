"""The Hunan reference table (rulesets/hunan.toml) as data: it loads with the built-in plugins
alone, its tree is the table's (4 dimensions, 6 groups, 23 rows), the example department
(examples/hunan/yueyang-water-2025.toml, worked by hand in docs/examples.md and in
tests/batch/cases/hunan-2025.toml) scores 85.36 良, and an evaluator's share outside its band
is refused in both languages."""

from __future__ import annotations

import textwrap
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from paths import CASES, EXAMPLES, ROOT

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.plugins.registry import Registry, load_registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.tomlfile import read_toml

HUNAN = ROOT / "rulesets" / "hunan.toml"
EXAMPLE = EXAMPLES / "hunan" / "yueyang-water-2025.toml"
HUNAN_CASES = CASES / "hunan-2025.toml"

# (dimension id, label, weight, [(group id, label, points, [row codes])])
TREE = [
    ("inputs", "投入", 15, [("allocation", "预算配置", 15, ["1.1.1", "1.1.2", "1.1.3"])]),
    (
        "process",
        "过程",
        40,
        [
            ("execution", "预算执行", 15, ["2.1.1", "2.1.2", "2.1.3", "2.1.4"]),
            ("management", "预算管理", 15, ["2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5"]),
            ("assets", "资产管理", 10, ["2.3.1", "2.3.2", "2.3.3"]),
        ],
    ),
    ("outputs", "产出", 25, [("duties", "职责履行", 25, ["3.1.1", "3.1.2", "3.1.3", "3.1.4"])]),
    ("effects", "效果", 20, [("benefits", "履职效益", 20, ["4.1.1", "4.1.2", "4.1.3", "4.1.4"])]),
]
BUILTIN_INDICATORS = {
    "asset_management",
    "budget_execution",
    "disclosure",
    "internal_controls",
    "output_targets",
}


@pytest.fixture(scope="module")
def builtins_only() -> Registry:
    """score's own plugins and nothing else installed on the machine."""
    return load_registry(isolated=True)


@pytest.fixture(scope="module")
def hunan(builtins_only: Registry) -> Ruleset:
    return api.load_ruleset(str(HUNAN), registry=builtins_only)


def test_it_loads_with_the_built_in_plugins_alone(builtins_only: Registry, hunan: Ruleset) -> None:
    assert builtins_only.failures == ()
    assert set(builtins_only.indicators) == BUILTIN_INDICATORS
    assert (hunan.id, hunan.year) == ("hunan", 2025)
    assert hunan.title.zh == "部门整体支出绩效评价评分表（湖南参考样表）"
    used = {rule.indicator for d in hunan.dimensions for s in d.subindicators for rule in s.rules()}
    assert used == {"budget_execution", "asset_management", "internal_controls", "ruleset"}
    assert hunan.declared is not None and hunan.declared.id == "ruleset"
    assert {r.kind for d in hunan.dimensions for s in d.subindicators for r in s.rules()} <= set(
        builtins_only.rule_kinds
    )


def test_rules_check_says_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", str(HUNAN), "--lang", "en"]) == 0
    assert "Hunan reference table), year 2025, sha256 " in capsys.readouterr().out


def test_the_tree_is_the_tables(hunan: Ruleset) -> None:
    tree = [
        (
            d.id,
            d.label.zh,
            d.weight,
            [(g.id, g.label.zh, g.points, [s.code for s in g.subindicators]) for g in d.groups],
        )
        for d in hunan.dimensions
    ]
    assert tree == TREE
    for dimension in hunan.dimensions:
        assert sum(g.points for g in dimension.groups) == dimension.weight
        for group in dimension.groups:
            assert sum(s.points for s in group.subindicators) == group.points
    points = {s.code: s.points for d in hunan.dimensions for s in d.subindicators}
    assert [points[c] for c in ("3.1.1", "3.1.2", "3.1.3", "3.1.4")] == [7, 6, 6, 6]
    assert points["2.1.4"] == 6 and points["2.3.2"] == 4
    assert all(s.label.en for d in hunan.dimensions for s in d.subindicators)


def test_the_grade_bands_are_90_80_60(hunan: Ruleset) -> None:
    bands = [(g.label.zh, g.min, g.below) for g in hunan.grades]
    assert bands == [
        ("优", 90, None),
        ("良", 80, 90),
        ("中", 60, 80),
        ("差", 0, 60),
    ]
    assert hunan.grade_for(Decimal("90.00")).label.zh == "优"
    assert hunan.grade_for(Decimal("89.99")).label.zh == "良"


def test_the_example_scores_85_36_good(builtins_only: Registry, hunan: Ruleset) -> None:
    card = api.score_file(EXAMPLE, hunan, registry=builtins_only)
    assert card.complete
    assert (card.total, card.grade.label.zh) == (Decimal("85.36"), "良")
    dimensions = [(d.id, d.score, [(g.id, g.score) for g in d.groups]) for d in card.dimensions]
    assert dimensions == [
        ("inputs", Decimal("12.84"), [("allocation", Decimal("12.84"))]),
        (
            "process",
            Decimal("32.96"),
            [
                ("execution", Decimal("12.00")),
                ("management", Decimal("12.26")),
                ("assets", Decimal("8.70")),
            ],
        ),
        ("outputs", Decimal("22.81"), [("duties", Decimal("22.81"))]),
        ("effects", Decimal("16.75"), [("benefits", Decimal("16.75"))]),
    ]


def test_score_run_with_the_ruleset_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(EXAMPLE), "--ruleset", "hunan"]) == 0
    assert "总分：85.36    评价等级：良" in capsys.readouterr().out


def _scores(card: Scorecard) -> dict[str, Decimal | None]:
    found: dict[str, Decimal | None] = {}
    for dimension in card.dimensions:
        found[dimension.id] = dimension.score
        for sub in dimension.subindicators:
            found[sub.code] = sub.score
    return found


def test_score_test_passes_the_case_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["test", str(HUNAN_CASES)])
    out, err = capsys.readouterr()
    assert code == 0, err
    cases = read_toml(HUNAN_CASES, "test case file").data["case"]
    assert out.splitlines()[-1] == f"{len(cases)}个通过，0个未通过"


def test_score_test_reports_an_out_of_band_share_as_the_cases_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = tmp_path / "cases.toml"
    cases.write_text(
        f'[[case]]\nfacts = "{EXAMPLE}"\nruleset = "hunan"\ntotal = 85.36\n'
        "[case.overrides]\neffects.social_percent = 79\n",
        encoding="utf-8",
    )
    assert main(["test", str(cases)]) == 2
    err = capsys.readouterr().err
    assert f"{cases}:6: case[0].overrides.effects.social_percent：" in err
    assert "等级“好”的得分率应在80%至100%之间，填写的是79%" in err


@pytest.mark.parametrize(
    ("level", "share", "zh", "en"),
    [
        (
            "好",
            "79",
            "等级“好”的得分率应在80%至100%之间，填写的是79%",
            "a share for '好' must be from 80% to 100%, found 79%",
        ),
        (
            "较好",
            "80.5",
            "等级“较好”的得分率应不低于60%、低于80%，填写的是80.5%",
            "a share for '较好' must be at least 60% and below 80%, found 80.5%",
        ),
        (
            "一般",
            "61",
            "等级“一般”的得分率应低于60%，填写的是61%",
            "a share for '一般' must be below 60%, found 61%",
        ),
    ],
)
def test_a_share_outside_its_band_is_refused_in_both_languages(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    level: str,
    share: str,
    zh: str,
    en: str,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace('social_level = "好"', f'social_level = "{level}"')
    text = text.replace("social_percent = 88", f"social_percent = {share}")
    dept = tmp_path / "dept.toml"
    dept.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("social_percent"))

    assert main(["run", str(dept), "--ruleset", "hunan"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{dept}:{line}: 社会效益得分率（effects.social_percent）：{zh}" in captured.err

    monkeypatch.setenv("SCORE_LANG", "en")
    assert main(["run", str(dept), "--ruleset", "hunan"]) == 2
    err = capsys.readouterr().err
    assert f"{dept}:{line}: social benefit: share of the points (effects.social_percent): " in err
    assert en in err


def test_rules_show_prints_every_group(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["rules", "show", "hunan"]) == 0
    out = capsys.readouterr().out
    for _, dimension, weight, groups in TREE:
        assert any(row.split() == [dimension, str(weight)] for row in out.splitlines())
        for _, group, points, codes in groups:
            assert any(row.split() == [group, str(points)] for row in out.splitlines())
            assert all(code in out for code in codes)
    assert "评价等级：优 ≥ 90；良 80 ≤ 总分 < 90；中 60 ≤ 总分 < 80；差 0 ≤ 总分 < 60" in out


def test_rules_show_markdown_lists_the_groups_in_english(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["rules", "show", "hunan", "--format", "markdown", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for label in ("Budget allocation", "Budget execution", "Budget management", "Asset management"):
        assert label in out
    for label in ("Duties performed", "Effects of the duties"):
        assert label in out


def test_init_writes_the_sections_the_table_declares(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--ruleset", "hunan", "-"]) == 0
    template = capsys.readouterr().out
    for section in ("staffing", "sangong_history", "priorities", "payments", "balances"):
        assert f"\n[{section}]\n" in template
    for section in ("budget_rules", "openness", "procurement", "basic_information"):
        assert f"\n[{section}]\n" in template
    for section in ("duties", "effects", "survey", "budget", "assets", "internal_controls"):
        assert f"\n[{section}]\n" in template
    assert "[[targets]]" not in template  # 产出 here is 职责履行, not the 2025 targets


# the walkthrough in docs/publishing-rulesets.md quotes this file: its snippets must be it ------

DOCS = ROOT / "docs" / "publishing-rulesets.md"
WALKTHROUGH = DOCS.read_text(encoding="utf-8").split("## Writing a system from a published table")[
    1
]
WALKTHROUGH = WALKTHROUGH.split("\n## ")[0]
TOML_BLOCKS = [
    textwrap.dedent(block.split("```")[0]) for block in WALKTHROUGH.split("```toml\n")[1:]
]


def _within(part: Any, whole: Any) -> bool:
    """Whether every key of `part` is in `whole` with the same value."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(
            k in whole and _within(v, whole[k]) for k, v in part.items()
        )
    return bool(part == whole)


def _rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for dimension in table["dimensions"].values():
        for group in dimension["groups"].values():
            rows.extend(group["subindicators"].values())
    return rows


def test_the_walkthrough_quotes_the_ruleset_and_its_cases() -> None:
    ruleset = tomllib.loads(HUNAN.read_text(encoding="utf-8"))
    cases = {c["name"]: c for c in tomllib.loads(HUNAN_CASES.read_text(encoding="utf-8"))["case"]}
    assert len(TOML_BLOCKS) >= 8
    for block in TOML_BLOCKS:
        snippet = tomllib.loads(block)
        if set(snippet) == {"rule"}:
            assert any(row["rule"] == snippet["rule"] for row in _rows(ruleset)), block
        elif "case" in snippet:
            for case in snippet["case"]:
                assert _within(case, cases[case["name"]]), case["name"]
        else:
            assert set(snippet) <= {"facts", "measures", "dimensions"}, block
            assert _within(snippet, ruleset), block


def test_the_walkthrough_shows_what_rules_check_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HUNAN.read_text(encoding="utf-8")
    text = text.replace(
        'denominator = "staffing.authorised"', 'denominator = "staffing.authorized"'
    )
    text = text.replace("on_time = 0.5, data_quality = 1.5 }", "on_time = 0.5, data_quality = 1 }")
    broken = tmp_path / "hunan.toml"
    broken.write_text(text, encoding="utf-8")
    assert main(["rules", "check", str(broken), "--lang", "en"]) == 2
    said = capsys.readouterr().err.replace(str(broken), "rulesets-bureau/hunan.toml")
    shown = [line for line in WALKTHROUGH.splitlines() if line.startswith("error: ")]
    assert len(shown) == 2
    assert all(line in said.splitlines() for line in shown)
