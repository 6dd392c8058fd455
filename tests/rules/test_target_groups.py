"""Targets scored in groups chosen by the category or tags the facts give, `targets_met` with
its band, and the refusal of two rows that would count the same targets twice.

The ruleset extends 2025 and splits 5.1 (15 points) into 5.1 on the 产出 targets (10) and 5.4
on the 效益 ones (5). Every other row of the department is full (factories.full()), so the
total is 85 + 5.1 + 5.4.
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from commandline import cli
from factories import toml_text

SPLIT = """
format = 1
id = "split"
year = 2025
extends = "2025"

[dimensions.output_targets.subindicators.target_completion]
points = 10
rule.categories = ["产出"]

[dimensions.output_targets.subindicators.benefit_targets]
code = "5.4"
label = "效益目标达成"
points = 5
[dimensions.output_targets.subindicators.benefit_targets.rule]
kind = "targets_met"
measure = "targets"
categories = {benefit}
within_pct = 30
met_levels = ["达成"]
"""

TARGETS = [
    # 产出: 200 of 200 → 1; 90 of 100 → 0.9: 10 × 1.9 / 2 = 9.50
    {
        "name": "培训人次",
        "kind": "quantitative",
        "target": D(200),
        "actual": D(200),
        "category": "产出",
    },
    {
        "name": "服务场次",
        "kind": "quantitative",
        "target": D(100),
        "actual": D(90),
        "category": "产出",
    },
    # 效益 (by category or tag): 130% of target counts (not more than 30% over); 130.01% does
    # not; 达成 counts; 部分达成 does not: 2 of 4 → 5 × 2/4 = 2.50
    {
        "name": "受益人数",
        "kind": "quantitative",
        "target": D(100),
        "actual": D(130),
        "category": "效益",
    },
    {
        "name": "带动就业",
        "kind": "quantitative",
        "target": D(100),
        "actual": D("130.01"),
        "tags": ["效益"],
    },
    {"name": "群众满意", "kind": "qualitative", "level": "达成", "category": "效益"},
    {"name": "社会影响", "kind": "qualitative", "level": "部分达成", "category": "效益"},
]


def write(folder: Path, benefit: str = '["效益"]') -> Path:
    (folder / "split.toml").write_text(SPLIT.format(benefit=benefit), encoding="utf-8")
    (folder / "dept.toml").write_text(toml_text({"targets": TARGETS}), encoding="utf-8")
    return folder


def test_each_row_scores_its_own_targets(tmp_path, monkeypatch, capsys):
    code, out, err = cli(
        ["run", "dept.toml", "--ruleset", "split.toml", "--format", "json"],
        monkeypatch,
        capsys,
        write(tmp_path),
    )
    assert code == 0, err
    data = json.loads(out)
    rows = {s["code"]: s for d in data["dimensions"] for s in d["subindicators"]}
    assert rows["5.1"]["score"] == "9.50"
    assert rows["5.1"]["measures"]["targets"]["count"] == 2  # the 产出 targets alone
    assert rows["5.4"]["score"] == "2.50"
    assert [d["reason"] for d in rows["5.4"]["deductions"]] == [
        "目标“带动就业”未计为达成（超过目标值30%以上，视为目标设置偏低），扣1.25分",
        "目标“社会影响”未计为达成（完成等级为部分达成），扣1.25分",
    ]
    assert data["total"] == "97.00"  # 85 + 9.50 + 2.50


@pytest.mark.parametrize(
    ("benefit", "zh"),
    [
        ('["效益", "产出"]', "5.1与5.4都给“targets”中产出类的项目计分，会重复计分"),
        ("[]", ""),  # an empty list is refused as a list of names
    ],
)
def test_two_rows_may_not_count_the_same_targets(tmp_path, monkeypatch, capsys, benefit, zh):
    folder = write(tmp_path, benefit)
    code, _, err = cli(["rules", "check", "split.toml"], monkeypatch, capsys, folder)
    assert code == 2
    assert zh in err


def test_a_row_on_every_target_beside_one_on_some_is_refused(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path)
    text = (
        (folder / "split.toml")
        .read_text(encoding="utf-8")
        .replace('rule.categories = ["产出"]\n', "")
    )
    (folder / "split.toml").write_text(text, encoding="utf-8")
    code, _, err = cli(
        ["rules", "check", "split.toml", "--lang", "en"], monkeypatch, capsys, folder
    )
    assert code == 2
    assert (
        "5.1 and 5.4 both score 'targets', and at least one has no categories (every item)"
    ) in err


def test_a_target_picked_by_two_rows_is_an_error_finding(tmp_path, monkeypatch, capsys):
    folder = write(tmp_path)
    both = [{**TARGETS[0], "tags": ["效益"]}, *TARGETS[1:]]  # 产出 by category, 效益 by tag
    (folder / "dept.toml").write_text(toml_text({"targets": both}), encoding="utf-8")
    code, out, _ = cli(
        ["run", "dept.toml", "--ruleset", "split.toml", "--format", "json"],
        monkeypatch,
        capsys,
        folder,
    )
    assert code == 0
    twice = [f for f in json.loads(out)["findings"] if f["code"] == "counted_twice"]
    assert [(f["level"], f["message"]) for f in twice] == [
        (
            "error",
            "目标“培训人次”同时被5.1和5.4计分（一行按类别、一行按标签选中了它）；"
            "请修改该目标的类别或标签，使它只属于一行",
        )
    ]
