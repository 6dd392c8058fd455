"""A ruleset as a tree with facts and measures of its own: hand-computed scores through 二级
groups, the N/A policy of each level, 0/0 as the rule says, and the problems each new key can
have, in both languages.

The ruleset extends 2025: budget execution drops to 25 (1.1 worth 10) and a dimension 人员 of 10
is added, in two groups. The seed (鹿泉区政协) scores 35 / 0 / 7 / 7.43 / 30 under 2025; here
1.1 is still full (10 of 10), so the 2025 part is 25 + 0 + 7 + 7.43 + 30 = 69.43, and the
total is 69.43 + 人员.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commandline import cli
from paths import SEED

TREE = """
format = 1
id = "tree"
year = 2025
title = "三级指标测试"
extends = "2025"
{levels}
[facts.staffing]
label = "人员编制"
label_en = "Staffing"

[facts.staffing.fields.authorised]
type = "count"
label = "核定编制数"
label_en = "authorised posts"
required = true

[facts.staffing.fields.in_post]
type = "count"
label = "年末实有人数"
label_en = "staff in post"
required = true

[facts.staffing.fields.vacancies_filled]
type = "count"
label = "已补充空编数"
label_en = "vacancies filled"

[facts.staffing.fields.vacancies]
type = "count"
label = "空编数"
label_en = "vacancies"

[facts.staffing.fields.plan_published]
type = "bool"
label = "人员计划已公布"
label_en = "staffing plan published"

[facts.staffing.fields.plan_approved]
type = "bool"
label = "人员计划已审批"
label_en = "staffing plan approved"

[measures.staff_rate]
kind = "ratio"
label = "财政供养人员控制率"
label_en = "staff control rate"
numerator = "staffing.in_post"
denominator = "staffing.authorised"
unit = "人"

[measures.filled_rate]
kind = "ratio"
label = "空编补充率"
label_en = "vacancies filled"
numerator = "staffing.vacancies_filled"
denominator = "staffing.vacancies"

[measures.plan]
kind = "checklist"
label = "人员计划"
label_en = "staffing plan"
items = {{ published = "staffing.plan_published", approved = "staffing.plan_approved" }}

[dimensions.budget_execution]
weight = 25

[dimensions.budget_execution.subindicators.execution_rate]
points = 10

[dimensions.staff]
label = "人员"
label_en = "Staff"
weight = 10

[dimensions.staff.groups.control]
label = "人员控制"
label_en = "Control"
points = 6

[dimensions.staff.groups.control.subindicators.staff_control]
code = "6.1"
label = "财政供养人员控制率"
label_en = "Staff control rate"
points = 6
rule = {{ kind = "per_point", measure = "staff_rate", threshold_pct = 100, deduct_per_point = 0.5 }}

[dimensions.staff.groups.planning]
label = "人员规划"
label_en = "Planning"
points = 4

[dimensions.staff.groups.planning.subindicators.filled]
code = "6.2"
label = "空编补充率"
label_en = "Vacancies filled"
points = 2
rule = {{ kind = "proportion", measure = "filled_rate"{zero} }}

[dimensions.staff.groups.planning.subindicators.plan]
code = "6.3"
label = "人员计划"
label_en = "Staffing plan"
points = 2
rule = {{ kind = "checklist", measure = "ruleset.plan", items = {{ published = 1, approved = 1 }} }}
"""

STAFFING = """
[staffing]
authorised = 40
in_post = 42
vacancies = 0
vacancies_filled = 0
plan_published = true
plan_approved = false
"""


def write(folder: Path, levels: str = "", zero: str = "", staffing: str = STAFFING) -> Path:
    (folder / "tree.toml").write_text(TREE.format(levels=levels, zero=zero), encoding="utf-8")
    facts = SEED.read_text(encoding="utf-8") + staffing
    (folder / "dept.toml").write_text(facts, encoding="utf-8")
    return folder


def run_json(folder: Path, monkeypatch, capsys, *extra: str) -> dict:
    code, out, err = cli(
        ["run", "dept.toml", "--ruleset", "tree.toml", "--format", "json", *extra],
        monkeypatch,
        capsys,
        folder,
    )
    assert code == 0, err
    return json.loads(out)


def staff(data: dict) -> dict:
    return next(d for d in data["dimensions"] if d["id"] == "staff")


def test_groups_are_subtotalled_and_rebased_over_their_applicable_rows(
    tmp_path, monkeypatch, capsys
):
    # 6.1: 42 / 40 = 105%, 5 points above 100 × 0.5 = 2.5 off → 3.50; group 控制 3.50.
    # 6.2: 0/0 → N/A; 6.3: published, not approved → 1; group 规划 re-based: 4 × 1 / 2 = 2.00.
    # 人员 = 3.50 + 2.00 = 5.50; total 69.43 + 5.50 = 74.93 → 一般 (below 75).
    data = run_json(write(tmp_path), monkeypatch, capsys)
    dimension = staff(data)
    assert [(g["id"], g["points"], g["score"], g["rebased"]) for g in dimension["groups"]] == [
        ("control", "6.00", "3.50", False),
        ("planning", "4.00", "2.00", True),
    ]
    assert dimension["groups"][1]["subindicators"] == ["6.2", "6.3"]
    assert [(s["code"], s["group"], s["score"]) for s in dimension["subindicators"]] == [
        ("6.1", "control", "3.50"),
        ("6.2", "planning", None),
        ("6.3", "planning", "1.00"),
    ]
    assert dimension["score"] == "5.50"
    assert (data["total"], data["grade"]) == ("74.93", "一般")


def test_a_group_that_counts_na_rows_at_full_points(tmp_path, monkeypatch, capsys):
    # 规划 with full_points: 6.2 N/A counts 2, 6.3 earns 1 → 3.00; 人员 6.50; total 75.93 → 良好.
    levels = '[levels]\ngroup = { not_applicable = "full_points" }\n'
    data = run_json(write(tmp_path, levels=levels), monkeypatch, capsys)
    assert [g["score"] for g in staff(data)["groups"]] == ["3.50", "3.00"]
    assert staff(data)["groups"][1]["rebased"] is False
    assert (data["total"], data["grade"]) == ("75.93", "良好")


@pytest.mark.parametrize(
    ("zero", "row", "planning", "total"),
    [
        # full points for 0/0: 6.2 earns 2, 规划 3.00, total 75.93
        (', zero_over_zero = "full_points"', "2.00", "3.00", "75.93"),
        # nothing for 0/0: 6.2 earns 0 with its reason, 规划 1.00, total 73.93
        (', zero_over_zero = "zero"', "0.00", "1.00", "73.93"),
    ],
)
def test_zero_over_zero_as_the_rule_says(tmp_path, monkeypatch, capsys, zero, row, planning, total):
    data = run_json(write(tmp_path, zero=zero), monkeypatch, capsys)
    filled = staff(data)["subindicators"][1]
    assert (filled["status"], filled["score"]) == ("scored", row)
    assert staff(data)["groups"][1]["score"] == planning
    assert data["total"] == total
    if row == "0.00":
        assert filled["deductions"][0]["reason"] == (
            "已补充空编数与空编数均为0，按评价规则不得分，扣2.00分"
        )


def test_the_table_shows_each_group_under_its_dimension(tmp_path, monkeypatch, capsys):
    code, out, _ = cli(
        ["run", "dept.toml", "--ruleset", "tree.toml"], monkeypatch, capsys, write(tmp_path)
    )
    assert code == 0
    lines = [line.strip() for line in out.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("人员 "))
    assert lines[start].split() == ["人员", "10.00", "5.50"]
    assert lines[start + 1].split() == ["人员控制", "6.00", "3.50"]
    assert lines[start + 2].startswith("6.1 财政供养人员控制率")
    assert "实有人数 42人 / 核定编制数 40人 = 105.00%" in lines[start + 2].replace(
        "年末实有人数", "实有人数"
    )
    assert any(line.split()[:3] == ["人员规划", "4.00", "2.00"] for line in lines)


def test_markdown_and_rules_show_print_the_tree(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path)
    code, out, _ = cli(
        ["run", "dept.toml", "--ruleset", "tree.toml", "--format", "markdown"],
        monkeypatch,
        capsys,
        folder,
    )
    assert code == 0
    assert "| **人员** | 10.00 | **5.50** |  |" in out
    assert (
        "| *人员规划* | 4.00 | **2.00** | 不适用的指标不计，按其余指标折算：1.00 ÷ 2 × 4 = 2.00 |"
    ) in out
    code, out, _ = cli(
        ["rules", "show", "tree.toml", "--format", "markdown"], monkeypatch, capsys, folder
    )
    assert code == 0
    assert "| 人员 | 10 |  |  |  |  |" in out
    assert "|   人员控制 | 6 |  |  |  |  |" in out


def test_a_declared_fact_is_validated_like_a_plugins(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path, staffing='\n[staffing]\nauthorised = "四十"\nin_pos = 42\n')
    code, _, err = cli(["run", "dept.toml", "--ruleset", "tree.toml"], monkeypatch, capsys, folder)
    assert code == 2
    assert '核定编制数（staffing.authorised）：应为不小于0的整数，如 3，填写的是 "四十"' in err
    assert "staffing.in_pos" in err and "in_post" in err  # the nearest key suggested
    code, _, err = cli(
        ["run", "dept.toml", "--ruleset", "tree.toml", "--lang", "en"], monkeypatch, capsys, folder
    )
    assert code == 2
    assert "authorised posts (staffing.authorised): expected a whole number ≥ 0" in err


def test_a_declared_fact_left_out_is_no_evidence(tmp_path, monkeypatch, capsys):
    # 40 of 40 in post: 6.1 full. 6.2's two counts and 6.3's items not given: no evidence,
    # 0 each (not N/A: leaving a fact out never escapes scoring) → 规划 0; total 69.43 + 6.
    staffing = "\n[staffing]\nauthorised = 40\nin_post = 40\n"
    data = run_json(write(tmp_path, staffing=staffing), monkeypatch, capsys)
    assert [s["score"] for s in staff(data)["subindicators"]] == ["6.00", "0.00", "0.00"]
    assert staff(data)["subindicators"][1]["measures"]["filled_rate"]["missing"] == [
        "staffing.vacancies_filled",
        "staffing.vacancies",
    ]
    assert data["total"] == "75.43"


def test_the_template_holds_the_declared_facts(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path)
    code, out, _ = cli(["init", "--ruleset", "tree.toml", "-"], monkeypatch, capsys, folder)
    assert code == 0
    assert "[staffing]" in out
    assert "核定编制数" in out and "authorised" in out


def problems(tmp_path: Path, monkeypatch, capsys, ruleset: str, lang: str = "zh") -> str:
    (tmp_path / "bad.toml").write_text(ruleset, encoding="utf-8")
    code, _, err = cli(
        ["rules", "check", "bad.toml", "--lang", lang], monkeypatch, capsys, tmp_path
    )
    assert code == 2
    return err


HEAD = 'format = 1\nid = "bad"\nyear = 2025\nextends = "2025"\n'


def test_a_ruleset_may_not_redefine_a_plugins_field(tmp_path, monkeypatch, capsys):
    text = HEAD + '[facts.budget.fields.adjusted]\ntype = "money"\nlabel = "调整后预算"\n'
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert (
        "字段 budget.adjusted 已由指标“budget_execution”声明；评价规则不能重新定义插件的字段" in err
    )
    err = problems(tmp_path, monkeypatch, capsys, text, "en")
    assert "the field budget.adjusted is declared by indicator budget_execution" in err


def test_a_field_added_to_a_plugins_section_must_be_optional(tmp_path, monkeypatch, capsys):
    text = HEAD + (
        '[facts.budget.fields.key_projects]\ntype = "money"\nlabel = "重点项目支出"\n'
        "required = true\n"
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "[budget] 由指标“budget_execution”声明；在其中添加的字段只能是选填" in err


def test_a_measure_names_known_facts_of_the_right_type(tmp_path, monkeypatch, capsys):
    text = HEAD + (
        '[measures.m]\nkind = "ratio"\nlabel = "比率"\nnumerator = "budget.actul"\n'
        'denominator = "disclosure.budget.published"\n'
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "measures.m.numerator：没有名为“budget.actul”的事实；是否应为“budget.actual”？" in err
    assert "事实 disclosure.budget.published 的类型是 bool，此处须为以下类型之一" in err
    err = problems(tmp_path, monkeypatch, capsys, text, "en")
    assert "there is no fact 'budget.actul'; did you mean 'budget.actual'?" in err


def test_an_unknown_measure_kind_is_refused_with_the_nearest(tmp_path, monkeypatch, capsys):
    text = HEAD + '[measures.m]\nkind = "ratoi"\nnumerator = "budget.actual"\n'
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "没有名为“ratoi”的度量方法；是否应为“ratio”？" in err


def test_a_measure_under_the_wrong_indicator_says_which_has_it(tmp_path, monkeypatch, capsys):
    text = HEAD + (
        "[dimensions.disclosure.subindicators.self_evaluation_disclosure]\n"
        'rule = { kind = "linear_ratio", measure = "disclosure.execution_rate" }\n'
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert (
        "指标“disclosure”没有度量“execution_rate”；指标“budget_execution”有：请写 "
        'measure = "budget_execution.execution_rate"'
    ) in err
    err = problems(tmp_path, monkeypatch, capsys, text, "en")
    assert "indicator budget_execution has it: write " in err


def test_a_dimension_has_groups_or_rows_not_both(tmp_path, monkeypatch, capsys):
    text = HEAD + (
        "[dimensions.disclosure.groups.g]\npoints = 10\n"
        "[dimensions.disclosure.groups.g.subindicators.x]\npoints = 10\n"
        'rule = { kind = "checklist", measure = "self_evaluation_publication", '
        "items = { published = 10 } }\n"
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "不能同时有 groups（二级指标）和 subindicators（三级指标）" in err


def test_a_groups_points_add_up_to_its_rows(tmp_path, monkeypatch, capsys):
    text = TREE.format(levels="", zero="").replace(
        'label = "人员控制"\nlabel_en = "Control"\npoints = 6', 'label = "人员控制"\npoints = 5'
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "二级指标分值为5，但其三级指标分值合计6（6.1 6）；请使二者相等" in err
    assert "权重为10，但其二级指标分值合计9（control 5 + planning 4）" in err


def test_a_judgement_outside_its_band_refuses_the_file(tmp_path, monkeypatch, capsys):
    judged = TREE.format(levels="", zero="") + (
        '\n[facts.effects.fields.level]\ntype = "choice"\nchoices = ["好", "较好", "一般"]\n'
        'label = "社会效益等级"\n[facts.effects.fields.share]\ntype = "percent"\n'
        'label = "社会效益得分率"\n[facts.effects.fields.reason]\ntype = "text"\n'
        'label = "社会效益理由"\n'
        '[measures.social]\nkind = "judgement"\nlabel = "社会效益"\n'
        'level = "effects.level"\npercent = "effects.share"\nreason = "effects.reason"\n'
        'bands = { "好" = [80, 100], "较好" = [60, 80], "一般" = [0, 60] }\n'
    )
    judged = judged.replace("weight = 25", "weight = 20").replace(
        "[dimensions.budget_execution.subindicators.execution_rate]\npoints = 10",
        "[dimensions.budget_execution.subindicators.execution_rate]\npoints = 5",
    ) + (
        '\n[dimensions.effects]\nlabel = "效果"\nweight = 5\n'
        '[dimensions.effects.subindicators.social]\ncode = "7.1"\nlabel = "社会效益"\n'
        'points = 5\nrule = { kind = "judgement", measure = "social" }\n'
    )
    folder = write(tmp_path)
    (folder / "tree.toml").write_text(judged, encoding="utf-8")
    dept = folder / "dept.toml"
    seed = dept.read_text(encoding="utf-8")
    # 较好 at 79.99, the top of its band (80 is 好's): 5 × 79.99% = 3.9995 → 4.00
    dept.write_text(seed + '\n[effects]\nlevel = "较好"\nshare = 79.99\nreason = "覆盖面有限"\n')
    data = run_json(folder, monkeypatch, capsys)
    social = next(d for d in data["dimensions"] if d["id"] == "effects")["subindicators"][0]
    assert social["score"] == "4.00"
    assert social["measures"]["social"]["judgement"] is True
    assert social["deductions"][0]["reason"] == (
        "社会效益：评价人评为“较好”，按得分率79.99%计，扣1.00分"
    )
    assert social["measures"]["social"]["text"] == (
        "评价人判断：较好，得分率79.99%；理由：覆盖面有限"
    )
    dept.write_text(seed + '\n[effects]\nlevel = "较好"\nshare = 80\nreason = "覆盖面有限"\n')
    code, _, err = cli(["run", "dept.toml", "--ruleset", "tree.toml"], monkeypatch, capsys, folder)
    assert code == 2
    assert (
        "社会效益得分率（effects.share）：等级“较好”的得分率应不低于60%、低于80%，填写的是80%"
    ) in err
    code, _, err = cli(
        ["run", "dept.toml", "--ruleset", "tree.toml", "--lang", "en"], monkeypatch, capsys, folder
    )
    assert "a share for '较好' must be at least 60% and below 80%, found 80%" in err


def test_scoring_another_years_department_warns(monkeypatch, capsys, tmp_path):
    ruleset = Path(__file__).parents[2] / "examples" / "rulesets" / "2026-example.toml"
    code, out, _ = cli(
        ["run", str(SEED), "--ruleset", str(ruleset), "--format", "json"],
        monkeypatch,
        capsys,
        tmp_path,
    )
    assert code == 0
    found = [f for f in json.loads(out)["findings"] if f["code"] == "other_year"]
    assert [f["message"] for f in found] == [
        "本部门填报的是2025年度，所用评价规则是2026年度的；请确认评价规则是否选对"
    ]


def test_diff_lists_the_groups_and_rows_of_an_added_dimension(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path)
    code, out, _ = cli(
        ["rules", "diff", "2025", "tree.toml", "--format", "json"], monkeypatch, capsys, folder
    )
    assert code == 0
    added = [(c["what"], c["path"]) for c in json.loads(out)["changes"] if c["change"] == "added"]
    assert added == [
        ("dimension", "dimensions.staff"),
        ("group", "dimensions.staff.groups.control"),
        ("group", "dimensions.staff.groups.planning"),
        ("sub-indicator", "dimensions.staff.groups.control.subindicators.staff_control"),
        ("sub-indicator", "dimensions.staff.groups.planning.subindicators.filled"),
        ("sub-indicator", "dimensions.staff.groups.planning.subindicators.plan"),
    ]
    code, out, _ = cli(["rules", "diff", "tree.toml", "2025"], monkeypatch, capsys, folder)
    assert code == 0
    assert "删除   二级指标" in out and "（2025，自带）" in out
    from jixiao.engine.ruleset.library import BUNDLED

    assert str(BUNDLED) not in out  # never the path it was installed at


def test_the_facts_reference_lists_the_plugins_and_the_rulesets_facts(
    tmp_path, monkeypatch, capsys
):
    folder = write(tmp_path)
    code, out, _ = cli(
        ["rules", "facts", "tree.toml", "--format", "markdown"], monkeypatch, capsys, folder
    )
    assert code == 0
    assert "## 人员编制 [staffing]" in out
    assert "| 核定编制数 | staffing.authorised | 整数 | 是 |  |" in out
    assert "| 调整后预算数 | budget.adjusted | 万元 | 是 |" in out
    code, out, _ = cli(
        ["rules", "facts", "tree.toml", "--format", "markdown", "--lang", "en"],
        monkeypatch,
        capsys,
        folder,
    )
    assert "| authorised posts | staffing.authorised | a whole number | yes |  |" in out


def test_a_part_larger_than_its_whole_refuses_the_file(tmp_path, monkeypatch, capsys):
    hunan = Path(__file__).parents[2] / "examples" / "hunan" / "yueyang-water-2025.toml"
    text = hunan.read_text(encoding="utf-8")
    assert "completed = 45" in text
    (tmp_path / "dept.toml").write_text(text.replace("completed = 45", "completed = 50"))
    code, _, err = cli(["run", "dept.toml", "--ruleset", "hunan"], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert "（duties.completed）：实际完成工作任务数（50）大于计划工作任务数（48）" in err


def test_a_file_of_another_rulesets_facts_says_which_ruleset(tmp_path, monkeypatch, capsys):
    hunan = Path(__file__).parents[2] / "examples" / "hunan" / "yueyang-water-2025.toml"
    code, _, err = cli(["run", str(hunan)], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "staffing、sangong_history、priorities等12个部分是评价规则“部门整体支出绩效评价评分表"
        "（湖南参考样表）”自己的数据项：请用它评分，在命令后加 --ruleset hunan"
    )


def test_points_finer_than_the_rounding_are_refused(tmp_path, monkeypatch, capsys):
    # at 0 places a 5.5-point row scoring 5.5 would round to 6, above its own points
    text = HEAD + (
        'rounding = { places = 0, mode = "half_up" }\n'
        "[dimensions.budget_execution.subindicators.execution_rate]\npoints = 19.5\n"
        "[dimensions.budget_execution.subindicators.carry_over_rate]\npoints = 5.5\n"
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "分值19.5的小数位数多于得分保留的0位小数（rounding.places）" in err
    assert "execution_rate.points" in err


@pytest.mark.parametrize(
    ("facts", "said"),
    [
        ('[facts.s.fields."n.m"]\ntype = "count"\nlabel = "甲"\n', "字段名“n.m”不可用"),
        ('[facts."targets.x".fields.n]\ntype = "count"\nlabel = "甲"\n', "部分名“targets.x”不可用"),
        (
            '[facts.disclosure.fields.budget]\ntype = "bool"\nlabel = "甲"\n',
            "字段名“budget”不可用",
        ),
    ],
)
def test_declared_names_no_file_could_give_are_refused(tmp_path, monkeypatch, capsys, facts, said):
    assert said in problems(tmp_path, monkeypatch, capsys, HEAD + facts)


def test_a_declared_measure_hidden_by_the_dimensions_indicator_is_refused(
    tmp_path, monkeypatch, capsys
):
    text = HEAD + (
        '[facts.s.fields.n]\ntype = "count"\nlabel = "甲"\n'
        '[facts.s.fields.d]\ntype = "count"\nlabel = "乙"\n'
        '[measures.execution_rate]\nkind = "ratio"\nnumerator = "s.n"\ndenominator = "s.d"\n'
    )
    err = problems(tmp_path, monkeypatch, capsys, text)
    assert "有多个指标提供度量“execution_rate”；请写明是哪一个：" in err
    assert "budget_execution.execution_rate、ruleset.execution_rate" in err


def test_a_broken_ruleset_of_the_year_is_named_not_the_department(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "2025.toml").write_text(
        'format = 1\nid = "2025"\nyear = 2025\nextends = "../../rulesets/2025.toml"\n'
        "[dimensions.disclosure]\nweight = 11\n".replace(
            "../../rulesets/2025.toml", str(Path(__file__).parents[2] / "rulesets" / "2025.toml")
        ),
        encoding="utf-8",
    )
    code, _, err = cli(["run", str(SEED), "--rulesets", str(folder)], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert "各维度权重合计101，不是100" in err


def test_a_negative_base_of_a_change_rate_is_refused(tmp_path, monkeypatch, capsys):
    hunan = Path(__file__).parents[2] / "examples" / "hunan" / "yueyang-water-2025.toml"
    text = hunan.read_text(encoding="utf-8")
    assert "last_year = 41.2" in text
    (tmp_path / "dept.toml").write_text(text.replace("last_year = 41.2", "last_year = -10"))
    code, _, err = cli(["run", "dept.toml", "--ruleset", "hunan"], monkeypatch, capsys, tmp_path)
    assert code == 2
    # an amount in 万元 is never negative: its type refuses it before any measure
    assert "上年“三公”经费支出（sangong_history.last_year）：" in err and "负数 -10" in err
