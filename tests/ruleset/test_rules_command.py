"""`score rules list|show|check` and `score init` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import INVALID_RULESETS, ROOT

from jixiao.cli import main
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.catalog import survey
from jixiao.engine.ruleset.library import ENV_VAR

EXAMPLES = ROOT / "examples" / "rulesets"
INVALID = INVALID_RULESETS


def test_list_shows_every_ruleset_and_whether_it_is_valid(
    tmp_path: Path, registry: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "broken.toml").write_text(
        (INVALID / "rounding-mode.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "2025.toml").write_text('extends = "2025"\nid = "2025b"\nyear = 2025\n')
    entries = survey(registry, [EXAMPLES, tmp_path])
    found = [(e.name, e.origin, e.shadowed, e.year, e.title, e.problem) for e in entries]
    assert found == [
        (
            "2026-example",
            "--rulesets",
            False,
            2026,
            "部门整体支出绩效评价指标体系（2026年，示例）",
            None,
        ),
        ("2025", "--rulesets", False, 2025, "部门整体支出绩效评价指标体系（2025年）", None),
        (
            "broken",
            "--rulesets",
            False,
            None,
            "",
            '第5行：rounding.mode：应为以下之一：half_up、half_even、down（"half_up" 即四舍五入）',
        ),
        ("2025", "bundled", True, 2025, "部门整体支出绩效评价指标体系（2025年）", None),
        ("hunan", "bundled", False, 2025, "部门整体支出绩效评价评分表（湖南参考样表）", None),
    ]
    english = survey(registry, [EXAMPLES, tmp_path], "en")
    assert english[2].problem == (
        'line 5: rounding.mode: expected one of half_up, half_even, down ("half_up" is 四舍五入)'
    )
    assert main(["rules", "list", "--rulesets", str(EXAMPLES), "--rulesets", str(tmp_path)]) == 0
    flat = "".join(capsys.readouterr().out.split())  # rich wraps long cells
    assert "2026-example2026" in flat
    assert "有效" in flat
    assert "被前面同名的规则覆盖" in flat


def test_list_reads_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, str(EXAMPLES))
    assert main(["rules", "list", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "$SCORE_RULESETS:" in out
    assert "valid" in out


def test_show_states_each_rule_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "2025"]) == 0
    out = capsys.readouterr().out
    assert "一级/二级指标" in out
    assert "≤5%得满分；每超过1个百分点扣0.5分，扣完为止" in out
    assert (
        "评价等级：优秀 ≥ 85；良好 75 ≤ 总分 < 85；一般 60 ≤ 总分 < 75；较差 0 ≤ 总分 < 60" in out
    )


def test_show_markdown_is_the_table_to_publish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", str(EXAMPLES / "2026-example.toml"), "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "# 部门整体支出绩效评价指标体系（2026年，示例）"
    assert lines[2] == "| 一级/二级指标 | 分值 | 编号 | 三级指标 | 分值 | 评分标准 |"
    assert (
        lines[4]
        == "| 预算执行 | 35 | 1.1 | 预算执行率 | 20 | 得分 = 20 × 比率；超过100%的部分对称扣减 |"
    )
    assert (
        lines[5] == "|  |  | 1.2 | 结转结余率 | 5 | ≤3%得满分；每超过1个百分点扣0.5分，扣完为止 |"
    )
    assert "| 合计 | 100 |  |  |  |  |" in lines
    assert "- 优秀：≥ 90" in lines
    assert "- 三级指标得分四舍五入保留2位小数" in lines
    assert sum(1 for line in lines if line.startswith("|  |  | ") or line.startswith("| 预")) >= 5


def test_show_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "2025", "--format", "markdown", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "| Budget execution | 35 | 1.1 | Budget execution rate | 20 |" in out
    assert "≤ 5%: full points; 0.5 off per point above, down to 0" in out


def test_show_unknown_name_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "show", "2019"]) == 2
    assert "没有名为“2019”的评价规则；已有的评价规则：2025" in capsys.readouterr().err
    assert main(["rules", "show", "2019", "--lang", "en"]) == 2
    assert "there is no ruleset named '2019'; rulesets found: 2025" in capsys.readouterr().err


def test_check_valid_files_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(ROOT / "rulesets" / "2025.toml"), str(EXAMPLES / "2026-example.toml")]
    assert main(["rules", "check", *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"通过：{files[0]}：部门整体支出绩效评价指标体系（2025年），2025年度")
    assert out[1].startswith(f"通过：{files[1]}：")
    assert main(["rules", "check", *files, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"ok: {files[0]}: Department overall expenditure performance")


def test_init_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "dept.toml"
    target.write_text("mine", encoding="utf-8")
    assert main(["init", "--ruleset", "2025", str(target)]) == 2
    assert "文件已存在，不会覆盖；请换一个文件名，或加上 --force 覆盖它" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine"
    assert main(["init", "--ruleset", "2025", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("# 2025年度部门整体支出绩效评价")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dept.toml"]  # no temporary left


def test_init_for_a_year_without_a_ruleset_lists_the_years(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init", "--year", "2024", str(tmp_path / "x.toml")]) == 2
    assert "有评价规则的年度：2025年（2025、hunan）。" in capsys.readouterr().err
    assert not (tmp_path / "x.toml").exists()


def test_init_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "--year", "2025", "-"]) == 0
    assert "year = 2025" in capsys.readouterr().out
