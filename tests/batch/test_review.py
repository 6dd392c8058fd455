"""Review of self-evaluations (复核): claims against computed results; thresholds are policy."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from departments import department, write_batch
from paths import RULESET_2025

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.batch.review import review
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.ruleset.review_settings import ReviewSettings

REVIEW_TABLE = re.compile(r"^\[review\]\n(?:[^\n]+\n)+", re.MULTILINE)
REVIEW_2025 = (
    "[review]\nflag_points = 5\nflag_grade_gap = true\nexplain_top = 3\nflag_projects = true\n"
)


def reviewed(path: Path, registry: Registry, ruleset: Ruleset):
    facts = api.load_facts(path, registry)
    return review(facts, api.score(facts, ruleset, registry), ruleset)


def ruleset_with(tmp_path: Path, registry: Registry, table: str) -> Ruleset:
    text = RULESET_2025.read_text(encoding="utf-8")
    assert len(REVIEW_TABLE.findall(text)) == 1
    path = tmp_path / "custom.toml"
    path.write_text(REVIEW_TABLE.sub(table, text), encoding="utf-8")
    return api.load_ruleset(str(path), registry=registry)


def facts_file(tmp_path: Path, which: str, claims: str | None = None) -> Path:
    text = department(which)
    if claims is not None:
        text = text.replace('grade = "优秀"', claims, 1)
    path = tmp_path / f"{which}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_2025_ruleset_carries_the_review_thresholds(ruleset_2025: Ruleset):
    assert ruleset_2025.review == ReviewSettings(Decimal(5), True, 3, True)


def test_seed_self_evaluation_is_flagged_with_the_explaining_subindicators(
    examples_dir: Path, registry: Registry, ruleset_2025: Ruleset
):
    item = reviewed(examples_dir / "luquan-cppcc-2025.toml", registry, ruleset_2025)
    assert item.flagged
    assert (item.claimed_total, item.claimed_grade) == (None, "优秀")
    assert (item.total, item.grade.get("zh")) == (Decimal("79.43"), "良好")
    assert (item.points_gap, item.gap_basis, item.grade_gap) == (Decimal("5.57"), "grade", 1)
    assert [r.get("zh") for r in item.reasons] == [
        "自评等级优秀至少需85.00分，计算得分79.43分，差5.57分（复核阈值5.00分）",
        "自评等级优秀高于计算等级良好（高1档）",
        "10个项目的自评等级高于部门整体的计算等级良好，其中10个自评满分100分，请核实项目自评依据",
    ]
    assert [r.get("en") for r in item.reasons][1] == (
        "the claimed grade Excellent is 1 band(s) above the computed grade Good"
    )
    assert [(s.code, str(s.score), str(s.lost)) for s in item.shortfalls] == [
        ("4.1", "3.43", "4.57"),
        ("2.1", "0.00", "4.00"),
        ("2.2", "0.00", "4.00"),
    ]
    assert item.shortfalls[0].reasons[0].get("zh") == "内控制度完备性42.86%，按比例扣4.57分"
    assert [r.get("zh") for r in item.shortfalls[1].reasons] == [
        "部门预算公开：已公开，但未填写批复日期或公开日期，无法认定在20日内公开，按逾期计，扣2.00分",
        "未填写“‘三公’经费总数”，无佐证，扣1.00分",  # not answered: not said to be missing
        "未填写“‘三公’经费分项数”，无佐证，扣1.00分",
    ]
    assert len(item.projects) == item.project_count == 10
    assert {(p.self_score, p.self_grade) for p in item.projects} == {(Decimal(100), "优秀")}


@pytest.mark.parametrize(
    ("claims", "gap", "grade_gap", "flagged"),
    [
        ("total = 84.43", "5.00", 0, True),  # exactly the threshold: flagged
        ("total = 84.42", "4.99", 0, False),
        ("total = 70", "-9.43", -1, False),  # a claim below the result is not an overclaim
    ],
)
def test_points_threshold_boundary(
    tmp_path: Path, registry: Registry, claims: str, gap: str, grade_gap: int, flagged: bool
):
    no_projects = REVIEW_2025.replace("flag_projects = true", "flag_projects = false")
    rules = ruleset_with(tmp_path, registry, no_projects)
    item = reviewed(facts_file(tmp_path, "甲", claims), registry, rules)
    assert (item.points_gap, item.gap_basis, item.grade_gap) == (Decimal(gap), "total", grade_gap)
    assert item.flagged is flagged
    assert item.projects == ()


def test_a_claimed_total_and_grade(tmp_path: Path, registry: Registry, ruleset_2025: Ruleset):
    item = reviewed(facts_file(tmp_path, "丙"), registry, ruleset_2025)  # claims 95 优秀
    assert (item.claimed_total, item.total) == (Decimal(95), Decimal("89.43"))
    assert (item.points_gap, item.grade_gap) == (Decimal("5.57"), 0)
    assert [r.get("zh") for r in item.reasons] == [
        "自评总分95.00分比计算得分89.43分高5.57分（复核阈值5.00分）"
    ]  # projects self-graded 优秀 match the computed 优秀: not flagged
    assert item.projects == ()


def test_a_claimed_total_without_a_grade_is_said_as_the_total_it_is(
    tmp_path: Path, registry: Registry
):
    """No grade claimed: the grade gap is the claimed total's band, and the reason says so;
    it never speaks of a claimed grade the department did not write."""
    no_projects = REVIEW_2025.replace("flag_projects = true", "flag_projects = false")
    rules = ruleset_with(tmp_path, registry, no_projects)
    item = reviewed(facts_file(tmp_path, "甲", "total = 86"), registry, rules)  # 79.43 良好
    assert (item.claimed_total, item.claimed_grade) == (Decimal(86), None)
    assert [r.get("zh") for r in item.reasons] == [
        "自评总分86.00分比计算得分79.43分高6.57分（复核阈值5.00分）",
        "自评总分86.00分属优秀，高于计算等级良好（高1档）",
    ]
    assert [r.get("en") for r in item.reasons][1] == (
        "the claimed total 86.00 is in Excellent, 1 band(s) above the computed grade Good"
    )


def test_thresholds_are_policy_in_the_ruleset(tmp_path: Path, registry: Registry):
    lenient = "[review]\nflag_points = 6\nflag_grade_gap = false\nexplain_top = 1\n"
    lenient += "flag_projects = false\n"
    rules = ruleset_with(tmp_path, registry, lenient)
    item = reviewed(facts_file(tmp_path, "甲"), registry, rules)
    assert (item.points_gap, item.flagged) == (Decimal("5.57"), False)
    assert [s.code for s in item.shortfalls] == ["4.1"]


def test_no_claims_no_flag(tmp_path: Path, registry: Registry, ruleset_2025: Ruleset):
    text = department("甲").replace('grade = "优秀"', "", 1)
    text = text.replace("self_score = 100\n", "").replace('self_grade = "优秀"\n', "")
    path = tmp_path / "quiet.toml"
    path.write_text(text, encoding="utf-8")
    item = reviewed(path, registry, ruleset_2025)
    assert (item.points_gap, item.grade_gap, item.gap_basis) == (None, None, "none")
    assert not item.flagged and item.project_count == 0


def test_an_unknown_claimed_grade_is_noted(tmp_path: Path, registry: Registry, ruleset_2025):
    item = reviewed(facts_file(tmp_path, "甲", 'grade = "很好"'), registry, ruleset_2025)
    assert item.grade_gap is None and item.points_gap is None
    assert item.notes[0].get("zh").startswith("自评等级“很好”不是评价规则中的等级")
    assert item.flagged  # the projects still are (优秀 above 良好)


@pytest.mark.parametrize(
    ("table", "field", "message"),
    [
        ("[review]\nflag_point = 5\n", "review.flag_point", "did you mean 'flag_points'?"),
        ('[review]\nflag_grade_gap = "yes"\n', "review.flag_grade_gap", "expected true or false"),
        ("[review]\nexplain_top = -1\n", "review.explain_top", "expected a whole number 0–50"),
        ("[review]\nflag_points = 101\n", "review.flag_points", "expected points from 0 to 100"),
    ],
)
def test_review_table_is_validated(tmp_path, registry, table: str, field: str, message: str):
    with pytest.raises(InputError) as raised:
        ruleset_with(tmp_path, registry, table)
    [problem] = raised.value.problems
    assert problem.field == field and message in problem.text("en")
    assert problem.line is not None


def test_review_table_is_optional(tmp_path: Path, registry: Registry):
    rules = ruleset_with(tmp_path, registry, "")
    assert rules.review == ReviewSettings()


def test_score_review_lists_the_largest_gaps_first(capsys, tmp_path: Path):
    folder = tmp_path / "in"
    write_batch(folder)
    code = main(["review", str(folder), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2  # the broken files; the others are reviewed
    items = [json.loads(line) for line in out.splitlines()]
    gaps = {i["department"]["name"]: i["points_gap"] for i in items if "department" in i}
    assert gaps == {"甲单位": "5.57", "乙单位": "6.57", "丙单位": "5.57", "丁单位": "25.57"}
    assert "是否应为“adjusted”？" in err

    for name in ("broken.toml", "sub/typo.toml"):
        (folder / name).unlink()
    code = main(["review", str(folder), "--lang", "en"])
    out, _ = capsys.readouterr()
    assert code == 1  # flagged departments
    rows = [line.split() for line in out.splitlines() if "单位" in line and "·" not in line]
    assert [row[:2] for row in rows] == [
        ["⚑", name] for name in ("丁单位", "乙单位", "甲单位", "丙单位")
    ]
    # 25.57, 6.57, 5.57 (+1 grade), 5.57; every one flagged, ⚑ before its name


def test_score_review_of_one_file(capsys, examples_dir: Path):
    code = main(["review", str(examples_dir / "luquan-cppcc-2025.toml"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["points_gap"] == "5.57" and document["grade_gap"] == 1
    assert [e["code"] for e in document["explained_by"]] == ["4.1", "2.1", "2.2"]
    assert len(document["projects_above_computed_grade"]) == 10
