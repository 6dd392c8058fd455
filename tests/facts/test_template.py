"""The facts template (`score init`, docs/facts-template.toml) has no traps: an unfilled answer
is "no evidence" with a warning, never free points, and a required amount left out refuses
the file, naming every one missing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from paths import ROOT

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.facts.template import render_template
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset

# what a department must at least fill in: the required amounts of [budget]
REQUIRED_BUDGET = {
    "initial": "2400",
    "adjusted": "2640",
    "actual": "2455.2",
    "sangong_budget": "12",
    "sangong_actual": "11.4",
    "public_funds_budget": "180",
    "public_funds_actual": "176.5",
}


def template(tmp_path: Path, *args: str) -> str:
    target = tmp_path / "dept.toml"
    assert main(["init", "--ruleset", "2025", str(target), *args]) == 0
    return target.read_text(encoding="utf-8")


def uncomment(text: str, key: str, value: str) -> str:
    """What a department does: delete the line's "# " and write its value after the =."""
    line = re.compile(rf"^# {key} =( *)#", re.MULTILINE)
    assert len(line.findall(text)) >= 1, key
    return line.sub(lambda found: f"{key} = {value}{found.group(1)}#", text, count=1)


def example_of(comment: str) -> str:
    """The value a field's note gives as its example (`如 2400`), or one of the answers it lists
    (`true 是 / false 否`, `可填 "达成"、…`)."""
    for pattern in (r"(?:如|e\.g\.) (.+)$", r'可填 ("[^"]*")', r"(true)"):
        found = re.search(pattern, comment)
        if found:
            return found.group(1)
    raise AssertionError(f"no example in: {comment}")


def test_the_template_is_in_chinese_and_in_english_on_request(tmp_path: Path) -> None:
    text = template(tmp_path)
    assert text.startswith("# 2025年度部门整体支出绩效评价 填报数据表\n")
    assert "# 怎样填写" in text
    assert "# initial =                       # 年初预算数：万元；必填；如 2400\n" in text
    (tmp_path / "dept.toml").unlink()
    english = template(tmp_path, "--lang", "en")
    assert english.startswith("# Department overall expenditure performance evaluation")
    assert "# initial =                       # initial budget: 万元; required; e.g. 2400\n" in (
        english
    )
    assert "怎样填写" not in english


def test_the_template_gives_every_section_and_field(tmp_path: Path, registry: Registry) -> None:
    text = template(tmp_path)
    for section in registry.schema.known.values():
        header = f"[[{section.name}]]" if section.array else f"[{section.name}]"
        assert header in text, header
        for field in section.fields:
            assert re.search(rf"^(# )?{field.name} = ", text, re.MULTILINE), field.name


def test_an_untouched_template_names_every_required_amount(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    template(tmp_path)
    capsys.readouterr()
    assert main(["run", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("（budget.")[1].split("）")[0] for line in lines] == list(REQUIRED_BUDGET)
    # each named at the line that is still commented out, which looks filled in Notepad
    assert lines[0] == (
        f"错误：{path}:39: 年初预算数（budget.initial）：必须填写：第39行仍以 # 开头，没有生效；"
        "请删去行首的“# ”，在等号后填写以万元为单位的金额，只写数字，不加单位、不加引号，"
        "如 968.909901"
    )


def test_only_the_required_amounts_score_no_evidence_with_a_warning_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    text = template(tmp_path)
    for key, value in REQUIRED_BUDGET.items():
        text = uncomment(text, key, value)
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(path), "--format", "json"]) == 0
    card = json.loads(capsys.readouterr().out)
    scores = {
        sub["code"]: sub["score"] for dim in card["dimensions"] for sub in dim["subindicators"]
    }
    # the budget is scored from its amounts (20 × 93% + 5 − 2 × 0.5 + 5 + 2 + 2), and nothing
    # else earns a point: every answer is absent
    assert scores == {
        "1.1": "18.60", "1.2": "4.00", "1.3": "5.00", "1.4": "2.00", "1.5": "2.00",
        "2.1": "0.00", "2.2": "0.00", "2.3": "0.00",
        "3.1": "0.00", "3.2": "0.00", "3.3": "0.00",
        "4.1": "0.00", "4.2": "0.00", "4.3": "0.00",
        "5.1": "0.00", "5.2": None, "5.3": None,
    }  # fmt: skip
    assert card["total"] == "31.60"
    warned = sorted(f["where"] for f in card["findings"] if f["level"] == "warning")
    assert warned == sorted(
        [
            "department.name",
            "department.code",
            *(f"internal_controls.rule_sets.{key}" for key in (
                "budget", "revenue", "expenditure", "procurement", "assets", "construction",
                "contracts", "decision_making",
            )),
            "projects",
            "2.1", "2.2", "2.3",
            "3.1", "3.1", "3.1", "3.2", "3.3",
            "4.2", "4.2", "4.2", "4.2", "4.3",
            "5.1",
        ]
    )  # fmt: skip


def test_every_example_of_the_template_is_a_value_the_file_takes(
    tmp_path: Path, registry: Registry
) -> None:
    """Every field's note gives an example, or the answers, that the file takes: filled with
    them (but the level, which is a qualitative target's, where the others are quantitative),
    the template scores."""
    text = template(tmp_path)
    field = re.compile(r"^# ((?!level)[a-z_]+) =( +)(# .*)$", re.MULTILINE)
    filled = field.sub(
        lambda found: f"{found.group(1)} = {example_of(found.group(3))}  {found.group(3)}", text
    )
    filled = re.sub(r"^# (\[\[\w+\]\])$", r"\1", filled, flags=re.MULTILINE)
    path = tmp_path / "filled.toml"
    path.write_text(filled, encoding="utf-8")
    facts = api.load_facts(path, registry)
    assert len(facts.records("targets")) == 1 and len(facts.records("projects")) == 1
    card = api.score(facts, api.ruleset_for(facts, None, registry=registry), registry)
    warnings = [f.code for f in card.all_findings() if f.level == "warning"]
    assert card.complete and warnings == ["placeholder", "placeholder"]  # name and code


def test_uncommented_and_left_empty_a_line_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(template(tmp_path).replace("# initial =", "initial =", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"错误：{path}:39：格式有误：“initial =”后面没有填写值：请在等号后填写，"
        "或在行首加上“# ”暂不填写\n"
    )


def test_copying_the_template_answers_nothing(tmp_path: Path) -> None:
    """No field is written with a value (but the file's year, name and code): a department
    that uncomments a line without writing its own value gets an error, never an answer."""
    text = template(tmp_path)
    values = [line for line in text.splitlines() if re.match(r"^[a-z_]+ = ", line)]
    assert [line.split(" = ")[0] for line in values] == ["name", "code", "year"]
    assert not re.search(r"^# [a-z_]+ = \S", text, re.MULTILINE)


def test_docs_template_is_the_template_of_2025(registry: Registry, ruleset_2025: Ruleset) -> None:
    written = (ROOT / "docs" / "facts-template.toml").read_text(encoding="utf-8")
    assert written == render_template(ruleset_2025, registry), (
        "regenerate it: score init --ruleset 2025 - > docs/facts-template.toml"
    )
