"""The fill-in workbook: `score init dept.xlsx` writes it (blank, or `--from` a facts file), and
`score run dept.xlsx` reads it as it reads TOML: every example department round-trips
TOML → xlsx → TOML to the same facts and the same total; numbers read exactly; every problem is
named at its sheet and cell, all at once, in both languages; files a real spreadsheet program
saved (LibreOffice, tests/facts/workbooks/) score as the TOML they came from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from commandline import cli
from hypothesis import given
from hypothesis import strategies as st
from paths import EXAMPLES, TESTS

from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.facts.sheets import DIGITS
from jixiao.engine.facts.workbook import _number

openpyxl = pytest.importorskip("openpyxl")

WORKBOOKS = TESTS / "facts" / "workbooks"
HUNAN = EXAMPLES / "hunan" / "yueyang-water-2025.toml"
DEPARTMENTS = [*sorted(EXAMPLES.glob("*.toml")), HUNAN]
ZHENGDING = EXAMPLES / "zhengding-agriculture-2025.toml"


def _ruleset_of(path: Path) -> list[str]:
    return ["--ruleset", "hunan"] if path == HUNAN else []


def _init(monkeypatch, capsys, cwd: Path, *argv: str) -> tuple[int, str, str]:
    return cli(["init", *argv], monkeypatch, capsys, cwd)


def _without_empty_tables(node: Any) -> Any:
    """Facts as compared: a section header written with no field under it (as a TOML template
    keeps every header) is no answer."""
    if isinstance(node, dict):
        return {
            key: _without_empty_tables(value)
            for key, value in node.items()
            if not (isinstance(value, dict) and not value)
        }
    if isinstance(node, list | tuple):
        return [_without_empty_tables(item) for item in node]
    return node


def _facts(path: Path, ruleset: str | None = None) -> Any:
    facts, _ = api.load_department(path, api.load_registry(), ruleset)
    return _without_empty_tables(dict(facts.sections)), dict(facts.claims)


def _card(path: Path, ruleset: str | None = None) -> Any:
    return api.score_file(path, ruleset, registry=api.load_registry())


# ── every example round-trips ──


@pytest.mark.parametrize("toml", DEPARTMENTS, ids=lambda p: p.stem)
def test_every_example_round_trips_toml_xlsx_toml(toml, tmp_path, monkeypatch, capsys):
    workbook, back = tmp_path / "dept.xlsx", tmp_path / "back.toml"
    named = _ruleset_of(toml)
    code, out, err = _init(
        monkeypatch, capsys, tmp_path, "--from", str(toml), str(workbook), *named
    )
    assert (code, err) == (0, ""), err
    assert out.strip() == f"已写入 {workbook}：{toml} 中的填报数据"
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--from", str(workbook), str(back), *named)
    assert (code, err) == (0, ""), err
    ruleset = "hunan" if toml == HUNAN else None
    first, workbook_card, last = (_card(path, ruleset) for path in (toml, workbook, back))
    assert workbook_card.total == first.total == last.total
    assert workbook_card.grade == first.grade == last.grade
    assert _facts(workbook, ruleset) == _facts(toml, ruleset) == _facts(back, ruleset)


def test_score_run_of_a_workbook_prints_what_the_toml_prints(tmp_path, monkeypatch, capsys):
    workbook = tmp_path / "dept.xlsx"
    _init(monkeypatch, capsys, tmp_path, "--from", str(ZHENGDING), str(workbook))
    code, from_workbook, _ = cli(["run", str(workbook)], monkeypatch, capsys, tmp_path)
    assert code == 0
    _, from_toml, _ = cli(["run", str(ZHENGDING)], monkeypatch, capsys, tmp_path)
    assert from_workbook == from_toml
    assert "总分：82.41    评价等级：良好" in from_workbook


# ── the blank workbook ──


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("blank")
    target = folder / "dept.xlsx"
    from jixiao.commands.start import entry  # noqa: F401 - the command the user runs

    api_registry = api.load_registry()
    ruleset = api.load_ruleset(year=2025, registry=api_registry)
    from jixiao.report.xlsx_template import build_facts_workbook

    build_facts_workbook(ruleset, api_registry).save(target)
    return target


def _row_of(sheet, key: str) -> int:
    for row in sheet.iter_rows(min_col=6, max_col=6):
        if row[0].value == key:
            return row[0].row
    raise AssertionError(f"no row for {key}")


def _validation_of(sheet, coordinate: str):
    for rule in sheet.data_validations.dataValidation:
        if coordinate in rule.sqref:
            return rule
    return None


def test_the_blank_workbook_has_instructions_first_then_a_sheet_per_indicator(blank):
    book = openpyxl.load_workbook(blank)
    assert book.sheetnames == [
        "填写说明",
        "_lists",
        "基本信息",
        "预算收支",
        "预决算公开",
        "资产管理",
        "内部控制",
        "绩效目标",
        "项目",
    ]
    assert book["_lists"].sheet_state == "hidden"
    assert book.active.title == "填写说明"
    steps = [row[0] for row in book["填写说明"].iter_rows(values_only=True) if row[0]]
    assert steps[0] == "2025年度部门整体支出绩效评价 填报工作簿"
    assert (
        "1. 只在黄色单元格中填写；其他单元格已锁定（工作表保护未设密码），以免误改项目名称。"
        in steps
    )
    assert steps[-1] == "评分：score run 本文件.xlsx（财政部门或本部门自行评分时运行）"


def test_each_field_has_its_label_form_input_help_and_key(blank):
    sheet = openpyxl.load_workbook(blank)["预算收支"]
    assert [c.value for c in sheet[3]] == [
        "项目",
        "填法",
        "填写",
        "佐证材料及备注",
        "说明",
        "字段名",
    ]
    assert [c.value for c in sheet[5]][:3] == ["调整后预算数", "万元；必填", None]
    assert sheet["F5"].value == "budget.adjusted"  # 预算收支!C5 is the adjusted budget
    assert sheet["D5"].protection.locked is False  # the evidence: the department's own
    assert sheet.protection.sheet is True
    assert sheet["A5"].protection.locked is True
    assert sheet["C5"].protection.locked is False
    rule = _validation_of(sheet, "C5")
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == (
        "decimal",
        "between",
        "0",
        "10000000000",  # as validation bounds an amount: 10^10 万元
    )
    assert rule.error == "请填写不小于0的数字，不加单位"


def test_yes_no_fields_are_drop_downs_and_dates_are_date_cells(blank):
    book = openpyxl.load_workbook(blank)
    sheet = book["预决算公开"]
    published = _row_of(sheet, "disclosure.budget.published")
    rule = _validation_of(sheet, f"C{published}")
    assert rule.type == "list"
    lists = book["_lists"]
    column = rule.formula1.split("$")[1]
    assert [lists[f"{column}{row}"].value for row in (1, 2)] == ["是", "否"]
    approved = _row_of(sheet, "disclosure.budget.approved_on")
    date_rule = _validation_of(sheet, f"C{approved}")
    assert (date_rule.type, date_rule.formula1, date_rule.formula2) == ("date", "36526", "73415")
    assert sheet[f"C{approved}"].number_format == "yyyy-mm-dd"
    controls = book["内部控制"]
    budget_rules = _row_of(controls, "internal_controls.rule_sets.budget")
    column = _validation_of(controls, f"C{budget_rules}").formula1.split("$")[1]
    assert [lists[f"{column}{row}"].value for row in (1, 2, 3)] == ["是", "否", "不适用"]


def test_targets_are_a_table_with_chinese_drop_downs(blank):
    book = openpyxl.load_workbook(blank)
    sheet = book["绩效目标"]
    assert [c.value for c in sheet[3]][:3] == ["指标名称", "指标类型", "方向"]
    assert [c.value for c in sheet[5]][:2] == ["targets.name", "targets.kind"]
    rule = _validation_of(sheet, "B6")
    assert "B6:B205" in str(rule.sqref)
    column = rule.formula1.split("$")[1]
    assert [book["_lists"][f"{column}{row}"].value for row in (1, 2)] == ["定量", "定性"]
    assert sheet["A6"].protection.locked is False
    assert sheet.protection.insertRows is False  # rows may be added


def test_the_year_is_filled_in_and_nothing_else(blank):
    book = openpyxl.load_workbook(blank)
    sheet = book["基本信息"]
    assert sheet[f"C{_row_of(sheet, 'department.year')}"].value == 2025
    for name in ["基本信息", "预算收支", "预决算公开", "资产管理", "内部控制"]:
        inputs = [
            row[2].value
            for row in book[name].iter_rows(min_row=4)
            if len(row) > 5 and isinstance(row[5].value, str) and row[5].value != "department.year"
        ]
        assert all(value is None for value in inputs), name


def test_a_blank_workbook_names_each_required_field_at_its_cell(blank, monkeypatch, capsys):
    code, _, err = cli(["run", str(blank)], monkeypatch, capsys, blank.parent)
    assert code == 2
    assert f"错误：{blank} 基本信息!C5 部门名称（department.name）：必须填写，应为文字\n" in err
    assert (
        f"错误：{blank} 预算收支!C5 调整后预算数（budget.adjusted）："
        "必须填写，应为以万元为单位的金额，只填数字，不加单位，如 2640.5\n"
    ) in err
    code, _, err = cli(["run", str(blank), "--lang", "en"], monkeypatch, capsys, blank.parent)
    assert (
        f"error: {blank} 预算收支!C5 adjusted budget (budget.adjusted): is required: an amount in "
        "万元, a number without a unit, e.g. 2640.5\n"
    ) in err


def test_the_english_workbook_is_in_english(tmp_path, monkeypatch, capsys):
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--year", "2025", "e.xlsx", "--lang", "en")
    assert code == 0, err
    book = openpyxl.load_workbook(tmp_path / "e.xlsx")
    assert book.sheetnames[0] == "Instructions"
    assert [c.value for c in book["Department"][3]] == [
        "Item",
        "How to fill in",
        "Value",
        "Evidence and notes",
        "Notes on the field",
        "Field key",
    ]


def test_init_refuses_to_overwrite_a_workbook(tmp_path, monkeypatch, capsys):
    (tmp_path / "dept.xlsx").write_bytes(b"mine")
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--year", "2025", "dept.xlsx")
    assert code == 2
    assert "文件已存在，不会覆盖" in err
    assert (tmp_path / "dept.xlsx").read_bytes() == b"mine"


def test_from_refuses_a_year_of_its_own(tmp_path, monkeypatch, capsys):
    code, _, err = _init(
        monkeypatch, capsys, tmp_path, "--from", str(ZHENGDING), "--year", "2025", "d.xlsx"
    )
    assert code == 2
    assert "--year：不能与 --from 同用" in err
    assert not (tmp_path / "d.xlsx").exists()


def test_from_refuses_a_number_a_workbook_cannot_hold(tmp_path, monkeypatch, capsys):
    text = ZHENGDING.read_text(encoding="utf-8").replace(
        "adjusted = 2640 ", "adjusted = 2640.0000000000001 "
    )
    source = tmp_path / "precise.toml"
    source.write_text(text, encoding="utf-8")
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--from", str(source), "d.xlsx")
    assert code == 2
    assert "调整后预算数（budget.adjusted）：2640.0000000000001 的有效数字超过15位" in err
    assert not (tmp_path / "d.xlsx").exists()


# ── reading what an officer typed ──


def _filled(tmp_path: Path, edits: dict[str, Any], source: Path = ZHENGDING) -> Path:
    """The pre-filled workbook of `source` with `edits` typed into the cells of their keys."""
    from jixiao.report.xlsx_template import build_facts_workbook

    registry = api.load_registry()
    facts, ruleset = api.load_department(source, registry, "hunan" if source == HUNAN else None)
    values = dict(facts.sections)
    values["self_evaluation"] = dict(facts.claims)
    book = build_facts_workbook(ruleset, registry, values=values)
    for key, value in edits.items():
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_col=6, max_col=6):
                if row[0].value == key:
                    sheet.cell(row=row[0].row, column=3).value = value
    target = tmp_path / "edited.xlsx"
    book.save(target)
    return target


def _raw_value(path: Path, sheet: int, cell: str, text: str) -> None:
    """Write `text` as the stored number of `cell` on the `sheet`th sheet, as Excel writes a
    double it keeps in full (openpyxl writes at most 15 significant digits)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = f"xl/worksheets/sheet{sheet}.xml"
    xml = parts[name].decode("utf-8")
    xml, count = re.subn(rf'(<c r="{cell}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{text}\g<2>", xml)
    assert count == 1
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def _problems(path: Path, lang: str = "zh") -> list[str]:
    with pytest.raises(InputError) as raised:
        api.load_department(path, api.load_registry())
    return [p.render(lang) for p in raised.value.problems]


def test_every_problem_is_named_at_its_sheet_and_cell_all_at_once(tmp_path):
    path = _filled(
        tmp_path,
        {
            "budget.adjusted": "两千",
            "budget.actual": 0.25,  # made 0.30000000000000004 below, as Excel would store it
            "budget.initial": "=B1*2",  # a formula no program has calculated
            "disclosure.budget.published": "也许",
        },
    )
    _raw_value(path, 4, "C6", "0.30000000000000004")  # sheet 4: 预算收支
    problems = _problems(path)
    assert problems == [
        f"{path} 预算收支!C4 年初预算数（budget.initial）：是公式，但文件中没有保存计算结果"
        "（文件未经 Excel 或 WPS 计算）：请在 Excel 或 WPS 中打开并保存后再试",
        f"{path} 预算收支!C5 调整后预算数（budget.adjusted）：应为以万元为单位的金额，只填数字，"
        '不加单位，如 2640.5，填写的是 "两千"',
        f"{path} 预算收支!C6 实际支出数（budget.actual）：0.30000000000000004 的有效数字超过15位，"
        "Excel 无法准确保存；请最多填写15位有效数字",
        f"{path} 预决算公开!C7 是否公开（disclosure.budget.published）：应为从下拉列表选择"
        '“是”或“否”，填写的是 "也许"',
    ]
    english = _problems(path, "en")
    assert english[0].startswith(
        f"{path} 预算收支!C4 initial budget (budget.initial): is a formula whose result the file "
        "does not hold"
    )


def test_a_number_typed_as_text_is_read_as_the_number_with_a_note(tmp_path):
    path = _filled(tmp_path, {"budget.adjusted": "2,640.00"})
    facts, _ = api.load_department(path, api.load_registry())
    assert facts.sections["budget"]["adjusted"] == Decimal("2640.00")
    notes = [note.message.get("zh") for note in facts.notes if note.where == "budget.adjusted"]
    assert notes == ['预算收支!C5：已将 "2,640.00" 读作 2640.00']


def test_dates_may_be_date_cells_or_text(tmp_path):
    path = _filled(
        tmp_path,
        {
            "disclosure.budget.approved_on": dt.datetime(2025, 1, 20),
            "disclosure.budget.published_on": "2025年2月18日",
        },
    )
    facts, _ = api.load_department(path, api.load_registry())
    budget = facts.sections["disclosure"]["budget"]
    assert (budget["approved_on"], budget["published_on"]) == (
        dt.date(2025, 1, 20),
        dt.date(2025, 2, 18),
    )


def test_drop_down_words_and_lists_read_as_toml_values(tmp_path):
    path = _filled(
        tmp_path,
        {
            "internal_controls.rule_sets.contracts": "不适用",
            "internal_controls.risk_assessment": "否",
            "assets.findings": "账实不符；资产闲置",
            "internal_controls.violations": "无",
        },
    )
    facts, _ = api.load_department(path, api.load_registry())
    controls = facts.sections["internal_controls"]
    assert controls["rule_sets"]["contracts"] == "n/a"
    assert controls["risk_assessment"] is False
    assert controls["violations"] == ()
    assert facts.sections["assets"]["findings"] == ("账实不符", "资产闲置")


def test_rows_added_for_notes_and_renamed_sheets_read_the_same(tmp_path):
    path = _filled(tmp_path, {})
    book = openpyxl.load_workbook(path)
    sheet = book["预算收支"]
    sheet.insert_rows(4, amount=2)
    sheet["A4"] = "备注：以下为决算数"
    sheet.title = "预算"
    book.save(path)
    assert _card(path).total == _card(ZHENGDING).total


def test_a_note_beside_the_row_of_keys_leaves_the_records_read(tmp_path):
    path = _filled(tmp_path, {})
    book = openpyxl.load_workbook(path)
    book["绩效目标"]["L5"] = "备注：目标值以批复为准"
    book.save(path)
    facts, _ = api.load_department(path, api.load_registry())
    assert len(facts.records("targets")) == 4
    assert _card(path).total == _card(ZHENGDING).total


def test_a_key_given_twice_is_refused_with_both_cells(tmp_path):
    path = _filled(tmp_path, {})
    book = openpyxl.load_workbook(path)
    sheet = book["预算收支"]
    sheet["F20"], sheet["C20"] = "budget.adjusted", 100
    book.save(path)
    assert _problems(path) == [
        f"{path} 预算收支!C20 调整后预算数（budget.adjusted）：在工作簿中出现两次"
        "（预算收支!C5 和 预算收支!C20）；请只保留一处"
    ]


# ── numbers exactly ──


@given(
    st.decimals(
        min_value=Decimal("-1e10"), max_value=Decimal("1e10"), allow_nan=False, places=6
    ).filter(lambda d: len(d.normalize().as_tuple().digits) <= DIGITS)
)
def test_a_decimal_of_up_to_15_digits_reads_back_as_typed(typed):
    cell = _number("A1", float(typed), formula=False)
    assert cell.problem is None
    assert cell.value == typed


def test_a_formulas_result_is_read_as_excel_shows_it():
    assert _number("A1", 0.1 + 0.2, formula=True).value == Decimal("0.3")
    assert _number("A1", 0.1 + 0.2, formula=False).problem is not None
    assert _number("A1", 2640.0, formula=False).value == 2640


# ── files saved by a real spreadsheet program ──


def test_a_workbook_saved_by_libreoffice_scores_as_its_toml():
    saved = WORKBOOKS / "libreoffice-saved.xlsx"
    assert _card(saved).total == _card(ZHENGDING).total == Decimal("82.41")
    assert _facts(saved) == _facts(ZHENGDING)


def test_a_workbook_edited_in_libreoffice_scores_as_the_toml_with_the_same_edits(tmp_path):
    edited = WORKBOOKS / "libreoffice-edited.xlsx"
    text = ZHENGDING.read_text(encoding="utf-8")
    text = text.replace("adjusted = 2640 ", "adjusted = 2700.5 ")
    text = text.replace("sangong_actual = 11.4", "sangong_actual = 15.8")
    same = tmp_path / "same.toml"
    same.write_text(text, encoding="utf-8")
    assert _facts(edited) == _facts(same)
    assert _card(edited).total == _card(same).total == Decimal("74.95")
    facts, _ = api.load_department(edited, api.load_registry())
    assert facts.sections["budget"]["sangong_actual"] == Decimal("15.8")  # =12.5+3.3, cached


def test_a_folder_mixing_toml_and_workbooks_is_one_batch(tmp_path, monkeypatch, capsys):
    import shutil

    shutil.copy(ZHENGDING, tmp_path / "a.toml")
    shutil.copy(WORKBOOKS / "libreoffice-edited.xlsx", tmp_path / "b.xlsx")
    (tmp_path / "~$b.xlsx").write_bytes(b"\x00lock")  # Excel's lock file: not a department
    code, out, err = cli(["run", str(tmp_path), "--format", "csv"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    rows = out.splitlines()
    assert len(rows) == 3
    assert sorted(row.split(",")[8] for row in rows[1:]) == ["74.95", "82.41"]


def test_an_english_workbook_reads_back_to_the_same_facts(tmp_path, monkeypatch, capsys):
    workbook = tmp_path / "dept.xlsx"
    code, _, err = _init(
        monkeypatch, capsys, tmp_path, "--from", str(ZHENGDING), str(workbook), "--lang", "en"
    )
    assert code == 0, err
    book = openpyxl.load_workbook(workbook)
    sheet = book["Disclosure"]
    assert sheet[f"C{_row_of(sheet, 'disclosure.budget.published')}"].value == "yes"
    assert _facts(workbook) == _facts(ZHENGDING)


def test_from_a_workbook_with_problems_lists_them_at_their_cells(tmp_path, monkeypatch, capsys):
    path = _filled(tmp_path, {"budget.adjusted": None, "budget.initial": "abc"})
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--from", str(path), "back.toml")
    assert code == 2
    assert err.splitlines()[:2] == [
        f"错误：{path} 预算收支!C4 年初预算数（budget.initial）：应为以万元为单位的金额，只填数字，"
        '不加单位，如 2640.5，填写的是 "abc"',
        f"错误：{path} 预算收支!C5 调整后预算数（budget.adjusted）："
        "必须填写，应为以万元为单位的金额，只填数字，不加单位，如 2640.5",
    ]
    assert not (tmp_path / "back.toml").exists()


def test_a_test_case_may_name_a_workbook(tmp_path, monkeypatch, capsys):
    cases = tmp_path / "cases.toml"
    edited = WORKBOOKS / "libreoffice-edited.xlsx"
    cases.write_text(
        f"""
[[case]]
name = "edited in LibreOffice"
facts = "{edited}"
total = 74.95
grade = "一般"

[[case]]
name = "and the 三公 spending back within its budget"
facts = "{edited}"
total = 79.95  # 1.3 "三公"经费控制率 back to its 5 points: 11.4 / 12 = 95%
[case.overrides.budget]
sangong_actual = 11.4
""",
        encoding="utf-8",
    )
    code, out, err = cli(["test", str(cases)], monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, ""), out
    assert out.splitlines()[-1] == "2个通过，0个未通过"


def test_a_review_reads_a_workbooks_self_evaluation(tmp_path, monkeypatch, capsys):
    _, out, _ = cli(
        ["review", str(WORKBOOKS / "libreoffice-saved.xlsx"), "--format", "json"],
        monkeypatch,
        capsys,
        tmp_path,
    )
    import json

    review = json.loads(out)
    expected = json.loads(
        cli(["review", str(ZHENGDING), "--format", "json"], monkeypatch, capsys, tmp_path)[1]
    )
    assert review["computed"] == expected["computed"]
    assert review["claimed"] == expected["claimed"]


def test_a_percentage_typed_with_its_sign_is_read_as_the_cell_shows_it(tmp_path):
    path = _filled(tmp_path, {}, source=HUNAN)
    book = openpyxl.load_workbook(path)
    sheet = book["指标数据"]
    row = _row_of(sheet, "effects.economic_percent")
    sheet.cell(row=row, column=3).value = 0.75  # what Excel stores for 75% typed in the cell
    sheet.cell(row=row, column=3).number_format = "0%"
    book.save(path)
    facts, _ = api.load_department(path, api.load_registry())
    assert facts.sections["effects"]["economic_percent"] == 75


def test_a_workbook_of_a_bureaus_ruleset_is_scored_with_it(tmp_path, monkeypatch, capsys):
    """The Hunan workbook names its ruleset on 基本信息: no --ruleset needed, alone or in a
    batch beside a 2025 TOML file."""
    workbook = tmp_path / "hunan.xlsx"
    _init(monkeypatch, capsys, tmp_path, "--from", str(HUNAN), str(workbook), "--ruleset", "hunan")
    assert _card(workbook).total == _card(HUNAN, "hunan").total == Decimal("85.36")
    import shutil

    shutil.copy(ZHENGDING, tmp_path / "zhengding.toml")
    code, out, err = cli(["run", str(tmp_path), "--format", "csv"], monkeypatch, capsys, tmp_path)
    assert code == 0, err
    assert sorted(line.split(",")[-3] for line in out.splitlines()[1:]) == ["82.41", "85.36"]


def test_a_workbooks_ruleset_that_cannot_be_found_is_its_cells_problem(tmp_path):
    path = _filled(tmp_path, {}, source=HUNAN)
    book = openpyxl.load_workbook(path)
    sheet = book["基本信息"]
    sheet.cell(row=_row_of(sheet, "score.ruleset"), column=3).value = "hunan-2024"
    book.save(path)
    assert _problems(path) == [
        f"{path} 基本信息!C8 评价规则（score.ruleset）：没有名为“hunan-2024”的评价规则；"
        "已有的评价规则：2025、hunan"
    ]


@pytest.mark.parametrize("none", ["无", "无。", "[]", "没有", "none"])
def test_a_list_cell_saying_none_is_an_empty_list(none, tmp_path):
    path = _filled(tmp_path, {"assets.findings": none})
    facts, _ = api.load_department(path, api.load_registry())
    assert facts.sections["assets"]["findings"] == ()


# ── the workbook's 评价规则 cell ──


def _hunan_with(tmp_path: Path, value: Any, name: str = "hunan.xlsx") -> Path:
    path = _filled(tmp_path, {}, source=HUNAN)
    book = openpyxl.load_workbook(path)
    sheet = book["基本信息"]
    sheet.cell(row=_row_of(sheet, "score.ruleset"), column=3).value = value
    target = tmp_path / name
    book.save(target)
    return target


@pytest.mark.parametrize("value", ["../rulesets/other.toml", "/tmp/lenient.toml", 2025])
def test_the_ruleset_cell_takes_a_name_never_a_path(value, tmp_path):
    path = _hunan_with(tmp_path, value)
    assert _problems(path) == [
        f"{path} 基本信息!C8 评价规则（score.ruleset）：应为生成本工作簿的评价规则的名称"
        "（如 hunan），不能是文件路径或数字；请恢复原样，或用 score init 重新生成工作簿"
    ]


def test_the_ruleset_cell_names_a_ruleset_of_the_workbooks_year(tmp_path):
    path = _hunan_with(tmp_path, "2025")
    book = openpyxl.load_workbook(path)
    sheet = book["基本信息"]
    sheet.cell(row=_row_of(sheet, "department.year"), column=3).value = 2024
    book.save(path)
    assert _problems(path) == [
        f"{path} 基本信息!C8 评价规则（score.ruleset）：评价规则“2025”是2025年度的，"
        "而本工作簿的评价年度是2024：请用2024年度的评价规则生成工作簿（score init），"
        "或在命令后加 --ruleset 指定"
    ]


def test_a_test_case_names_the_workbooks_ruleset_cell(tmp_path, monkeypatch, capsys):
    path = _hunan_with(tmp_path, "hunan-2024")
    cases = tmp_path / "cases.toml"
    cases.write_text(f'[[case]]\nfacts = "{path}"\ntotal = 85.36\n', encoding="utf-8")
    code, _, err = cli(["test", str(cases)], monkeypatch, capsys, tmp_path)
    assert code == 2
    said = "基本信息!C8 评价规则（score.ruleset）：没有名为“hunan-2024”的评价规则"
    assert f"错误：{path} {said}" in err


# ── --from, exactly ──


def test_from_writes_the_other_format_beside_by_default(tmp_path, monkeypatch, capsys):
    import shutil

    shutil.copy(ZHENGDING, tmp_path / "zd.toml")
    assert _init(monkeypatch, capsys, tmp_path, "--from", "zd.toml")[0] == 0
    assert (tmp_path / "zd.xlsx").is_file()
    (tmp_path / "zd.toml").unlink()
    assert _init(monkeypatch, capsys, tmp_path, "--from", "zd.xlsx")[0] == 0
    assert _facts(tmp_path / "zd.toml") == _facts(ZHENGDING)


def test_from_keeps_a_text_of_n_a_as_text(tmp_path, monkeypatch, capsys):
    source = tmp_path / "na.toml"
    text = ZHENGDING.read_text(encoding="utf-8").replace('code = "ZD-NY-013"', 'code = "n/a"')
    source.write_text(text, encoding="utf-8")
    _init(monkeypatch, capsys, tmp_path, "--from", str(source), "na.xlsx")
    facts, _ = api.load_department(tmp_path / "na.xlsx", api.load_registry())
    assert facts.department.code == "n/a"


def _with_findings(tmp_path: Path, written: str) -> Path:
    """The 正定 example with its asset findings written as `written` (TOML)."""
    text = ZHENGDING.read_text(encoding="utf-8")
    start = text.index("findings = [")
    end = text.index("]", start) + 1
    source = tmp_path / "findings.toml"
    source.write_text(text[:start] + f"findings = {written}" + text[end:], encoding="utf-8")
    return source


def test_from_refuses_a_list_that_would_read_back_as_none(tmp_path, monkeypatch, capsys):
    source = _with_findings(tmp_path, '["无"]')
    code, _, err = _init(monkeypatch, capsys, tmp_path, "--from", str(source), "none.xlsx")
    assert code == 2
    assert "资产管理问题（assets.findings）：列表中的文字含有分号（；或 ;），或只有一项“无”" in err
    assert not (tmp_path / "none.xlsx").exists()


def test_an_english_workbook_writes_none_for_no_findings(tmp_path, monkeypatch, capsys):
    source = _with_findings(tmp_path, "[]")
    _init(monkeypatch, capsys, tmp_path, "--from", str(source), "e.xlsx", "--lang", "en")
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx")["Asset management"]
    assert sheet[f"C{_row_of(sheet, 'assets.findings')}"].value == "none"
    facts, _ = api.load_department(tmp_path / "e.xlsx", api.load_registry())
    assert facts.sections["assets"]["findings"] == ()


# ── what an officer types, read as meant ──


def test_a_list_written_with_the_enumeration_comma_is_noted(tmp_path):
    path = _filled(
        tmp_path, {"assets.findings": "部分办公设备账实不符、一处门面房出租未履行审批手续"}
    )
    facts, _ = api.load_department(path, api.load_registry())
    assert len(facts.sections["assets"]["findings"]) == 1
    said = [n.message.get("zh") for n in facts.notes if n.code == "workbook.one_item"]
    assert said == ["资产管理!C7：读作1项；如有多项，请用“；”隔开，每项计一次"]


def test_a_zero_in_a_list_cell_is_refused_not_counted(tmp_path):
    path = _filled(tmp_path, {"assets.findings": 0})
    assert _problems(path) == [
        f"{path} 资产管理!C7 资产管理问题（assets.findings）：应为文字，多项用“；”隔开，"
        "没有填“无”，填写的是 0"
    ]


def test_an_amount_in_wan_is_read_as_wan_yuan(tmp_path):
    path = _filled(tmp_path, {"budget.adjusted": "2640万"})
    facts, _ = api.load_department(path, api.load_registry())
    assert facts.sections["budget"]["adjusted"] == Decimal(2640)


def test_a_projects_grade_that_is_none_of_the_rulesets_is_warned_about(tmp_path):
    path = _filled(tmp_path, {})
    book = openpyxl.load_workbook(path)
    book["项目"]["D6"] = "良"
    book.save(path)
    card = _card(path)
    said = [f.message.get("zh") for f in card.findings if f.where == "projects[0].self_grade"]
    assert said == [
        "项目“高标准农田建设县级配套资金”的自评等级“良”不是评价规则中的等级，复核时无法比较；"
        "请写优秀、良好、一般、较差之一"
    ]


def test_a_sheet_of_the_officers_own_listing_files_is_no_records_sheet(tmp_path):
    path = _filled(tmp_path, {})
    book = openpyxl.load_workbook(path)
    listing = book.create_sheet("附件清单")
    listing.append(["预算批复.pdf"])
    listing.append(["决算报表.xlsx"])
    book.save(path)
    assert _card(path).total == Decimal("82.41")


def test_a_changed_openpyxl_is_an_internal_error_not_a_damaged_file(tmp_path, monkeypatch, capsys):
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    monkeypatch.delattr(ReadOnlyWorksheet, "_get_source")
    code, _, err = cli(
        ["run", str(WORKBOOKS / "libreoffice-saved.xlsx")], monkeypatch, capsys, tmp_path
    )
    assert code == 4
    assert "已损坏" not in err


def test_the_declared_owner_is_the_rulesets_indicator():
    from jixiao.engine.facts.sheets import DECLARED_OWNER
    from jixiao.engine.ruleset.declared import DECLARED

    assert DECLARED_OWNER == DECLARED
