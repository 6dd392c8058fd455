"""A broken ruleset is refused with a message naming the file, the key and the fix; exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from factories import ruleset_text
from paths import SEED

from jixiao import cli
from jixiao.engine import api
from jixiao.engine.errors import InputError

ASSET_SAFETY = 'label_en = "Asset safety"\npoints = 4'
SELF_EVAL = "items = { published = 2 }"

# name: ((old, new) edits of 2025.toml, the field named, words the message must hold)
BROKEN: dict[str, tuple[list[tuple[str, str]], str, list[str]]] = {
    "weights_not_100": (
        [
            ('weight = 10\nindicator = "disclosure"', 'weight = 11\nindicator = "disclosure"'),
            ('points = 2\nrule = { kind = "checklist"', 'points = 3\nrule = { kind = "checklist"'),
            (SELF_EVAL, "items = { published = 3 }"),
        ],
        "dimensions",
        ["add up to 101, not 100", "disclosure 11", "total 100"],
    ),
    "unknown_rule_kind": (
        [
            (
                'kind = "linear_ratio", measure = "execution_rate"',
                'kind = "linear_ration", measure = "execution_rate"',
            )
        ],
        "dimensions.budget_execution.subindicators.execution_rate.rule.kind",
        ["there is no rule kind 'linear_ration'", "did you mean 'linear_ratio'?"],
    ),
    "unknown_indicator": (
        [('indicator = "asset_management"', 'indicator = "satisfaction"')],
        "dimensions.asset_management.indicator",
        ["'satisfaction'", "installed: asset_management", "`score plugins`"],
    ),
    "unknown_measure": (
        [('measure = "asset_findings"', 'measure = "asset_finding"')],
        "dimensions.asset_management.subindicators.asset_safety.rule.measure",
        ["unknown measure 'asset_finding'", "did you mean 'asset_findings'?"],
    ),
    "bands_overlap": (
        [("min = 75\nbelow = 85", "min = 75\nbelow = 86")],
        "grades",
        ["overlap from 85 to 86", "set below = 85"],
    ),
    "bands_gap": (
        [("min = 75\nbelow = 85", "min = 75\nbelow = 84")],
        "grades",
        ["gap from 84 to 85", "set below = 85 on band Good"],
    ),
    "no_band_from_0": (
        [("min = 0\nbelow = 60", "min = 10\nbelow = 60")],
        "grades",
        ["nothing covers 0 to 10", "min = 0"],
    ),
    "sub_points_not_weight": (
        [(ASSET_SAFETY, 'label_en = "Asset safety"\npoints = 5')],
        "dimensions.asset_management.weight",
        ["is 10", "add up to 11 (3.1 3 + 3.2 5 + 3.3 3)", "make them equal"],
    ),
    "sub_points_zero": (
        [(ASSET_SAFETY, 'label_en = "Asset safety"\npoints = 0')],
        "dimensions.asset_management.subindicators.asset_safety.points",
        ["expected a number above 0", "remove a part that is worth nothing"],
    ),
    "tier_above_points": (
        [("{ at_most_pct = 0, points = 3 }", "{ at_most_pct = 0, points = 4 }")],
        "dimensions.budget_execution.subindicators.budget_adjustment.rule.tiers",
        ["a tier gives 4 points", "sub-indicator's 3", "no tier more than 3"],
    ),
    "unknown_parameter": (
        [("threshold_pct = 5, deduct_per_point = 0.5", "threshold_pct = 5, deduct_per_pont = 0.5")],
        "dimensions.budget_execution.subindicators.carry_over_rate.rule.deduct_per_pont",
        [
            "unknown parameter 'deduct_per_pont' of rule kind 'per_point'",
            "did you mean 'deduct_per_point'?",
        ],
    ),
    "missing_parameter": (
        [("threshold_pct = 100, deduct_per_point = 1 }", "deduct_per_point = 1 }")],
        "dimensions.budget_execution.subindicators.sangong_control.rule.threshold_pct",
        ["is required by rule kind 'per_point'", "threshold, in percent"],
    ),
    "base_kind_under_then": (
        [
            (
                'then = [\n    { kind = "per_missing", measure = "budget_contents"',
                'then = [\n    { kind = "tiers", measure = "budget_contents"',
            )
        ],
        "dimensions.disclosure.subindicators.budget_disclosure.then[0].kind",
        ["'tiers' cannot follow another rule", "per_finding, per_missing, per_point"],
    ),
    "unknown_top_level_key": (
        [("format = 1\n", 'format = 1\nauthor = "财政局"\n')],
        "author",
        ["unknown key 'author'", "expected one of: format, id, year"],
    ),
    "checklist_items_not_points": (
        [(SELF_EVAL, "items = { published = 1 }")],
        "dimensions.disclosure.subindicators.self_evaluation_disclosure.rule.items",
        ["items add up to 1 points", "has 2", "make them equal"],
    ),
    "rounding_mode": (
        [('mode = "half_up"', 'mode = "bankers"')],
        "rounding.mode",
        ["half_up", "四舍五入"],
    ),
}


def write_broken(tmp_path: Path, edits: list[tuple[str, str]]) -> Path:
    text = ruleset_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "broken.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_ruleset_is_refused_with_file_key_and_fix(case: str, tmp_path: Path) -> None:
    edits, field, words = BROKEN[case]
    path = write_broken(tmp_path, edits)
    with pytest.raises(InputError) as refused:
        api.load_ruleset(str(path))
    problems = [p for p in refused.value.problems if p.field == field]
    assert problems, [p.render("en") for p in refused.value.problems]
    problem = problems[0]
    assert problem.file == str(path)
    for word in words:
        assert word in problem.text("en"), problem.text("en")
    assert problem.render("en").startswith(str(path))
    assert problem.render("zh").startswith(str(path))


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_ruleset_exits_2_through_the_cli(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_broken(tmp_path, BROKEN[case][0])
    assert cli.main(["run", str(SEED), "--ruleset", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines and all(line.startswith(f"错误：{path}") for line in lines)
    assert BROKEN[case][1] in captured.err
    assert "Traceback" not in captured.err


def test_every_problem_of_a_ruleset_is_listed_at_once(tmp_path: Path) -> None:
    path = write_broken(
        tmp_path,
        BROKEN["unknown_rule_kind"][0]
        + BROKEN["bands_gap"][0]
        + BROKEN["unknown_top_level_key"][0],
    )
    with pytest.raises(InputError) as refused:
        api.load_ruleset(str(path))
    fields = {p.field for p in refused.value.problems}
    assert {"author", "grades", BROKEN["unknown_rule_kind"][1]} <= fields


def test_the_line_of_the_key_is_given_where_known(tmp_path: Path) -> None:
    path = write_broken(tmp_path, BROKEN["unknown_rule_kind"][0])
    with pytest.raises(InputError) as refused:
        api.load_ruleset(str(path))
    (problem,) = refused.value.problems
    assert problem.line is not None
    line = path.read_text("utf-8").splitlines()[problem.line - 1]
    assert "linear_ration" in line


def test_score_command_prints_no_traceback(tmp_path: Path) -> None:
    path = write_broken(tmp_path, BROKEN["unknown_indicator"][0])
    score = Path(sys.executable).parent / "score"
    done = subprocess.run(
        [str(score), "run", str(SEED), "--ruleset", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "没有已安装的插件提供指标“satisfaction”" in done.stderr
    assert "pip install" not in done.stderr  # a name that may be misspelt is never installed
    assert done.stdout == ""


def test_missing_ruleset_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.toml"
    assert cli.main(["run", str(SEED), "--ruleset", str(missing)]) == 2
    assert "找不到这个评价规则文件" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_parameter_that_is_not_a_finite_number(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_broken(tmp_path, [("overshoot_score = 0.8", f"overshoot_score = {value}")])
    assert cli.main(["run", str(SEED), "--ruleset", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"target_completion.rule.overshoot_score：应为有限的数字，填写的是 {value}" in err
    assert "internal error" not in err


ZERO_WEIGHT = """
format = 1
id = "zero"
year = 2025
[[grades]]
label = "合格"
min = 0
[dimensions.budget_execution]
weight = 100
[dimensions.budget_execution.subindicators.execution_rate]
points = 100
rule = { kind = "linear_ratio", measure = "execution_rate" }
[dimensions.asset_management]
weight = 0
[dimensions.asset_management.subindicators.utilisation]
points = 0
rule = { kind = "linear_ratio", measure = "fixed_asset_utilisation" }
"""


def test_a_dimension_worth_nothing_is_refused_not_divided_by(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # it used to pass validation and end in ZeroDivisionError while re-basing (exit 4)
    path = tmp_path / "zero.toml"
    path.write_text(ZERO_WEIGHT, "utf-8")
    assert cli.main(["run", str(SEED), "--ruleset", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1].split("：")[0] for line in lines] == [
        "dimensions.asset_management.weight",
        "dimensions.asset_management.subindicators.utilisation.points",
    ]


def test_a_minimal_ruleset_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "one.toml"
    path.write_text(ZERO_WEIGHT.split("[dimensions.asset_management]")[0], "utf-8")
    ruleset = api.load_ruleset(str(path))
    card = api.score(api.load_facts(SEED), ruleset)
    assert str(card.total) == "100.00"
    assert card.grade.label.zh == "合格"
