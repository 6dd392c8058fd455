"""Workbooks that are not what they claim: each refused with exit 2 and a message saying what
it is and what to do, never a traceback or a hang. A workbook is a zip of XML any program may
have written, so what is read of it is bounded before it is opened."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from commandline import cli
from paths import EXAMPLES, TESTS

from jixiao.engine import api
from jixiao.engine.facts.workbook import MAX_ROWS, MAX_UNPACKED_BYTES

pytest.importorskip("openpyxl")
pytest.importorskip("defusedxml")

WORKBOOKS = TESTS / "facts" / "workbooks"
SAVED = WORKBOOKS / "libreoffice-saved.xlsx"


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_sheet(xml: str) -> bytes:
    """The saved workbook with its first sheet's XML replaced."""
    parts = _parts(SAVED)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    return _zip(parts)


SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)


def _many_rows(count: int) -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, count + 1)
    )
    return _with_sheet(SHEET.format(rows=rows))


def _entities() -> bytes:
    lol = (
        '<!ENTITY a "'
        + "a" * 100
        + '">'
        + "".join(
            f'<!ENTITY {name} "{("&" + prev + ";") * 10}">'
            for prev, name in zip("abcdefg", "bcdefgh", strict=True)
        )
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{lol}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&h;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    parts = _parts(SAVED)
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-8")
    return _zip(parts)


def _bomb() -> bytes:
    parts = _parts(SAVED)
    parts["xl/media/padding.bin"] = b"\0" * (MAX_UNPACKED_BYTES + 1)
    return _zip(parts)


def _word() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})


def _old_xls() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "Workbook".encode("utf-16-le")


HOSTILE = {
    "text renamed .xlsx": (
        lambda: (EXAMPLES / "luquan-cppcc-2025.toml").read_bytes(),
        "是文本文件，不是 Excel 工作簿；若它是 TOML 填报数据文件，请把扩展名改为 .toml",
        "is a text file, not an Excel workbook; if it is a TOML facts file, name it .toml",
    ),
    "damaged zip": (
        lambda: SAVED.read_bytes()[: len(SAVED.read_bytes()) // 2],
        "已损坏，无法作为 Excel 工作簿打开",
        "is damaged and cannot be opened as a workbook",
    ),
    "damaged sheet": (
        lambda: _with_sheet("<worksheet><sheetData><row"),
        "已损坏，无法作为 Excel 工作簿读取（",
        "is damaged and cannot be read as a workbook (",
    ),
    "zip bomb": (
        _bomb,
        f"解压后有{MAX_UNPACKED_BYTES + sum(len(v) for v in _parts(SAVED).values()) + 1:,}字节，"
        "超过填报工作簿的上限（20 MB），不予读取",
        "more than a facts workbook may (20 MB); it is not read",
    ),
    "rows past the bound": (
        lambda: _many_rows(MAX_ROWS + 1),
        f"工作表“填写说明”超过{MAX_ROWS}行；填报工作簿不会有这么多行，多余的行请删去",
        f"sheet '填写说明' has more than {MAX_ROWS} rows",
    ),
    "XML entities": (
        _entities,
        "含有 XML 实体定义（可被用来攻击读取它的程序），不予读取",
        "holds XML entity declarations",
    ),
    "password to open": (
        lambda: (WORKBOOKS / "password.xlsx").read_bytes(),
        "设置了打开密码，无法读取：请在 Excel 或 WPS 中打开，取消密码",
        "is protected with a password and cannot be read",
    ),
    "old .xls renamed": (
        _old_xls,
        "是旧版 Excel（.xls）或 WPS（.et）格式：请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”",
        "is an old Excel (.xls) or WPS (.et) file",
    ),
    "Word document renamed": (
        _word,
        "是 Word 文档，不是 Excel 工作簿；请用 score init 生成的工作簿填写",
        "is a Word document, not an Excel workbook",
    ),
    "another program's workbook": (
        lambda: _with_only_a_sheet_of_numbers(),
        "中没有找到“字段名”列，不是 score init 生成的填报工作簿",
        "has no 字段名 (field key) column",
    ),
}


def _with_only_a_sheet_of_numbers() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append([1, 2, 3])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_workbook_is_refused_with_exit_2(name, tmp_path, monkeypatch, capsys):
    make, chinese, english = HOSTILE[name]
    path = tmp_path / "dept.xlsx"
    path.write_bytes(make())
    code, out, err = cli(["run", str(path)], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err.startswith(f"错误：{path}：") and chinese in err, err
    assert "Traceback" not in err
    code, _, err = cli(["run", str(path), "--lang", "en"], monkeypatch, capsys, tmp_path)
    assert code == 2 and english in err, err


def test_a_million_empty_rows_are_passed_over(tmp_path):
    """Rows past the bound are looked at, not kept: a sheet ending in a million empty rows
    (what formatting a column down to the bottom of a sheet leaves) reads as the workbook it
    is, in bounded time and memory."""
    parts = _parts(SAVED)
    sheet = parts["xl/worksheets/sheet4.xml"].decode("utf-8")
    empty = "".join(f'<row r="{r}"/>' for r in range(100, 1_000_100))
    parts["xl/worksheets/sheet4.xml"] = sheet.replace(
        "</sheetData>", empty + "</sheetData>"
    ).encode("utf-8")
    assert sum(len(data) for data in parts.values()) < MAX_UNPACKED_BYTES
    path = tmp_path / "dept.xlsx"
    path.write_bytes(_zip(parts))
    assert api.score_file(path).total == api.score_file(SAVED).total


def test_a_value_far_below_the_bound_is_not_dropped(tmp_path, monkeypatch, capsys):
    parts = _parts(SAVED)
    sheet = parts["xl/worksheets/sheet4.xml"].decode("utf-8")
    far = '<row r="1048576"><c r="C1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    parts["xl/worksheets/sheet4.xml"] = sheet.replace("</sheetData>", far + "</sheetData>").encode(
        "utf-8"
    )
    path = tmp_path / "dept.xlsx"
    path.write_bytes(_zip(parts))
    code, _, err = cli(["run", str(path)], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert f"工作表“预算收支”超过{MAX_ROWS}行" in err


def test_a_workbook_with_macros_is_read_for_its_values_only(tmp_path):
    parts = _parts(SAVED)
    parts["xl/vbaProject.bin"] = b'Attribute VB_Name = "Module1"\nSub AutoOpen()\nEnd Sub\n'
    path = tmp_path / "dept.xlsm"
    path.write_bytes(_zip(parts))
    facts, _ = api.load_department(path, api.load_registry())
    assert api.score_file(path).total == api.score_file(SAVED).total
    said = [note.message.get("zh") for note in facts.notes if note.code == "workbook.macros"]
    assert said == ["该工作簿含有宏：宏未运行，只读取了单元格中保存的值"]


@pytest.mark.parametrize("suffix", [".xls", ".et", ".ods"])
def test_other_spreadsheet_formats_say_to_save_as_xlsx(suffix, tmp_path, monkeypatch, capsys):
    path = tmp_path / f"dept{suffix}"
    path.write_bytes(_old_xls())
    code, _, err = cli(["run", str(path)], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert (
        f"是 {suffix} 文件：填报数据请用 .toml 文件，或 score init 生成的 Excel 工作簿（.xlsx）"
        in err
    )


# ── found by an adversarial reading: each read as it should, or refused ──


def _edited(tmp_path: Path, edit, name: str = "dept.xlsx") -> Path:
    """The saved workbook with `edit(book)` applied by openpyxl."""
    import openpyxl

    book = openpyxl.load_workbook(SAVED)
    edit(book)
    path = tmp_path / name
    book.save(path)
    return path


def _problems(path: Path) -> list[str]:
    from jixiao.engine.errors import InputError

    with pytest.raises(InputError) as raised:
        api.load_department(path, api.load_registry())
    return [p.render("zh") for p in raised.value.problems]


def test_a_dotted_text_above_a_header_is_no_row_of_keys(tmp_path):
    def edit(book):
        book["内部控制"]["G2"] = "v1.2"
        book["资产管理"]["G1"] = "2025.03.05"
        book["绩效目标"]["L1"] = "v1.2"

    assert api.score_file(_edited(tmp_path, edit)).total == Decimal("82.41")


def test_a_percent_sign_is_read_as_the_cell_shows_it(tmp_path):
    def edit(book):
        sheet = book["预算收支"]
        sheet["C11"].number_format = '0.0"%"'  # a sign beside 11.4: shows 11.4%, holds 11.4
        targets = book["绩效目标"]
        targets["E7"], targets["E7"].number_format = 0.45, "0%"  # typed 45%: holds 0.45

    path = _edited(tmp_path, edit)
    assert _problems(path) == [
        f'{path} 绩效目标!E7 第2个绩效目标的实际值（targets[1].actual）：填写的是 "45%"：'
        "只填数字 45，不加“%”"
    ]


def test_an_amount_shown_as_a_percentage_is_refused(tmp_path):
    def edit(book):
        book["预算收支"]["C11"].number_format = "0.0%"  # 11.4 shown as 1140.0%

    path = _edited(tmp_path, edit)
    assert _problems(path) == [
        f"{path} 预算收支!C11 “三公”经费实际支出（budget.sangong_actual）：金额不能写成百分数"
        '（"1140%"）：请填写以万元为单位的金额'
    ]


def test_a_record_typed_above_the_row_of_keys_is_refused(tmp_path):
    def edit(book):
        sheet = book["绩效目标"]
        sheet.insert_rows(5)
        sheet["A5"], sheet["B5"], sheet["D5"], sheet["E5"] = "新增目标", "定量", 10, 9

    path = _edited(tmp_path, edit)
    problems = _problems(path)
    assert problems[0] == (
        f"{path} 绩效目标!D5 绩效目标（targets）：填在灰色字段名一行（绩效目标!D6）的上方，"
        "这里的内容不会被读取：请把这条记录填到字段名一行的下方"
    )
    assert len(problems) == 2  # D5 and E5


def test_a_formula_whose_result_is_empty_is_an_empty_cell(tmp_path):
    parts = _parts(SAVED)
    sheet = parts["xl/worksheets/sheet4.xml"].decode("utf-8")  # 预算收支: C9 is carry_over
    cell = '<c r="C9" t="str"><f>IF(1=1,"","x")</f><v></v></c>'
    sheet = sheet.replace('<c r="C9" s="', '<c r="Z9" s="', 1)
    sheet = sheet.replace('</row><row r="10"', cell + '</row><row r="10"', 1)
    parts["xl/worksheets/sheet4.xml"] = sheet.encode("utf-8")
    path = tmp_path / "dept.xlsx"
    path.write_bytes(_zip(parts))
    assert api.score_file(path).total == Decimal("82.41")


def test_a_row_numbered_two_billion_is_read_at_once(tmp_path):
    parts = _parts(SAVED)
    sheet = parts["xl/worksheets/sheet4.xml"].decode("utf-8")
    parts["xl/worksheets/sheet4.xml"] = sheet.replace(
        "</sheetData>", '<row r="2000000000"/></sheetData>'
    ).encode("utf-8")
    path = tmp_path / "dept.xlsx"
    path.write_bytes(_zip(parts))
    assert api.score_file(path).total == Decimal("82.41")


def test_a_value_past_the_columns_read_is_not_dropped(tmp_path):
    def edit(book):
        book["预算收支"]["BZ5"] = 1

    path = _edited(tmp_path, edit)
    assert _problems(path) == [
        f"{path}：工作表“预算收支”第64列之后还有内容；填报工作簿不会有这么多列，多余的列请删去"
    ]


def test_a_number_of_four_hundred_digits_is_refused_not_a_crash(tmp_path, monkeypatch, capsys):
    parts = _parts(SAVED)
    sheet = parts["xl/worksheets/sheet4.xml"].decode("utf-8")
    import re

    sheet, count = re.subn(
        r'(<c r="C5"[^>]*><v>)[^<]*(</v>)', r"\g<1>1" + "0" * 400 + r"\g<2>", sheet
    )
    assert count == 1
    parts["xl/worksheets/sheet4.xml"] = sheet.encode("utf-8")
    path = tmp_path / "dept.xlsx"
    path.write_bytes(_zip(parts))
    code, _, err = cli(["run", str(path)], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert f"{path} 预算收支!C5 调整后预算数（budget.adjusted）：应为" in err


def test_a_year_typed_as_text_is_read_with_a_note(tmp_path):
    def edit(book):
        book["基本信息"]["C7"] = "2025"

    facts, _ = api.load_department(_edited(tmp_path, edit), api.load_registry())
    assert facts.department.year == 2025
    notes = [n.message.get("zh") for n in facts.notes if n.where == "department.year"]
    assert notes == ['基本信息!C7：已将 "2025" 读作 2025']


@pytest.mark.parametrize("none", ["暂无", "/", "—", "-", "无；"])
def test_more_ways_of_saying_none(none, tmp_path):
    def edit(book):
        book["内部控制"]["C9"] = none

    facts, _ = api.load_department(_edited(tmp_path, edit), api.load_registry())
    assert facts.sections["internal_controls"]["violations"] == ()


def test_a_records_sheet_given_twice_names_both(tmp_path):
    def edit(book):
        book.copy_worksheet(book["绩效目标"]).title = "绩效目标2"

    path = _edited(tmp_path, edit)
    assert _problems(path)[-1] == (
        f"{path} 绩效目标2!A5 绩效目标（targets）：在工作簿中出现两次"
        "（绩效目标!A5 和 绩效目标2!A5）；请只保留一处"
    )


def test_a_key_pasted_with_a_zero_width_space_is_read(tmp_path):
    def edit(book):
        book["预算收支"]["F5"] = "budget.adjusted\u200b"

    assert api.score_file(_edited(tmp_path, edit)).total == Decimal("82.41")


def test_a_key_inside_another_is_refused(tmp_path):
    def edit(book):
        sheet = book["预算收支"]
        sheet["F20"], sheet["C20"] = "budget.adjusted.extra", 1

    path = _edited(tmp_path, edit)
    assert _problems(path) == [
        f"{path} 预算收支!C20 budget.adjusted.extra：“budget.adjusted.extra”"
        "与工作簿中另一字段名冲突（一个是另一个的上级）；请检查灰色字段名一列是否被改动"
    ]
