"""`score rules impact OLD NEW DEPARTMENTS…`: each department under both rulesets, the change,
the grade distributions and the moves, every number worked out by hand below.

NEW (`2026-impact`) extends the bundled 2025 and changes three things:

- 1.2 结转结余率: full points up to 3% (2025: 5%), 1 point off per point above (2025: 0.5).
  Carry-over: 井陉 0%, 政协 0%, 市场监管 1%, 社工部 2.5%: 5.00 as before; 无极 38%: 0 as
  before; 正定 7%: 5 − (7 − 3) × 1 = 1.00 (2025: 5 − 2 × 0.5 = 4.00), −3.00.
- 3.2 资产安全: 0.5 off per finding (2025: 1). 社工部, 1 finding: 3.50 (2025: 3.00); its 3.3 is
  N/A, so 资产管理 is re-based: 10 × (2 + 3.5) / 7 = 7.857… → 7.86 (2025: 10 × 5 / 7 = 7.14),
  +0.72. 无极, 3 findings: 2.50 (2025: 1.00), +1.50. 正定, 2 findings: 3.00 (2025: 2.00), +1.00.
- The bands: 优秀 ≥ 90, 良好 80–90, 一般 40–80, 较差 < 40 (2025: 85, 75, 60).

| department | 2025 | grade | 2026-impact | grade | change |
|---|---|---|---|---|---|
| 井陉县卫生健康局 | 90.79 | 优秀 | 90.79 | 优秀 | 0.00 |
| 鹿泉区政协 | 79.43 | 良好 | 79.43 | 一般 ↓ | 0.00 |
| 鹿泉区市场监督管理局 | 98.52 | 优秀 | 98.52 | 优秀 | 0.00 |
| 鹿泉区委社会工作部 | 88.50 | 优秀 | 89.22 | 良好 ↓ | +0.72 |
| 无极县住房和城乡建设局 | 43.75 | 较差 | 45.25 | 一般 ↑ | +1.50 |
| 正定县农业农村局 | 82.41 | 良好 | 80.41 | 良好 | −2.00 (−3 + 1) |

Distribution 2025 → 2026-impact: 优秀 3 → 2, 良好 2 → 2, 一般 0 → 2, 较差 1 → 0; 1 up, 2 down,
3 unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from commandline import cli
from paths import EXAMPLES, SEED

from jixiao.engine import api
from jixiao.report.wrap import width_of

NEW = """\
format = 1
extends = "2025"
id = "2026-impact"
year = 2026
title = "部门整体支出绩效评价指标体系（2026年，测算）"
title_en = "Indicator system (2026, for the impact test)"

[dimensions.budget_execution.subindicators.carry_over_rate.rule]
threshold_pct = 3
deduct_per_point = 1

[dimensions.asset_management.subindicators.asset_safety.rule]
deduct_each = 0.5

[[grades]]
label = "优秀"
label_en = "Excellent"
min = 90

[[grades]]
label = "良好"
label_en = "Good"
min = 80
below = 90

[[grades]]
label = "一般"
label_en = "Fair"
min = 40
below = 80

[[grades]]
label = "较差"
label_en = "Poor"
min = 0
below = 40
"""

# 2025 with its lower two bands renamed and 良好 narrowed: 75 → 80
RENAMED = """\
extends = "2025"
id = "renamed"
year = 2025

[[grades]]
label = "优秀"
label_en = "Excellent"
min = 85

[[grades]]
label = "良好"
label_en = "Good"
min = 80
below = 85

[[grades]]
label = "合格"
label_en = "Pass"
min = 60
below = 80

[[grades]]
label = "不合格"
label_en = "Fail"
min = 0
below = 60
"""

DEPARTMENTS = {  # file: name, code, 2025 total and grade, 2026-impact total and grade
    "jingxing-health-2025.toml": (
        "井陉县卫生健康局",
        "JX-WJ-022",
        "90.79",
        "优秀",
        "90.79",
        "优秀",
    ),
    "luquan-cppcc-2025.toml": ("鹿泉区政协", "LQ-ZX-001", "79.43", "良好", "79.43", "一般"),
    "luquan-market-regulation-2025.toml": (
        *("石家庄市鹿泉区市场监督管理局", "LQ-SJ-030"),
        *("98.52", "优秀", "98.52", "优秀"),
    ),
    "luquan-social-work-2025.toml": (
        *("中共石家庄市鹿泉区委社会工作部", "LQ-SG-041"),
        *("88.50", "优秀", "89.22", "良好"),
    ),
    "wuji-housing-2025.toml": (
        *("无极县住房和城乡建设局", "WJ-ZJ-008"),
        *("43.75", "较差", "45.25", "一般"),
    ),
    "zhengding-agriculture-2025.toml": (
        *("正定县农业农村局", "ZD-NY-013"),
        *("82.41", "良好", "80.41", "良好"),
    ),
}
CHANGES = {  # the signed change in the table and the CSV; the JSON writes it unsigned when > 0
    "jingxing-health-2025.toml": "0.00",
    "luquan-cppcc-2025.toml": "0.00",
    "luquan-market-regulation-2025.toml": "0.00",
    "luquan-social-work-2025.toml": "+0.72",
    "wuji-housing-2025.toml": "+1.50",
    "zhengding-agriculture-2025.toml": "-2.00",
}
MOVES = {
    "jingxing-health-2025.toml": "same",
    "luquan-cppcc-2025.toml": "down",
    "luquan-market-regulation-2025.toml": "same",
    "luquan-social-work-2025.toml": "down",
    "wuji-housing-2025.toml": "up",
    "zhengding-agriculture-2025.toml": "same",
}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A bureau's folder: its rulesets in rulesets/, the six example departments in in/."""
    (tmp_path / "rulesets").mkdir()
    (tmp_path / "rulesets" / "2026-impact.toml").write_text(NEW, encoding="utf-8")
    (tmp_path / "rulesets" / "renamed.toml").write_text(RENAMED, encoding="utf-8")
    (tmp_path / "in").mkdir()
    for name in DEPARTMENTS:
        shutil.copy(EXAMPLES / name, tmp_path / "in" / name)
    return tmp_path


def impact(
    work: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    new: str = "2026-impact",
) -> tuple[int, str, str]:
    return cli(
        ["rules", "impact", "2025", new, *args, "--rulesets", "rulesets"], monkeypatch, capsys, work
    )


def as_json(out: str) -> dict:
    document = json.loads(out)
    assert document["schema_version"] == 1
    return document


def test_json_pins_every_total_change_and_move(work, monkeypatch, capsys):
    code, out, err = impact(work, monkeypatch, capsys, "in", "--format", "json")
    assert code == 0
    assert err == "共6个文件，6个已按两个评价规则评分并比较，0个未能比较\n"
    document = as_json(out)
    assert document["old"]["id"] == "2025"
    assert document["new"]["id"] == "2026-impact"
    assert document["new"]["source"] == str(Path("rulesets") / "2026-impact.toml")
    found = {
        Path(d["source"]).name: (
            d["name"],
            d["code"],
            d["old"]["total"],
            d["old"]["grade"],
            d["new"]["total"],
            d["new"]["grade"],
        )
        for d in document["departments"]
    }
    assert found == DEPARTMENTS
    changes = {Path(d["source"]).name: d["change"] for d in document["departments"]}
    assert changes == {name: change.lstrip("+") for name, change in CHANGES.items()}
    assert {Path(d["source"]).name: d["move"] for d in document["departments"]} == MOVES
    assert all(
        d["old"]["status"] == d["new"]["status"] == "scored" for d in document["departments"]
    )
    assert document["compared"] == 6
    assert document["not_compared"] == 0
    assert document["distribution"] == [
        {"grade": "优秀", "old": 3, "new": 2, "change": -1},
        {"grade": "良好", "old": 2, "new": 2, "change": 0},
        {"grade": "一般", "old": 0, "new": 2, "change": 2},
        {"grade": "较差", "old": 1, "new": 0, "change": -1},
    ]
    assert document["shift"] == {
        "up": 1,
        "down": 2,
        "same": 3,
        "not_comparable": 0,
        "moves": [
            {"old": "优秀", "new": "优秀", "count": 2, "move": "same"},
            {"old": "优秀", "new": "良好", "count": 1, "move": "down"},
            {"old": "良好", "new": "良好", "count": 1, "move": "same"},
            {"old": "良好", "new": "一般", "count": 1, "move": "down"},
            {"old": "较差", "new": "一般", "count": 1, "move": "up"},
        ],
    }


def test_the_change_is_the_exact_decimal_difference_of_the_scorecards(work, registry):
    from jixiao.commands.impact import compare

    old = api.load_ruleset("2025", registry=registry)
    new = api.load_ruleset(str(work / "rulesets" / "2026-impact.toml"), registry=registry)
    row = compare(str(work / "in" / "luquan-social-work-2025.toml"), old, new, registry)
    assert row.old.summary is not None and row.new.summary is not None
    assert row.old.summary.total == Decimal("88.50")
    assert row.new.summary.total == Decimal("89.22")
    assert isinstance(row.change, Decimal)
    assert row.change == Decimal("0.72")
    zhengding = compare(str(work / "in" / "zhengding-agriculture-2025.toml"), old, new, registry)
    assert zhengding.change == Decimal("-2.00")


def _rows(out: str) -> list[list[str]]:
    """The table's department rows: the name line's words, and the code and file line's."""
    lines = [line.split() for line in out.splitlines()]
    return [
        first + lines[i + 1]
        for i, first in enumerate(lines[:-1])
        if len(first) >= 4 and re.fullmatch(r"[+−]?\d+\.\d\d", first[-1])
    ]


def test_the_table_in_chinese(work, monkeypatch, capsys):
    code, out, err = impact(work, monkeypatch, capsys, "in")
    assert code == 0
    assert err == ""
    assert "原评价规则：2025  部门整体支出绩效评价指标体系（2025年）" in out
    assert "新评价规则：2026-impact  部门整体支出绩效评价指标体系（2026年，测算）" in out
    assert "部门名称、编码和文件" in out
    # the table writes a loss with U+2212, as the deductions of `score run` are written
    assert _rows(out) == [
        [name, *numbers, CHANGES[file].replace("-", "−"), code, str(Path("in") / file)]
        for file, (name, code, *numbers) in DEPARTMENTS.items()
    ]
    assert re.search(r"^\s+优秀\s+3\s+2\s+−1\s*$", out, re.MULTILINE)
    assert re.search(r"^\s+良好\s+2\s+2\s+0\s*$", out, re.MULTILINE)
    assert re.search(r"^\s+一般\s+0\s+2\s+\+2\s*$", out, re.MULTILINE)
    assert re.search(r"^\s+较差\s+1\s+0\s+−1\s*$", out, re.MULTILINE)
    assert "等级变动：1个部门上升，2个下降，3个不变" in out
    assert "  优秀 → 良好  1\n  良好 → 一般  1\n  较差 → 一般  1\n" in out
    assert "已比较：6    未能比较：0" in out
    assert "未能评分的文件" not in out


def test_the_table_in_english(work, monkeypatch, capsys):
    code, out, _ = impact(work, monkeypatch, capsys, "in", "--lang", "en")
    assert code == 0
    assert "Old ruleset: 2025  Department overall expenditure performance indicator system" in out
    assert "New ruleset: 2026-impact  Indicator system (2026, for the impact test)" in out
    rows = _rows(out)
    assert rows[3][:5] == ["中共石家庄市鹿泉区委社会工作部", "88.50", "Excellent", "89.22", "Good"]
    assert rows[3][5:] == ["+0.72", "LQ-SG-041", str(Path("in") / "luquan-social-work-2025.toml")]
    assert rows[4][1:6] == ["43.75", "Poor", "45.25", "Fair", "+1.50"]
    assert re.search(r"^\s+Fair\s+0\s+2\s+\+2\s*$", out, re.MULTILINE)
    assert "grades: 1 department(s) moved up, 2 down, 3 unchanged" in out
    assert "  Excellent → Good  1\n  Good      → Fair  1\n  Poor      → Fair  1\n" in out
    assert "Compared: 6    Not compared: 0" in out


def test_the_language_also_comes_from_the_environment(work, monkeypatch, capsys):
    monkeypatch.setenv("SCORE_LANG", "en")
    code, out, _ = impact(work, monkeypatch, capsys, "in", "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeffDepartment,Code,Old total,Old grade,New total,New grade,Change,")


def test_csv_one_row_per_department(work, monkeypatch, capsys):
    code, out, err = impact(work, monkeypatch, capsys, "in", "--format", "csv")
    assert code == 0
    assert out.startswith("\ufeff") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out[1:], newline="")))
    assert rows[0] == [
        "部门名称",
        "部门编码",
        "原总分",
        "原等级",
        "新总分",
        "新等级",
        "总分变化",
        "文件",
    ]
    assert rows[1:] == [
        [*DEPARTMENTS[name][:6], CHANGES[name], str(Path("in") / name)] for name in DEPARTMENTS
    ]
    assert err.startswith("共6个文件")


def test_a_bad_file_among_good_ones_is_listed_and_stops_nothing(work, monkeypatch, capsys):
    (work / "in" / "broken.toml").write_text("[department\nname = 1\n", encoding="utf-8")
    (work / "empty").mkdir()
    code, out, err = impact(work, monkeypatch, capsys, "in", "empty", "missing.toml")
    assert code == 2
    assert len(_rows(out)) == 6  # every good file scored and shown
    assert "已比较：6    未能比较：3" in out
    assert "未能评分的文件（3）" in out
    broken = str(Path("in") / "broken.toml")
    assert err.splitlines() == [
        "错误：empty：这个文件夹里没有任何填报数据文件（.toml 或 .xlsx）",
        f"错误：{broken}:1：格式有误：第12列：表名缺少右方括号 ]",
        "错误：missing.toml：找不到这个文件",
    ]
    # the distribution counts the compared departments only
    assert "等级变动：1个部门上升，2个下降，3个不变" in out


def test_a_bad_file_in_json_and_in_english(work, monkeypatch, capsys):
    (work / "in" / "broken.toml").write_text("[department\nname = 1\n", encoding="utf-8")
    code, out, err = impact(work, monkeypatch, capsys, "in", "--format", "json", "--lang", "en")
    assert code == 2
    document = as_json(out)
    [broken] = [d for d in document["departments"] if d["source"].endswith("broken.toml")]
    for side in ("old", "new"):
        assert broken[side]["status"] == "unusable"
        assert broken[side]["total"] is None
        [problem] = broken[side]["problems"]
        assert problem["line"] == 1
        assert problem["message_id"] == "toml.invalid"
    assert broken["name"] is None and broken["change"] is None and broken["move"] is None
    assert document["compared"] == 6 and document["not_compared"] == 1
    assert [d["old"] for d in document["distribution"]] == [3, 2, 0, 1]
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {Path('in') / 'broken.toml'}:1: is not valid TOML")
    assert lines[1] == "6 of 7 file(s) scored under both rulesets and compared; 1 not"


def test_grades_of_different_names_are_matched_by_label(work, monkeypatch, capsys):
    code, out, _ = impact(work, monkeypatch, capsys, "in", "--format", "json", new="renamed")
    assert code == 0
    document = as_json(out)
    moves = {Path(d["source"]).name: d["move"] for d in document["departments"]}
    assert moves == {
        "jingxing-health-2025.toml": "same",  # 优秀 → 优秀
        "luquan-cppcc-2025.toml": "down",  # 79.43: 良好 → 合格, below 良好 in the new bands
        "luquan-market-regulation-2025.toml": "same",
        "luquan-social-work-2025.toml": "same",
        "wuji-housing-2025.toml": "not_comparable",  # 较差 → 不合格: each in one ruleset only
        "zhengding-agriculture-2025.toml": "same",  # 82.41 良好 both
    }
    assert all(d["change"] == "0.00" for d in document["departments"])
    assert document["distribution"] == [  # every band of each, in band order
        {"grade": "优秀", "old": 3, "new": 3, "change": 0},
        {"grade": "良好", "old": 2, "new": 1, "change": -1},
        {"grade": "一般", "old": 0, "new": None, "change": 0},
        {"grade": "合格", "old": None, "new": 1, "change": 1},
        {"grade": "较差", "old": 1, "new": None, "change": -1},
        {"grade": "不合格", "old": None, "new": 1, "change": 1},
    ]
    assert {k: v for k, v in document["shift"].items() if k != "moves"} == {
        "up": 0,
        "down": 1,
        "same": 4,
        "not_comparable": 1,
    }
    code, out, _ = impact(work, monkeypatch, capsys, "in", new="renamed")
    assert re.search(r"^\s+合格\s+—\s+1\s+\+1\s*$", out, re.MULTILINE)
    assert "— 该规则无此等级" in out
    assert "等级变动：0个部门上升，1个下降，4个不变" in out
    assert "另有1个部门的原等级和新等级各只见于一个规则，无法比较高低" in out


def test_rulesets_by_path_and_the_same_ruleset_twice(work, monkeypatch, capsys):
    code, out, _ = cli(
        ["rules", "impact", "2025.toml", "rulesets/2026-impact.toml", "in", "--format", "json"],
        monkeypatch,
        capsys,
        work,
    )
    assert code == 0
    assert as_json(out)["shift"]["up"] == 1
    code, out, _ = cli(
        ["rules", "impact", "2025", "2025", str(SEED), "--format", "json"],
        monkeypatch,
        capsys,
        work,
    )
    assert code == 0
    [seed] = as_json(out)["departments"]
    assert (seed["old"]["total"], seed["new"]["total"], seed["change"], seed["move"]) == (
        "79.43",
        "79.43",
        "0.00",
        "same",
    )


def test_an_unusable_ruleset_is_refused_before_any_scoring(work, monkeypatch, capsys):
    code, out, err = impact(work, monkeypatch, capsys, "in", new="2027")
    assert code == 2
    assert out == ""
    assert err.startswith("错误：--ruleset：")
    assert "2027" in err
    code, out, err = cli(
        ["rules", "impact", "nope-a", "nope-b.toml", "in", "--lang", "en"],
        monkeypatch,
        capsys,
        work,
    )
    assert code == 2
    assert err.splitlines() == [
        err.splitlines()[0],
        "error: nope-b.toml: no such ruleset file",
    ]
    assert "nope-a" in err.splitlines()[0]


def test_output_is_written_whole_and_never_overwrites_without_force(work, monkeypatch, capsys):
    code, out, err = impact(work, monkeypatch, capsys, "in", "--format", "csv", "-o", "impact.csv")
    assert code == 0
    assert out == ""
    assert err.startswith("共6个文件")
    written = (work / "impact.csv").read_text(encoding="utf-8")
    assert written.startswith("\ufeff部门名称,") and "+1.50" in written
    code, _, err = impact(work, monkeypatch, capsys, "in", "--output", "impact.csv")
    assert code == 2
    assert err == (
        "错误：impact.csv: --output：文件已存在，不会覆盖；请换一个文件名，或加上 --force 覆盖它\n"
    )
    assert (work / "impact.csv").read_text(encoding="utf-8") == written
    code, _, _ = impact(work, monkeypatch, capsys, "in", "--output", "impact.csv", "--force")
    assert code == 0
    table = (work / "impact.csv").read_text(encoding="utf-8")
    assert "等级变动：1个部门上升，2个下降，3个不变" in table


@pytest.mark.parametrize(
    "target", [str(Path("in") / "luquan-cppcc-2025.toml"), "rulesets/2026-impact.toml"]
)
def test_output_may_not_be_an_input_even_with_force(work, monkeypatch, capsys, target):
    before = (work / target).read_bytes()
    code, out, err = impact(work, monkeypatch, capsys, "in", "-o", target, "--force")
    assert code == 2
    assert out == ""
    assert "不能用作输出文件" in err
    assert (work / target).read_bytes() == before


def test_a_plugin_that_fails_to_load_is_exit_3(work, monkeypatch, capsys, tmp_path):
    from fakeplugins import fake_site

    for site in fake_site(tmp_path):
        site.install("score-broken", "raise RuntimeError('licence file missing')\n")
        api.load_registry(fresh=True)
        code, out, err = impact(work, monkeypatch, capsys, str(SEED), "--format", "json")
        assert code == 3
        [seed] = as_json(out)["departments"]
        assert seed["old"]["status"] == seed["new"]["status"] == "incomplete"
        assert seed["old"]["total"] == "79.43"  # still shown, marked incomplete
        assert "licence file missing" in err
        code, out, _ = impact(work, monkeypatch, capsys, str(SEED))
        assert code == 3
        assert "79.43 良好 *" in out
        assert "* 插件出错，结果不完整" in out


def test_a_plugin_failing_under_the_new_ruleset_only(work, monkeypatch, capsys, tmp_path):
    """NEW adds a dimension measured by a plugin that raises: OLD scores the seed as always;
    NEW's result is incomplete, exit 3, and the failure names the new ruleset."""
    from fakeplugins import fake_site, ruleset_with_steady

    broken = """
    def compute(facts):
        raise ValueError("survey server down")

    @hookimpl
    def score_indicators():
        return [Indicator(
            id="steady", label=Text("稳定", "Steady"), sections=(),
            measures=(MeasureSpec("share", Ratio, Text("占比", "share")),), compute=compute,
        )]
    """
    for site in fake_site(tmp_path):
        site.install("score-steady", broken)
        api.load_registry(fresh=True)
        steady = ruleset_with_steady(work / "rulesets")
        code, out, err = impact(work, monkeypatch, capsys, str(SEED), new=str(steady))
        assert code == 3
        heading = f"错误：{SEED}：按新评价规则“2025-steady”评分时出错"
        assert heading in err.splitlines()
        assert "survey server down" in err
        assert "未能评分的文件（1）" in out
        code, out, _ = impact(
            work, monkeypatch, capsys, str(SEED), "--format", "json", new=str(steady)
        )
        [seed] = as_json(out)["departments"]
        assert seed["old"]["status"] == "scored"
        assert seed["old"]["total"] == "79.43"
        assert seed["new"]["status"] == "incomplete"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("width", [80, 120])
def test_the_table_fits_80_and_120_columns(work, registry, lang, width, capsys):
    from jixiao.commands.batch import discover
    from jixiao.commands.impact import compare
    from jixiao.report.impact_report import Impact, render_impact

    (work / "in" / "broken.toml").write_text("[department\nname = 1\n", encoding="utf-8")
    old = api.load_ruleset("2025", registry=registry)
    for new_file in ("2026-impact.toml", "renamed.toml"):
        new = api.load_ruleset(str(work / "rulesets" / new_file), registry=registry)
        paths = discover([str(work / "in")])
        found = Impact.of(old, new, [compare(path, old, new, registry) for path in paths])
        out = io.StringIO()
        render_impact(found, lang, file=out, width=width)
        text = out.getvalue()
        table = text[: text.index("未能评分的文件" if lang == "zh" else "Files that could")]
        for line in table.splitlines():  # the problems below are never wrapped: paths copy
            assert width_of(line) <= width, line
        numbers = re.findall(r"\d+\.\d\d [^\s]+ +\d+\.\d\d [^\s]+ +[+−]?\d+\.\d\d", table)
        assert len(numbers) == 6  # each department's numbers on one line, at either width


def test_help_in_both_languages(monkeypatch, capsys, tmp_path):
    with pytest.raises(SystemExit):
        cli(["rules", "impact", "-h"], monkeypatch, capsys, tmp_path)
    out = capsys.readouterr().out
    assert "按原评价规则和新评价规则分别为各部门评分" in "".join(out.split())
    with pytest.raises(SystemExit):
        cli(["rules", "impact", "--help", "--lang", "en"], monkeypatch, capsys, tmp_path)
    out = capsys.readouterr().out
    assert "the new ruleset: name or file" in out
    assert "--output" in out and "--force" in out
