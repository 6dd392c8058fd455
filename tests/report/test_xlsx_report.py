"""`--format xlsx -o FILE.xlsx`: the bureau's workbook of a batch, a department's 自评表 and the
review, read back with openpyxl: the totals exactly as `--format json` gives them, the sheets,
frozen headers, filters, number formats, the chart, text that is never a formula, and the output
safety every output keeps."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from commandline import cli
from paths import EXAMPLES, ROOT, SEED

openpyxl = pytest.importorskip("openpyxl")

HUNAN = EXAMPLES / "hunan" / "yueyang-water-2025.toml"
TOP_LEVEL = sorted(EXAMPLES.glob("*.toml"))  # the six departments beside the non-departments


def _run(monkeypatch, capsys, cwd: Path, *argv: str) -> tuple[int, str, str]:
    return cli(list(argv), monkeypatch, capsys, cwd)


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*score-tmp-*"))


@pytest.fixture(scope="module")
def bureau(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    """`score run examples/ --format xlsx -o out.xlsx`, and the same run as JSON Lines."""
    folder = tmp_path_factory.mktemp("bureau")
    score = [sys.executable, "-m", "jixiao.cli"]
    done = subprocess.run(
        [*score, "run", str(EXAMPLES), "--format", "xlsx", "-o", "out.xlsx"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stderr  # the files in examples/ that are no departments
    assert done.stdout == ""
    lines = subprocess.run(
        [*score, "run", str(EXAMPLES), "--format", "json"],
        cwd=folder,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    return folder / "out.xlsx", [json.loads(line) for line in lines]


def _rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_bureaus_workbook_has_its_four_sheets(bureau):
    book = openpyxl.load_workbook(bureau[0])
    assert book.sheetnames == ["排名", "明细", "分布", "未能评分"]
    for sheet in book:
        assert sheet.freeze_panes in ("A2", "C2")
    assert book["排名"].auto_filter.ref.startswith("A1:")


def test_one_ranking_row_per_department_with_the_json_totals_and_grades(bureau):
    path, documents = bureau
    scored = {d["department"]["code"]: d for d in documents if "total" in d}
    assert len(scored) == len(TOP_LEVEL) == 6
    sheet = openpyxl.load_workbook(path)["排名"]
    header, *rows = _rows(sheet)
    assert header[:5] == ["排名", "部门名称", "部门编码", "总分", "评价等级"]
    assert len(rows) == 6
    totals = [Decimal(str(row[3])) for row in rows]
    assert totals == sorted(totals, reverse=True)
    for row in rows:
        document = scored[row[2]]
        assert row[1] == document["department"]["name"]
        assert f"{Decimal(str(row[3])):.2f}" == document["total"]
        assert row[4] == document["grade"]
        for at, dimension in enumerate(document["dimensions"], start=5):
            assert header[at] == dimension["label"]
            assert f"{Decimal(str(row[at])):.2f}" == dimension["score"]
    assert rows[0][0] == 1
    total = sheet.cell(row=2, column=4)
    assert total.number_format == "0.00" and total.data_type == "n"
    assert sheet.cell(row=2, column=5).fill.fgColor.rgb.endswith("C6EFCE")  # 优秀, green


def test_every_number_reads_back_as_the_decimal_written(bureau):
    """A score goes into a cell as the double Excel keeps; it reads back as the same decimal."""
    path, documents = bureau
    details = openpyxl.load_workbook(path)["明细"]
    header, *rows = _rows(details)
    at = {name: header.index(name) for name in ("部门编码", "指标编码", "分值", "得分", "失分")}
    expected = {}
    for document in documents:
        for dimension in document.get("dimensions", ()):
            for sub in dimension["subindicators"]:
                key = (document["department"]["code"], sub["code"])
                expected[key] = (sub["points"], sub["score"])
    assert len(rows) == len(expected)
    for row in rows:
        points, score = expected[(row[at["部门编码"]], row[at["指标编码"]])]
        assert f"{Decimal(repr(row[at['分值']])):.2f}" == points
        assert Decimal(repr(row[at["分值"]])) == Decimal(points)
        if score is None:
            assert row[at["得分"]] in ("不适用", "出错")
            continue
        assert Decimal(repr(row[at["得分"]])) == Decimal(score)
        lost = Decimal(points) - Decimal(score)
        assert Decimal(repr(row[at["失分"]])) == lost
    assert details.cell(row=2, column=at["得分"] + 1).number_format == "0.00"


def test_the_distribution_has_a_native_bar_chart(bureau):
    sheet = openpyxl.load_workbook(bureau[0])["分布"]
    rows = _rows(sheet)
    assert rows[0] == ["评价等级", "部门数", "占比"]
    assert [row[:2] for row in rows[1:5]] == [["优秀", 3], ["良好", 2], ["一般", 0], ["较差", 1]]
    # openpyxl does not read charts back: look for the chart part in the file itself
    import zipfile

    with zipfile.ZipFile(bureau[0]) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        assert b"<barChart>" in archive.read(charts[0])
        assert b'<barDir val="col"/>' in archive.read(charts[0])


def test_the_files_not_scored_are_listed_with_their_problems(bureau):
    sheet = openpyxl.load_workbook(bureau[0])["未能评分"]
    header, *rows = _rows(sheet)
    assert header == ["文件", "位置", "问题"]
    files = {Path(row[0]).name for row in rows}
    assert files == {
        "yueyang-water-2025.toml",
        "luquan-cppcc-2025-satisfaction.toml",
        "pyproject.toml",
        "2025-satisfaction.toml",
        "2026-example.toml",
    }
    assert any("--ruleset hunan" in row[2] for row in rows)


def _seed_named(folder: Path, name: str) -> Path:
    text = SEED.read_text(encoding="utf-8").replace('name = "鹿泉区政协"', f'name = "{name}"', 1)
    target = folder / "dept.toml"
    target.write_text(text, encoding="utf-8")
    return target


def test_a_text_like_a_formula_is_written_as_text(monkeypatch, capsys, tmp_path: Path):
    _seed_named(tmp_path, "=HYPERLINK(1)")
    shutil.copy(EXAMPLES / "wuji-housing-2025.toml", tmp_path / "other.toml")
    code, _, _ = _run(monkeypatch, capsys, tmp_path, "run", ".", "--format", "xlsx", "-o", "b.xlsx")
    assert code == 0
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    cells = [c for row in book["排名"].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix
    import zipfile

    with zipfile.ZipFile(tmp_path / "b.xlsx") as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in sheet for sheet in sheets)  # no formula anywhere


def test_english_sheet_names_and_headers(monkeypatch, capsys, tmp_path: Path):
    for source in TOP_LEVEL[:2]:
        shutil.copy(source, tmp_path / source.name)
    argv = ("run", ".", "--format", "xlsx", "-o", "b.xlsx", "--lang", "en")
    assert _run(monkeypatch, capsys, tmp_path, *argv)[0] == 0
    book = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert book.sheetnames == ["Ranking", "Details", "Distribution", "Not scored"]
    assert _rows(book["Ranking"])[0][:5] == ["Rank", "Department", "Code", "Total", "Grade"]


def test_a_departments_self_evaluation_sheet(monkeypatch, capsys, tmp_path: Path):
    argv = ("run", str(SEED), "--format", "xlsx", "-o", "自评表.xlsx")
    code, out, err = _run(monkeypatch, capsys, tmp_path, *argv)
    assert (code, out, err) == (0, "", "")
    _, text, _ = _run(monkeypatch, capsys, tmp_path, "run", str(SEED), "--format", "json")
    document = json.loads(text)
    sheet = openpyxl.load_workbook(tmp_path / "自评表.xlsx")["自评表"]
    rows = _rows(sheet)
    assert rows[0][0].startswith("鹿泉区政协（LQ-ZX-001）2025年度")
    header = rows[2]
    assert header == ["一级指标", "三级指标", "分值", "得分", "扣分说明", "偏差原因分析及改进措施"]
    body = rows[3:]
    labels = [row[1] for row in body if row[1] and row[1] != "小计"]
    codes = [s["code"] for d in document["dimensions"] for s in d["subindicators"]]
    assert [label.split(" ")[0] for label in labels] == codes
    total = next(row for row in body if row[0] == "合计")
    assert f"{Decimal(repr(total[3])):.2f}" == document["total"]
    grade = next(row for row in body if row[0] == "评价等级")
    assert grade[3] == document["grade"]
    column = header.index("偏差原因分析及改进措施") + 1
    assert all(row[column - 1] is None for row in body)  # for the department to complete
    assert sheet.protection.sheet
    assert not sheet.cell(row=5, column=column).protection.locked
    assert sheet.cell(row=5, column=3).protection.locked
    assert sheet.column_dimensions["F"].width >= 40
    assert sheet.freeze_panes == "A4"


def test_a_hunan_self_evaluation_shows_the_second_level(monkeypatch, capsys, tmp_path: Path):
    argv = ("run", str(HUNAN), "--ruleset", "hunan", "--format", "xlsx", "-o", "hunan.xlsx")
    assert _run(monkeypatch, capsys, tmp_path, *argv)[0] == 0
    sheet = openpyxl.load_workbook(tmp_path / "hunan.xlsx")["自评表"]
    rows = _rows(sheet)
    assert rows[2][:3] == ["一级指标", "二级指标", "三级指标"]
    groups = [row[1] for row in rows[3:] if row[1] and row[2] == "小计"]
    assert "预算配置" in groups and len(groups) >= 5
    assert any(
        range_.min_col == 2 and range_.max_row > range_.min_row
        for range_ in sheet.merged_cells.ranges
    )


def test_the_review_workbook(monkeypatch, capsys, tmp_path: Path):
    argv = ("review", *map(str, TOP_LEVEL), "--format", "xlsx", "-o", "复核.xlsx")
    code, out, _ = _run(monkeypatch, capsys, tmp_path, *argv)
    assert code == 1 and out == ""  # some departments are flagged
    _, lines, _ = _run(monkeypatch, capsys, tmp_path, *argv[:-4], "--format", "json")
    documents = [json.loads(line) for line in lines.splitlines()]
    book = openpyxl.load_workbook(tmp_path / "复核.xlsx")
    assert book.sheetnames == ["复核", "主要失分指标", "项目", "未能评分"]
    header, *rows = _rows(book["复核"])
    assert header[:3] == ["需复核", "部门名称", "部门编码"]
    assert len(rows) == len(documents) == 6
    flagged = {d["department"]["code"] for d in documents if d["flagged"]}
    assert {row[2] for row in rows if row[0] == "是"} == flagged
    assert rows[0][0] == "是"  # the flagged first
    by_code = {d["department"]["code"]: d for d in documents}
    for row in rows:
        gap = by_code[row[2]]["points_gap"]
        assert (row[7] is None) if gap is None else Decimal(repr(row[7])) == Decimal(gap)
    lost = _rows(book["主要失分指标"])[1:]
    assert len(lost) == sum(len(d["explained_by"]) for d in documents)


def test_a_workbook_needs_a_file(monkeypatch, capsys, tmp_path: Path):
    code, out, err = _run(monkeypatch, capsys, tmp_path, "run", str(SEED), "--format", "xlsx")
    assert (code, out) == (2, "")
    assert "--format xlsx 写的是 Excel 工作簿" in err and "-o 2025.xlsx" in err
    code, _, err = _run(
        monkeypatch, capsys, tmp_path, "review", str(SEED), "--format", "xlsx", "--lang", "en"
    )
    assert code == 2 and "name the file with -o" in err


def test_an_existing_workbook_is_not_overwritten_without_force(monkeypatch, capsys, tmp_path):
    target = tmp_path / "2025.xlsx"
    target.write_bytes(b"the bureau's own edits")
    argv = ("run", str(EXAMPLES / "wuji-housing-2025.toml"), str(SEED), "--format", "xlsx")
    code, _, err = _run(monkeypatch, capsys, tmp_path, *argv, "-o", "2025.xlsx")
    assert code == 2 and "文件已存在，不会覆盖" in err
    assert target.read_bytes() == b"the bureau's own edits"
    code, _, _ = _run(monkeypatch, capsys, tmp_path, *argv, "-o", "2025.xlsx", "--force")
    assert code == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == "排名"
    assert not _leftovers(tmp_path)


def test_an_interrupted_write_leaves_nothing(monkeypatch, capsys, tmp_path: Path):
    from openpyxl.workbook.workbook import Workbook

    def interrupted(self, stream):
        stream.write(b"PK half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr(Workbook, "save", interrupted)
    argv = ("run", str(SEED), "--format", "xlsx", "-o", "a.xlsx")
    assert _run(monkeypatch, capsys, tmp_path, *argv)[0] == 130  # Ctrl-C
    assert not (tmp_path / "a.xlsx").exists()
    assert not _leftovers(tmp_path)


def test_a_toml_run_does_not_import_openpyxl(tmp_path: Path):
    probe = (
        "import contextlib, io, sys\n"
        "from jixiao import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = cli.main(['run', {str(SEED)!r}, '--format', 'json'])\n"
        "print(code, 'openpyxl' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split() == ["0", "False"]
