"""A facts file that cannot be used: exit 2, one line per problem naming the field, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import DROP, set_raw, toml_text

from jixiao import cli


def run(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Exit code 2 and the error lines of `score run` on a file holding `text`."""
    path = tmp_path / "dept.toml"
    path.write_text(text, "utf-8")
    assert cli.main(["run", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    assert lines and all(line.startswith(f"error: {path}") for line in lines), lines
    return lines


def budget_line(key: str, value: str | None) -> str:
    return set_raw(toml_text(), "budget", key, value)


def test_mistyped_key_is_named_with_the_suggestion(tmp_path, capsys) -> None:
    text = set_raw(budget_line("adjusted", None), "budget", "adjustd", "1000")
    lines = run(tmp_path, text, capsys)
    typo = [line for line in lines if "budget.adjustd" in line]
    assert typo == [
        f"error: {tmp_path / 'dept.toml'}:14: budget.adjustd: unknown key 'adjustd' in [budget]; "
        "did you mean 'adjusted'?"
    ]
    # and the key it should have been is reported missing, not silently scored
    assert any("budget.adjusted: is required" in line for line in lines)


def test_mistyped_section_is_named(tmp_path, capsys) -> None:
    text = toml_text().replace("[internal_controls.rule_sets]", "[internal_controls.rulesets]")
    (line,) = run(tmp_path, text, capsys)
    assert "internal_controls.rulesets: unknown key 'rulesets'" in line
    assert "did you mean 'rule_sets'?" in line


def test_amount_written_as_text_with_its_unit(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, budget_line("actual", '"968.9万元"'), capsys)
    assert "budget.actual: expected an amount in 万元" in line
    assert 'found "968.9万元"' in line
    assert "without quotes or units" in line


def test_yes_no_written_in_chinese(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "assets", "rules_exist", '"是"')
    (line,) = run(tmp_path, text, capsys)
    assert "assets.rules_exist: expected true or false" in line
    assert "write true for 是" in line


def test_negative_amount(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, budget_line("sangong_actual", "-10"), capsys)
    assert "budget.sangong_actual" in line
    assert "negative number -10" in line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf"])
def test_nan_and_infinity(value: str, tmp_path, capsys) -> None:
    (line,) = run(tmp_path, budget_line("initial", value), capsys)
    assert "budget.initial" in line
    assert "not a finite number" in line


def test_implausibly_large_amount(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, budget_line("adjusted", "1e20"), capsys)
    assert "budget.adjusted" in line and "implausibly large" in line


def test_missing_budget_figures_are_all_listed_at_once(tmp_path, capsys) -> None:
    text = toml_text(
        {"budget": {"adjusted": DROP, "sangong_budget": DROP, "public_funds_actual": DROP}}
    )
    lines = run(tmp_path, text, capsys)
    fields = [line.split(": ")[2] for line in lines]
    assert fields == ["budget.adjusted", "budget.sangong_budget", "budget.public_funds_actual"]
    assert all("is required" in line for line in lines)


def test_actual_missing_without_its_parts(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, budget_line("actual", None), capsys)
    assert "budget.actual: is required" in line
    assert "basic_actual and project_actual" in line


def test_actual_disagreeing_with_its_parts(tmp_path, capsys) -> None:
    text = toml_text({"budget": {"basic_actual": 900, "project_actual": 50}})
    (line,) = run(tmp_path, text, capsys)
    assert "budget.actual: is 1000" in line and "= 950" in line


def test_whole_budget_section_missing(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, toml_text({"budget": DROP}), capsys)
    assert ": budget: section [budget]" in line
    assert "initial, adjusted, sangong_budget" in line


@pytest.mark.parametrize("value", ['"2025-02-30"', '"去年一月"', "20250110", "true"])
def test_a_date_that_is_not_a_date(value: str, tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "approved_on", value)
    (line,) = run(tmp_path, text, capsys)
    assert "disclosure.budget.approved_on: expected a date such as 2025-02-10" in line


def test_published_before_approved(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "approved_on", "2025-02-10")
    (line,) = run(tmp_path, text, capsys)
    assert (
        "disclosure.budget.published_on: is 2025-01-30, before the approval on 2025-02-10" in line
    )


def test_published_false_with_a_date(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "published", "false")
    (line,) = run(tmp_path, text, capsys)
    assert "disclosure.budget.published_on: is given but published = false" in line


def test_a_wrong_value_in_an_array_of_tables_names_its_index(tmp_path, capsys) -> None:
    text = toml_text(
        {
            "targets": [
                {"name": "a", "kind": "qualitative", "level": "达成"},
                {"name": "b", "kind": "quantitive"},
            ]
        }
    )
    lines = run(tmp_path, text, capsys)
    assert any("targets[1].kind: expected one of" in line for line in lines)


def test_several_problems_are_reported_together(tmp_path, capsys) -> None:
    text = budget_line("initial", "nan")
    text = set_raw(text, "assets", "rules_exist", '"是"')
    text = set_raw(text, "disclosure.budget", "approved_on", '"2025-13-01"')
    lines = run(tmp_path, text, capsys)
    assert len(lines) == 3


def test_not_toml_at_all(tmp_path, capsys) -> None:
    (line,) = run(tmp_path, "[budget\ninitial = 1", capsys)
    assert "is not valid TOML" in line
    assert ":1:" in line


def test_a_year_without_a_ruleset_is_the_facts_files_year(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "department", "year", "2031")
    lines = run(tmp_path, text, capsys)
    assert len(lines) == 1
    assert lines[0].startswith(
        f"error: {tmp_path / 'dept.toml'}: department.year: there is no ruleset for the year 2031"
    )
