"""Every kind of ruleset error has a fixture in tests/rulesets/invalid/ and a check on its message.

Each fixture's first line states what `score rules check` must say about it:
`# expect: FIELD | MESSAGE-ID | part of the English message` (FIELD empty for a problem with the
whole file). Its Chinese wording, the default, is checked to be Chinese.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import INVALID_RULESETS

from jixiao.cli import main
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.load import load_ruleset_file

INVALID = INVALID_RULESETS
FIXTURES = sorted(INVALID.glob("*.toml"))


def expectation(path: Path) -> tuple[str, str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} states no expectation"
    field, ident, fragment = first.removeprefix("# expect: ").split(" | ", 2)
    return field.strip(), ident.strip(), fragment.strip()


def chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def test_there_is_a_fixture_for_each_kind() -> None:
    assert len(FIXTURES) == 59


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_gives_its_message(path: Path, registry: Registry) -> None:
    field, ident, fragment = expectation(path)
    with pytest.raises(InputError) as raised:
        load_ruleset_file(path, registry)
    problems = raised.value.problems
    matching = [p for p in problems if p.field == field and fragment in p.text("en")]
    assert matching, "\n".join(p.render("en") for p in problems)
    assert matching[0].file.endswith(".toml")
    assert getattr(matching[0].message, "id", None) == ident
    assert chinese(matching[0].text("zh")), matching[0].text("zh")


def test_an_error_in_the_child_names_the_child_and_its_line(registry: Registry) -> None:
    path = INVALID / "parameter-unknown.toml"
    with pytest.raises(InputError) as raised:
        load_ruleset_file(path, registry)
    (problem,) = raised.value.problems
    assert problem.file == str(path)
    assert problem.line == 6  # threshold_pc = 3
    assert str(problem).startswith(f"{path}:6: dimensions.budget_execution.")


def test_an_inherited_key_names_the_parent_and_says_where_to_fix(registry: Registry) -> None:
    path = INVALID / "dimension-points-mismatch.toml"
    with pytest.raises(InputError) as raised:
        load_ruleset_file(path, registry)
    problem, total = raised.value.problems
    assert problem.field == "dimensions.budget_execution.weight"
    assert problem.file == str(path)  # the child gave weight = 30
    assert problem.line == 6
    assert total.field == "dimensions"
    assert "weights add up to 95, not 100" in total.text("en")
    assert "各维度权重合计95，不是100" in total.text("zh")
    removed = INVALID.parent / "removal.toml"
    with pytest.raises(InputError) as raised:
        load_ruleset_file(removed, registry)
    (problem,) = raised.value.problems
    assert problem.file.endswith("rulesets/2025.toml")  # weight 10 is 2025's
    assert problem.field == "dimensions.asset_management.weight"
    assert problem.line is not None
    assert "(3.1 3 + 3.2 4)" in problem.text("en")
    assert problem.text("en").endswith(f"(inherited; override it in {removed})")
    assert problem.text("zh").endswith(f"（此项继承自上级规则；请在 {removed} 中改写）")


def test_resolution_and_validation_problems_come_together(registry: Registry) -> None:
    path = INVALID.parent / "two-problems.toml"
    with pytest.raises(InputError) as raised:
        load_ruleset_file(path, registry)
    fields = [p.field for p in raised.value.problems]
    assert fields == [
        "remove[0]",
        "dimensions.budget_execution.subindicators.carry_over_rate.rule.threshold_pc",
    ]


def test_cycle_names_both_files(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # outside the current folder, the files are named in full
    with pytest.raises(InputError) as raised:
        load_ruleset_file(INVALID / "extends-cycle-a.toml", registry)
    (problem,) = raised.value.problems
    a, b = INVALID / "extends-cycle-a.toml", INVALID / "extends-cycle-b.toml"
    assert problem.file == str(b)
    assert f"{a} → {b} → {a}" in problem.text("en")


def test_rules_check_lists_every_problem_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(INVALID / "parameter-unknown.toml"), str(INVALID / "rounding-mode.toml")]
    assert main(["rules", "check", *files]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"错误：{files[0]}:6: dimensions.budget_execution.subindicators.carry_over_rate.rule."
        "threshold_pc：计分方法“per_point”没有参数“threshold_pc”；是否应为“threshold_pct”？",
        f"错误：{files[1]}:5: rounding.mode：应为以下之一：half_up、half_even、down"
        '（"half_up" 即四舍五入）',
    ]
    assert main(["rules", "check", *files, "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {files[0]}:6: dimensions.budget_execution.subindicators.carry_over_rate.rule."
        "threshold_pc: unknown parameter 'threshold_pc' of rule kind 'per_point'; "
        "did you mean 'threshold_pct'?",
        f"error: {files[1]}:5: rounding.mode: expected one of half_up, half_even, down "
        '("half_up" is 四舍五入)',
    ]
