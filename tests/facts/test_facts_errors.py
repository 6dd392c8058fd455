"""A facts file that cannot be used: exit 2, one line per problem naming the field by its label
and key, in Chinese by default and in English on request, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import DROP, set_raw, toml_text

from jixiao import cli


def run(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str], lang: str) -> list[str]:
    """Exit code 2 and the error lines of `score run --lang LANG` on a file holding `text`."""
    path = tmp_path / "dept.toml"
    path.write_text(text, "utf-8")
    assert cli.main(["run", str(path), "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    prefix = "error: " if lang == "en" else "错误："
    assert lines and all(line.startswith(f"{prefix}{path}") for line in lines), lines
    return lines


def both(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The one problem of a file, in Chinese and in English."""
    (zh,) = run(tmp_path, text, capsys, "zh")
    (en,) = run(tmp_path, text, capsys, "en")
    return zh, en


def budget_line(key: str, value: str | None) -> str:
    return set_raw(toml_text(), "budget", key, value)


def test_mistyped_key_is_named_with_the_suggestion(tmp_path, capsys) -> None:
    text = set_raw(budget_line("adjusted", None), "budget", "adjustd", "1000")
    path = tmp_path / "dept.toml"
    assert run(tmp_path, text, capsys, "zh") == [
        f"错误：{path}:14: budget.adjustd：[budget]中没有字段“adjustd”；是否应为“adjusted”？",
        # and the key it should have been is reported missing, not silently scored
        f"错误：{path}:13: 调整后预算数（budget.adjusted）：必须填写，应为以万元为单位的金额，"
        "只写数字，"
        "不加单位、不加引号，如 968.909901",
    ]
    assert run(tmp_path, text, capsys, "en") == [
        f"error: {path}:14: budget.adjustd: unknown key 'adjustd' in [budget]; "
        "did you mean 'adjusted'?",
        f"error: {path}:13: adjusted budget (budget.adjusted): is required: an amount in 万元, "
        "a number without unit or quotes, e.g. 968.909901",
    ]


def test_mistyped_section_is_named(tmp_path, capsys) -> None:
    text = toml_text().replace("[internal_controls.rule_sets]", "[internal_controls.rulesets]")
    zh, en = both(tmp_path, text, capsys)
    assert zh.endswith(
        "internal_controls.rulesets：[internal_controls]中没有字段“rulesets”；是否应为“rule_sets”？"
    )
    assert "internal_controls.rulesets: unknown key 'rulesets'" in en
    assert "did you mean 'rule_sets'?" in en


def test_a_chinese_name_for_a_key_says_which_key_it_is(tmp_path, capsys) -> None:
    text = toml_text().replace("adjusted = ", "调整后预算数 = ", 1)
    lines = run(tmp_path, text, capsys, "zh")
    assert (
        "字段名须用英文：“调整后预算数”不是本工具的字段名；是否应为 调整后预算数（adjusted）？"
        in lines[0]
    )


def test_an_amount_in_quotes_with_its_unit_in_wan_is_read_with_a_note(tmp_path, capsys) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(budget_line("actual", '"968.9万元"'), "utf-8")
    assert cli.main(["run", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"code": "read_as"' in out
    assert '已将 \\"968.9万元\\" 读作 968.9' in out


def test_an_amount_in_yuan_is_refused_never_converted(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, budget_line("actual", '"9689000元"'), capsys)
    assert "实际支出数（budget.actual）" in zh and "以“元”为单位" in zh
    assert "actual spending (budget.actual)" in en and "元" in en


def test_yes_no_written_in_chinese_is_read_with_a_note(tmp_path, capsys) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(set_raw(toml_text(), "assets", "rules_exist", '"是"'), "utf-8")
    assert cli.main(["run", str(path), "--format", "json"]) == 0
    assert '已将 \\"是\\" 读作 true' in capsys.readouterr().out


def test_none_for_a_rule_set_could_mean_two_things_and_is_refused(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "internal_controls.rule_sets", "construction", '"无"')
    zh, en = both(tmp_path, text, capsys)
    assert '"无" 有两种意思：本部门没有这项业务，请写 "n/a"（不适用）' in zh
    assert "can mean two things" in en


def test_negative_amount(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, budget_line("sangong_actual", "-10"), capsys)
    assert zh.endswith(
        "“三公”经费实际支出（budget.sangong_actual）：应为以万元为单位的金额，"
        "只写数字，不加单位、不加引号，如 968.909901，填写的是负数 -10"
    )
    assert "(budget.sangong_actual)" in en and "negative number -10" in en


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+inf"])
def test_nan_and_infinity(value: str, tmp_path, capsys) -> None:
    zh, en = both(tmp_path, budget_line("initial", value), capsys)
    assert "年初预算数（budget.initial）" in zh and "（不是有限的数字）" in zh
    assert "(budget.initial)" in en and "not a finite number" in en


def test_implausibly_large_amount(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, budget_line("adjusted", "1e20"), capsys)
    assert "调整后预算数（budget.adjusted）：为 1E+20，大得不合常理" in zh
    assert "(budget.adjusted)" in en and "implausibly large" in en


def test_missing_budget_figures_are_all_listed_at_once(tmp_path, capsys) -> None:
    text = toml_text(
        {"budget": {"adjusted": DROP, "sangong_budget": DROP, "public_funds_actual": DROP}}
    )
    lines = run(tmp_path, text, capsys, "zh")
    fields = [line.split("（")[1].split("）")[0] for line in lines]
    assert fields == ["budget.adjusted", "budget.sangong_budget", "budget.public_funds_actual"]
    assert all("：必须填写，应为" in line for line in lines)
    assert all(": is required" in line for line in run(tmp_path, text, capsys, "en"))


def test_actual_missing_without_its_parts(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, budget_line("actual", None), capsys)
    assert "实际支出数（budget.actual）：必须填写" in zh
    assert "或者不写它，而同时填写基本支出（basic_actual）、项目支出（project_actual）" in zh
    assert "actual spending (budget.actual): is required" in en
    assert "basic spending (basic_actual), project spending (project_actual)" in en


def test_actual_disagreeing_with_its_parts(tmp_path, capsys) -> None:
    text = toml_text({"budget": {"basic_actual": 900, "project_actual": 50}})
    zh, en = both(tmp_path, text, capsys)
    assert zh.endswith(
        "实际支出数（budget.actual）：实际支出数为1000.00万元，但基本支出与项目支出之和为950.00万元；"
        "两者应相等，请核对"
    )
    assert "is 1000.00, but basic_actual + project_actual = 950.00" in en


def test_whole_budget_section_missing_names_every_field_it_needs(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, toml_text({"budget": DROP}), capsys)
    assert "预算收支（budget）：缺少 [budget] 这一部分；其中必须填写：年初预算数（initial）、" in zh
    # actual is needed too, or its two parts
    assert "实际支出数（actual，或基本支出（basic_actual）、项目支出（project_actual））" in zh
    assert "section [budget] is missing; it needs initial budget (initial)" in en


@pytest.mark.parametrize("value", ['"去年一月"', "20250110", "true"])
def test_a_date_that_is_not_a_date(value: str, tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "approved_on", value)
    zh, en = both(tmp_path, text, capsys)
    assert "批复日期（disclosure.budget.approved_on）：应为日期，如 2025-02-10" in zh
    assert "(disclosure.budget.approved_on): expected a date such as 2025-02-10" in en


def test_a_date_in_quotes_that_does_not_exist(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "approved_on", '"2025-02-30"')
    zh, en = both(tmp_path, text, capsys)
    assert '批复日期（disclosure.budget.approved_on）："2025-02-30" 不是一个真实的日期' in zh
    assert "not a real date" in en


def test_published_before_approved(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "approved_on", "2025-02-10")
    zh, en = both(tmp_path, text, capsys)
    assert zh.endswith(
        "公开日期（disclosure.budget.published_on）：公开日期2025年1月30日早于批复日期2025年2月10日；"
        "应在批复之后公开，请核对两个日期"
    )
    assert (
        "(disclosure.budget.published_on): is 2025-01-30, before the approval on 2025-02-10" in en
    )


def test_published_false_with_a_date(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "disclosure.budget", "published", "false")
    zh, en = both(tmp_path, text, capsys)
    assert "填写了公开日期，但“是否公开”为 false" in zh
    assert "(disclosure.budget.published_on): is given but published = false" in en


def test_a_wrong_value_in_an_array_of_tables_names_its_index(tmp_path, capsys) -> None:
    text = toml_text(
        {
            "targets": [
                {"name": "a", "kind": "qualitative", "level": "达成"},
                {"name": "b", "kind": "quantitive"},
            ]
        }
    )
    lines = run(tmp_path, text, capsys, "zh")
    assert any("指标类型（targets[1].kind）：应为以下之一" in line for line in lines)


def test_several_problems_are_reported_together(tmp_path, capsys) -> None:
    text = budget_line("initial", "nan")
    text = set_raw(text, "assets", "rules_exist", '"是否"')
    text = set_raw(text, "disclosure.budget", "approved_on", '"2025-13-01"')
    assert len(run(tmp_path, text, capsys, "zh")) == 3


def test_not_toml_at_all(tmp_path, capsys) -> None:
    zh, en = both(tmp_path, "[budget\ninitial = 1", capsys)
    assert ":1：格式有误：" in zh
    assert ":1: is not valid TOML" in en


def test_a_year_without_a_ruleset_is_the_facts_files_year(tmp_path, capsys) -> None:
    text = set_raw(toml_text(), "department", "year", "2031")
    zh, en = both(tmp_path, text, capsys)
    path = tmp_path / "dept.toml"
    assert zh.startswith(f"错误：{path}: 评价年度（department.year）：没有适用于2031年的评价规则")
    assert en.startswith(
        f"error: {path}: year evaluated (department.year): there is no ruleset for the year 2031"
    )
