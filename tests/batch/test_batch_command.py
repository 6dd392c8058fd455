"""`score run` over many files: every good file scored, every bad one listed, stable output."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from departments import GRADES, TOTALS, department, write_batch

from jixiao.cli import main
from jixiao.commands.batch import FileOutcome, Job, discover, exit_code, score_files
from jixiao.engine.batch.summary import distribution, mean, median, ranking
from jixiao.engine.words.text import Text


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_batch(folder)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def summaries(folder: Path) -> list:
    return [r.summary for r in score_files(discover([str(folder)]), Job()) if r.summary]


def test_discover_sorts_recurses_and_keeps_what_cannot_be_scored(batch: Path, tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    found = discover([str(batch / "sub"), str(batch), str(empty), str(tmp_path / "nope.toml")])
    names = [Path(p).relative_to(tmp_path).as_posix() for p in found]
    assert names == [
        "empty",
        "in/a.toml",
        "in/b.toml",
        "in/broken.toml",
        "in/c.toml",
        "in/sub/d.toml",
        "in/sub/typo.toml",
        "nope.toml",
    ]


def test_batch_scores_every_good_file_and_lists_every_bad_one(capsys, batch: Path):
    code, out, err = run(capsys, "run", str(batch))
    assert code == 2
    lines = out.splitlines()
    ranked = [line.split()[:5] for line in lines if line.strip()[:1].isdigit()]
    assert ranked == [
        ["1", "丙单位", "C-03", "89.43", "优秀"],
        ["2", "甲单位", "A-01", "79.43", "良好"],
        ["3", "乙单位", "B-02", "78.43", "良好"],
        ["4", "丁单位", "D-04", "64.43", "一般"],
    ]
    assert "内部控制 7.43/15.00" in out  # 丙's weakest dimension
    assert "平均分：77.93    中位数：78.93    已评分：4    出错：2" in out
    assert "未能评分的文件（2）" in out
    typo = "budget.adjustd：[budget]中没有字段“adjustd”；是否应为“adjusted”？"
    assert f"{batch / 'broken.toml'}:1：格式有误" in out
    assert typo in out
    # and always on stderr: a user who redirects stdout still sees every problem
    problems = err.splitlines()
    assert len(problems) == 2 and all(line.startswith("错误：") for line in problems)
    assert problems[1].endswith(typo)


def test_batch_with_a_missing_file_and_an_empty_folder(capsys, tmp_path: Path):
    (tmp_path / "a.toml").write_text(department("甲"), encoding="utf-8")
    (tmp_path / "empty").mkdir()
    code, _, err = run(
        capsys, "run", str(tmp_path / "a.toml"), str(tmp_path / "empty"), "nope.toml",
        "--format", "csv",
    )  # fmt: skip
    assert code == 2
    assert f"错误：{tmp_path / 'empty'}：这个文件夹里没有任何填报数据文件（.toml 或 .xlsx）" in err
    assert "错误：nope.toml：找不到这个文件" in err
    assert "共3个文件，已评分1个，2个未能评分" in err
    code, _, err = run(
        capsys, "run", str(tmp_path / "a.toml"), str(tmp_path / "empty"), "nope.toml",
        "--format", "csv", "--lang", "en",
    )  # fmt: skip
    assert (
        f"error: {tmp_path / 'empty'}: is a folder without any facts file (.toml or .xlsx)" in err
    )
    assert "error: nope.toml: no such file" in err
    assert "scored 1 of 3 file(s); 2 failed" in err


def test_example_departments_score_cleanly(capsys, examples_dir: Path):
    departments = sorted(str(path) for path in examples_dir.glob("*.toml"))
    code, out, err = run(capsys, "run", *departments, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    seed = [row for row in rows if row[-1].endswith("luquan-cppcc-2025.toml")]
    scores = ["35.00", "0.00", "7.00", "7.43", "30.00", "79.43", "良好"]
    file = str(examples_dir / "luquan-cppcc-2025.toml")
    assert seed == [["鹿泉区政协", "LQ-ZX-001", "2025", *scores, file]]


def test_ranking_shares_a_rank_between_equal_totals(tmp_path: Path):
    for name, which in (("a.toml", "甲"), ("a2.toml", "甲"), ("b.toml", "乙"), ("c.toml", "丙")):
        (tmp_path / name).write_text(department(which), encoding="utf-8")
    ranked = ranking(summaries(tmp_path))
    assert [(r.rank, Path(r.summary.source).name) for r in ranked] == [
        (1, "c.toml"),
        (2, "a.toml"),
        (2, "a2.toml"),
        (4, "b.toml"),
    ]


def test_distribution_mean_and_median(batch: Path):
    rows = summaries(batch)
    assert sorted(str(r.total) for r in rows) == sorted(TOTALS.values())
    assert [(label.zh, count) for label, count in distribution(rows)] == [
        ("优秀", 1),
        ("良好", 2),
        ("一般", 1),
        ("较差", 0),
    ]
    assert mean(rows) == Decimal("77.93")  # 311.72 / 4
    assert median(rows) == Decimal("78.93")  # (78.43 + 79.43) / 2
    assert mean(rows[:3]) == Decimal("82.43")  # 247.29 / 3
    assert median(rows[:3]) == Decimal("79.43")
    assert mean([]) is None and median([]) is None


def test_distribution_bars_are_scaled_to_the_largest_band(capsys, batch: Path):
    _, out, _ = run(capsys, "run", str(batch))
    assert "  优秀  " + "█" * 20 + " 1" in out
    assert "  良好  " + "█" * 40 + " 2" in out
    assert "  较差   0" in out


def test_weakest_dimension_is_the_lowest_share_of_its_weight(batch: Path):
    rows = {r.name: r for r in summaries(batch)}
    weakest = rows["丙单位"].weakest()
    assert weakest is not None
    assert (weakest.id, weakest.score) == ("internal_controls", Decimal("7.43"))
    assert rows["甲单位"].weakest().id == "disclosure"  # 0.00 of 10


def test_csv_has_a_bom_and_reads_back_with_chinese_text(capsys, batch: Path, tmp_path: Path):
    target = tmp_path / "out.csv"
    code, out, _ = run(capsys, "run", str(batch), "--format", "csv", "--output", str(target))
    assert code == 2 and out == ""
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [
        "部门名称", "部门编码", "年度", "预算执行", "预决算公开", "资产管理", "内部控制",
        "产出与绩效目标", "总分", "评价等级", "文件",
    ]  # fmt: skip
    assert [row[:3] + row[8:10] for row in rows[1:]] == [
        ["甲单位", "A-01", "2025", "79.43", "良好"],
        ["乙单位", "B-02", "2025", "78.43", "良好"],
        ["丙单位", "C-03", "2025", "89.43", "优秀"],
        ["丁单位", "D-04", "2025", "64.43", "一般"],
    ]  # path order: a, b, c, sub/d; the broken files have no row
    assert rows[2][3:8] == ["35.00", "0.00", "6.00", "7.43", "30.00"]
    assert rows[3][3:8] == ["35.00", "10.00", "7.00", "7.43", "30.00"]
    assert rows[4][7] == "15.00"
    assert rows[4][10] == str(batch / "sub" / "d.toml")


def test_csv_in_english(capsys, tmp_path: Path):
    (tmp_path / "a.toml").write_text(department("甲"), encoding="utf-8")
    _, out, _ = run(capsys, "run", str(tmp_path / "a.toml"), "--format", "csv", "--lang", "en")
    header, row = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert header[:4] == ["Department", "Code", "Year", "Budget execution"]
    assert row[-3:-1] == ["79.43", "Good"]


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_two_processes_give_the_same_output_as_one(capsys, batch: Path, fmt: str):
    one = run(capsys, "run", str(batch), "--format", fmt, "--jobs", "1")
    two = run(capsys, "run", str(batch), "--format", fmt, "--jobs", "2")
    assert one == two
    assert one[0] == 2


def test_json_lines_one_object_per_file_in_path_order(capsys, batch: Path):
    code, out, _ = run(capsys, "run", str(batch), "--format", "json")
    assert code == 2
    objects = [json.loads(line) for line in out.splitlines()]
    assert [Path(o["source"]).name for o in objects] == [
        "a.toml", "b.toml", "broken.toml", "c.toml", "d.toml", "typo.toml",
    ]  # fmt: skip
    assert [o.get("total") for o in objects] == ["79.43", "78.43", None, "89.43", "64.43", None]
    typo = objects[-1]
    assert typo["error"] == "unusable input"
    assert typo["problems"] == [
        {
            "file": str(batch / "sub" / "typo.toml"),
            "field": "budget.adjustd",
            "label": None,
            "line": 18,
            "cell": None,
            "message": "[budget]中没有字段“adjustd”；是否应为“adjusted”？",
            "message_id": "unknown.near",
        }
    ]


def test_one_file_is_scored_exactly_as_before(capsys, examples_dir: Path):
    from jixiao.engine import api
    from jixiao.report.json_report import render_json

    seed = examples_dir / "luquan-cppcc-2025.toml"
    code, out, _ = run(capsys, "run", str(seed), "--format", "json")
    assert code == 0
    assert out == render_json(api.score_file(seed)) + "\n"
    code, out, _ = run(capsys, "run", str(seed))
    assert code == 0 and "总分：79.43    评价等级：良好" in out and "部门排名" not in out


def test_one_unusable_file_is_exit_2_with_its_problems(capsys, batch: Path):
    code, out, err = run(capsys, "run", str(batch / "sub" / "typo.toml"))
    assert (code, out) == (2, "")
    assert "是否应为“adjusted”？" in err


def test_output_refuses_to_overwrite_without_force(capsys, batch: Path, tmp_path: Path):
    target = tmp_path / "result.csv"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = run(capsys, "run", str(batch / "a.toml"), "--format", "csv", "-o", str(target))
    assert code == 2 and out == ""
    assert (
        err == f"错误：{target}: --output：文件已存在，不会覆盖；"
        "请换一个文件名，或加上 --force 覆盖它\n"
    )
    assert target.read_text(encoding="utf-8") == "keep me"
    code, _, _ = run(capsys, "run", str(batch / "a.toml"), "--format", "csv", "-o", str(target),
                     "--force")  # fmt: skip
    assert code == 0
    assert target.read_text(encoding="utf-8-sig").splitlines()[1].startswith("甲单位,A-01,2025,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "result.csv"]


def test_a_failed_run_leaves_no_partial_file(capsys, batch: Path, tmp_path: Path, monkeypatch):
    import jixiao.report.csv_report as csv_report

    def broken(*args, **kwargs):
        args[1].write("half a file")
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(csv_report, "write_csv", broken)
    target = tmp_path / "result.csv"
    code, _, err = run(capsys, "run", str(batch), "--format", "csv", "-o", str(target))
    assert code == 4 and "内部错误：RuntimeError: disk trouble" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no result, no temporary file


def test_output_into_a_missing_folder_is_refused_before_scoring(capsys, batch: Path, tmp_path):
    code, _, err = run(capsys, "run", str(batch), "-o", str(tmp_path / "no" / "x.md"))
    assert code == 2 and f"--output：文件夹 {tmp_path / 'no'} 不存在" in err


@pytest.mark.parametrize(
    ("which", "options", "expected"),
    [
        ("甲", ["--fail-under", "79.43"], 0),  # equal is not below
        ("甲", ["--fail-under", "79.44"], 1),
        ("甲", ["--fail-under-grade", "良好"], 0),
        ("甲", ["--fail-under-grade", "Excellent"], 1),
        ("丁", ["--fail-under-grade", "良好"], 1),
        ("丁", ["--fail-under-grade", "一般"], 0),
        ("甲", ["--fail-under-grade", "很好"], 2),
    ],
)
def test_fail_under(capsys, tmp_path: Path, which: str, options: list[str], expected: int):
    (tmp_path / "x.toml").write_text(department(which), encoding="utf-8")
    code, _, err = run(capsys, "run", str(tmp_path / "x.toml"), *options)
    assert code == expected
    if expected == 1:
        assert err.startswith(f"未达标：{tmp_path / 'x.toml'}：")
    if expected == 2:
        assert "“很好”不是评价规则中的等级；可以写：优秀（Excellent）、良好（Good）" in err


def test_fail_under_in_a_batch_lists_every_department_below(capsys, batch: Path):
    for name in ("broken.toml", "sub/typo.toml"):
        (batch / name).unlink()
    code, _, err = run(capsys, "run", str(batch), "--fail-under", "79", "--format", "json")
    assert code == 1
    below = [line for line in err.splitlines() if line.startswith("未达标：")]
    assert below == [
        f"未达标：{batch / 'b.toml'}：乙单位（B-02）：总分78.43分，低于 --fail-under 79分",
        f"未达标：{batch / 'sub' / 'd.toml'}：丁单位（D-04）：总分64.43分，低于 --fail-under 79分",
    ]
    code, _, err = run(capsys, "run", str(batch), "--fail-under", "79", "--lang", "en")
    assert next(line for line in err.splitlines() if line.startswith("below:")) == (
        f"below: {batch / 'b.toml'}: 乙单位 (B-02): total 78.43 is below --fail-under 79"
    )
    assert run(capsys, "run", str(batch), "--fail-under", "64.43")[0] == 0


def test_unusable_input_outranks_fail_under(capsys, batch: Path):
    code, _, _ = run(capsys, "run", str(batch), "--fail-under", "100")
    assert code == 2


def test_fail_under_rejects_a_score_out_of_range(capsys, batch: Path):
    with pytest.raises(SystemExit) as stop:
        main(["run", str(batch), "--fail-under", "101"])
    assert stop.value.code == 2
    assert "score run：错误：参数 --fail-under：应为0至100的分数，如 85 或 84.5，填写的是 101" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        main(["run", str(batch), "--fail-under", "101", "--lang", "en"])
    assert "argument --fail-under: expected a score from 0 to 100 such as 85 or 84.5, not 101" in (
        capsys.readouterr().err
    )


def test_exit_code_precedence():
    def result(status):
        return FileOutcome("x", status)

    assert exit_code([]) == 0
    assert exit_code([result("scored"), result("unusable")]) == 2
    assert exit_code([result("unusable"), result("incomplete"), result("scored")]) == 3
    assert exit_code([result("incomplete"), result("internal")]) == 4


def test_grade_text_equality_is_by_value():
    assert Text("优秀", "Excellent") == Text("优秀", "Excellent")


def test_grades_pinned_for_the_batch_departments(batch: Path):
    rows = {r.name: r for r in summaries(batch)}
    assert {name[0]: r.grade.zh for name, r in rows.items()} == GRADES


def test_a_bug_on_one_file_is_reported_for_that_file(capsys, batch: Path, monkeypatch):
    from jixiao.engine.batch import summary

    real = summary.summarize

    def fragile(card, grades):
        if card.department.code == "B-02":
            raise ZeroDivisionError("boom")
        return real(card, grades)

    monkeypatch.setattr("jixiao.commands.batch.summarize", fragile)
    code, out, err = run(capsys, "run", str(batch), "--format", "json")
    assert code == 4  # internal error outranks the unusable files
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[1] == {
        "schema_version": 1,
        "source": str(batch / "b.toml"),
        "error": "internal error",
        "problems": [],
        "messages": ["内部错误：ZeroDivisionError: boom（score 的缺陷）"],
    }
    assert [o.get("total") for o in lines] == ["79.43", None, None, "89.43", "64.43", None]
    assert f"错误：{batch / 'b.toml'}：内部错误：ZeroDivisionError: boom" in err


def test_progress_is_drawn_only_on_a_terminal():
    from jixiao.report.progress import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    pipe, terminal = io.StringIO(), Terminal()
    for stream in (pipe, terminal):
        with progress(3, "score", stream) as advance:
            for _ in range(3):
                advance()
    assert pipe.getvalue() == ""
    assert "3/3" in terminal.getvalue()
    quiet = Terminal()
    with progress(3, "score", quiet, enabled=False) as advance:
        advance()
    assert quiet.getvalue() == ""


def test_names_holding_rich_markup_are_shown_as_written(capsys, tmp_path: Path):
    # a department's own text must never be read as rich markup: "[/]" used to crash the run
    text = department("甲").replace('name = "', 'name = "测试[/]x[red]', 1)
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    (tmp_path / "b.toml").write_text(department("乙"), encoding="utf-8")
    for command in ("run", "review"):
        code, out, err = run(capsys, command, str(tmp_path))
        assert code != 4 and "internal error" not in err, err
        assert "测试[/]x[red]" in out


def test_csv_cells_never_start_a_formula(capsys, tmp_path: Path):
    text = department("甲").replace('name = "', 'name = "=HYPERLINK(1)', 1)
    (tmp_path / "a.toml").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "run", str(tmp_path / "a.toml"), "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.removeprefix("\ufeff"))))
    assert code == 0
    assert rows[1][0].startswith("'=HYPERLINK(1)")


def test_an_unknown_grade_is_refused_before_anything_is_written(capsys, tmp_path: Path):
    (tmp_path / "a.toml").write_text(department("甲"), encoding="utf-8")
    target = tmp_path / "out.json"
    code, _, err = run(
        capsys, "run", str(tmp_path), "--format", "json", "-o", str(target),
        "--fail-under-grade", "甲等",
    )  # fmt: skip
    assert code == 2
    assert "错误：--fail-under-grade：“甲等”不是评价规则中的等级" in err
    assert not target.exists()
