"""`score run --format json`: one object with a stable shape; `--lang en` speaks English."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from factories import write
from paths import SEED

from jixiao import __version__, cli
from jixiao.engine import api

TWO_PLACES = re.compile(r"^\d{1,3}\.\d{2}$")


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert cli.main(["run", *args, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    data: dict[str, Any] = json.loads(captured.out)
    return data


def test_top_level_shape(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(SEED))
    assert list(data) == [
        "schema_version",
        "engine",
        "source",
        "department",
        "ruleset",
        "complete",
        "total",
        "grade",
        "dimensions",
        "findings",
        "plugin_failures",
    ]
    assert data["schema_version"] == 2
    assert data["engine"] == {"name": "jixiao", "version": __version__}
    assert data["department"] == {"name": "鹿泉区政协", "code": "LQ-ZX-001", "year": 2025}
    sha = api.load_ruleset("2025").sha256  # of the resolved ruleset in canonical form
    assert data["ruleset"] == {
        "id": "2025",
        "year": 2025,
        "title": "部门整体支出绩效评价指标体系（2025年）",
        "sha256": sha,
    }
    assert data["complete"] is True
    assert data["total"] == "79.43"
    assert data["grade"] == "良好"
    assert data["plugin_failures"] == []


def test_dimensions_and_subindicators(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(SEED))
    dims = data["dimensions"]
    assert [d["id"] for d in dims] == [
        "budget_execution",
        "disclosure",
        "asset_management",
        "internal_controls",
        "output_targets",
    ]
    assert [d["score"] for d in dims] == ["35.00", "0.00", "7.00", "7.43", "30.00"]
    assert [d["weight"] for d in dims] == ["35.00", "10.00", "10.00", "15.00", "30.00"]
    for dim in dims:
        assert set(dim) == {
            "id",
            "label",
            "weight",
            "score",
            "status",
            "rebased",
            "na_reason",
            "groups",
            "subindicators",
        }
        assert dim["status"] == "scored"
        assert dim["groups"] == []
        assert TWO_PLACES.match(dim["score"])
        for sub in dim["subindicators"]:
            assert set(sub) == {
                "id",
                "code",
                "label",
                "points",
                "score",
                "status",
                "rule",
                "measures",
                "deductions",
                "na_reason",
                "group",
            }
            assert sub["group"] is None  # the 2025 system has no 二级 groups
            assert TWO_PLACES.match(sub["points"]) and TWO_PLACES.match(sub["score"])
    rule_sets = dims[3]["subindicators"][0]
    assert rule_sets["code"] == "4.1"
    assert rule_sets["score"] == "3.43"
    assert rule_sets["measures"]["rule_set_coverage"]["numerator"] == "3"
    assert rule_sets["measures"]["rule_set_coverage"]["denominator"] == "7"
    assert rule_sets["deductions"] == [
        {
            "points": "4.5714",
            "reason": "内控制度完备性42.86%，按比例扣4.57分",
            "reason_id": "ratio.proportion",
        }
    ]


def test_findings(capsys: pytest.CaptureFixture[str]) -> None:
    findings = run_json(capsys, str(SEED))["findings"]
    keys = {"level", "code", "message", "message_id", "where", "label"}
    assert all(set(f) == keys for f in findings)
    assert {f["level"] for f in findings} == {"warning", "info"}
    assert {
        "level": "info",
        "code": "plain_mean",
        "message": "有项目未填写预算数，按简单平均计算",
        "message_id": "targets.no_budget",
        "where": "5.2",
        "label": None,
    } in findings
    rule_set = next(f for f in findings if f["where"] == "internal_controls.rule_sets.revenue")
    assert (rule_set["label"], rule_set["message"]) == (
        "收入业务",
        "未填写，按不具备该项内控制度计",
    )
    assert sum(f["code"] == "missing_evidence" for f in findings) == 19


def test_not_applicable_in_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        tmp_path / "dept.toml",
        {"assets": {"fixed_assets_in_use": 0, "fixed_assets_total": 0}},
    )
    data = run_json(capsys, str(path))
    assets = data["dimensions"][2]
    assert assets["rebased"] is True
    assert assets["score"] == "10.00"
    utilisation = assets["subindicators"][2]
    assert utilisation["status"] == "not_applicable"
    assert utilisation["score"] is None
    assert utilisation["na_reason"] == "在用固定资产与固定资产总额均为0"
    assert data["total"] == "100.00"
    assert data["grade"] == "优秀"


def test_english(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, str(SEED), "--lang", "en")
    assert data["grade"] == "Good"
    assert data["ruleset"]["title"] == (
        "Department overall expenditure performance indicator system (2025)"
    )
    assert [d["label"] for d in data["dimensions"]] == [
        "Budget execution",
        "Disclosure of budgets and final accounts",
        "Asset management",
        "Internal controls",
        "Outputs and performance targets",
    ]
    rule_sets = data["dimensions"][3]["subindicators"][0]
    assert rule_sets["label"] == "Internal-control rule sets"
    assert rule_sets["deductions"][0]["reason"] == (
        "Internal-control rule sets 42.86%: 4.57 off in proportion"
    )
    messages = [f["message"] for f in data["findings"]]
    assert "some items have no budget figure: the plain mean is used" in messages
    assert not any(re.search(r"[\u4e00-\u9fff]", m) for m in messages if "三公" not in m)


def test_english_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["run", str(SEED), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Budget execution" in out
    assert "Total: 79.43" in out and "Grade: Good" in out
    assert "总分" not in out
