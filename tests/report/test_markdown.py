"""`--format markdown`: the result table of section 四 and the full indicator breakdown."""

from __future__ import annotations

from pathlib import Path

from jixiao.cli import main
from jixiao.report.markdown import cell


def markdown(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(["run", *argv, "--format", "markdown"])
    return code, capsys.readouterr().out.splitlines()


def test_seed_result_table_has_the_shape_of_section_four(capsys, examples_dir: Path):
    code, lines = markdown(capsys, str(examples_dir / "luquan-cppcc-2025.toml"))
    assert code == 0
    assert lines[0] == "## 鹿泉区政协（LQ-ZX-001）2025年度部门整体支出绩效评价结果"
    assert "部门整体支出绩效评价总得分79.43分（满分100分），评价等级为良好。" in lines
    start = lines.index("| 项目名称 | 得分 | 评价等级 |")
    assert lines[start + 1 : start + 4] == [
        "| --- | ---: | --- |",
        "| 部门整体支出（鹿泉区政协） | 79.43 | 良好 |",
        "| 政协委员工作站（室）建设活动经费 | 100.00 | 优秀 |",
    ]
    assert lines[start + 12] == "| 民生议事角 | 100.00 | 优秀 |"
    assert lines[start + 13] == ""
    assert lines[start + 14].startswith("注：部门整体支出得分为按评价规则计算的结果")


def test_seed_breakdown_lists_every_indicator_with_its_deductions(capsys, examples_dir: Path):
    _, lines = markdown(capsys, str(examples_dir / "luquan-cppcc-2025.toml"))
    start = lines.index("| 指标 | 分值 | 得分 | 扣分及说明 |")
    rows = lines[start + 2 : lines.index("", start)]
    assert len(rows) == 5 + 17 + 1  # the dimensions, the sub-indicators, the total
    assert len([r for r in rows if r.startswith("| **")]) == 6
    assert rows[0] == "| **预算执行** | 35.00 | **35.00** |  |"
    assert (
        "| 4.1 内控制度完备性 | 8.00 | 3.43 | 内控制度完备率：具备的制度 3项 / 适用的制度 7项 = "
        "42.86%<br>−4.57｜内控制度完备性42.86%，按比例扣4.57分 |"
    ) in rows
    assert "| 4.3 资金使用合规性 | 3.00 | 3.00 | 资金违规问题：未发现问题 |" in rows
    assert rows[-1] == "| **总分** | 100.00 | **79.43** | 良好 |"
    assert lines[-1] == "评价规则：部门整体支出绩效评价指标体系（2025年）"


def test_markdown_in_english_and_to_a_file(capsys, examples_dir: Path, tmp_path: Path):
    target = tmp_path / "result.md"
    code = main(
        ["run", str(examples_dir / "luquan-cppcc-2025.toml"), "--format", "markdown",
         "--lang", "en", "-o", str(target)]
    )  # fmt: skip
    assert code == 0 and capsys.readouterr().out == ""
    text = target.read_text(encoding="utf-8")
    assert "| Overall expenditure（鹿泉区政协） | 79.43 | Good |" in text
    assert "| **Total** | 100.00 | **79.43** | Good |" in text


def test_batch_markdown_sections_in_path_order(capsys, tmp_path: Path):
    from departments import department

    for name, which in (("b.toml", "乙"), ("a.toml", "甲")):
        (tmp_path / name).write_text(department(which), encoding="utf-8")
    code, lines = markdown(capsys, str(tmp_path))
    assert code == 0
    titles = [line for line in lines if line.startswith("## ")]
    assert titles == [
        "## 甲单位（A-01）2025年度部门整体支出绩效评价结果",
        "## 乙单位（B-02）2025年度部门整体支出绩效评价结果",
    ]
    assert lines.count("---") == 1


def test_cells_escape_pipes_and_newlines():
    assert cell("a|b\nc") == "a\\|b<br>c"
