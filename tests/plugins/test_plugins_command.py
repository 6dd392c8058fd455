"""`score plugins`: what is installed, from which distribution, and what failed to load."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeplugins import Installer, fake_site

from jixiao import cli
from jixiao.engine import api


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Installer]:
    yield from fake_site(tmp_path)


def plugins(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    api.load_registry(fresh=True)
    code = cli.main(["plugins", *args])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out


def test_json_lists_the_builtins_by_distribution(capsys):
    code, out = plugins(["--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["complete"] is True
    assert data["failures"] == []
    by_name = {p["name"]: p for p in data["plugins"]}
    assert by_name["budget_execution"] == {
        "name": "budget_execution",
        "entry_point": "jixiao.indicators.budget_execution",
        "distribution": "jixiao",
        "version": "0.1.0",
        "hooks": ["score_indicators"],
        "indicators": ["budget_execution"],
        "rule_kinds": [],
        "measure_kinds": [],
    }
    assert by_name["rule_kinds"]["hooks"] == ["score_rule_kinds"]
    assert by_name["measure_kinds"]["hooks"] == ["score_measure_kinds"]
    assert data["measure_kinds"]["change_rate"]["produces"] == "Ratio"
    assert data["measure_kinds"]["change_rate"]["facts"] == ["current", "previous"]
    assert sorted(data["rule_kinds"]) == [
        "checklist",
        "deadline",
        "judgement",
        "linear_ratio",
        "per_finding",
        "per_missing",
        "per_point",
        "proportion",
        "target_achievement",
        "targets_met",
        "tiers",
        "weighted_mean",
    ]
    assert data["rule_kinds"]["tiers"]["accepts"] == ["Ratio", "Quantity"]
    assert data["indicators"]["budget_execution"]["plugin"] == "budget_execution"
    assert data["indicators"]["budget_execution"]["measures"]["execution_rate"] == "Ratio"


def test_a_plugin_with_both_hooks_and_a_broken_one(site, capsys):
    site.install(
        "score-both",
        """
        class Half(RuleKind):
            name = "half"
            label = Text("减半", "half")
            accepts = (Ratio,)
            def apply(self, given):
                return Outcome(given.points / 2)
            def describe(self, rule, points, lang, item_labels=None):
                return "half"

        @hookimpl
        def score_indicators():
            return []

        @hookimpl
        def score_rule_kinds():
            return [Half()]
        """,
    )
    site.install("score-broken", "import survey_client_that_is_not_installed\n")
    code, out = plugins(["--format", "json", "--lang", "en"], capsys)
    assert code == 3
    data = json.loads(out)
    both = next(p for p in data["plugins"] if p["name"] == "score_both")
    assert both["distribution"] == "score-both"
    assert both["version"] == "1.0"
    assert both["hooks"] == ["score_indicators", "score_rule_kinds"]
    assert both["rule_kinds"] == ["half"]
    assert data["rule_kinds"]["half"]["distribution"] == "score-both"
    assert data["complete"] is False
    assert data["failures"] == [
        {
            "plugin": "score_broken",
            "distribution": "score-broken",
            "version": "1.0",
            "message": "failed to import score_broken: ModuleNotFoundError: No module named "
            "'survey_client_that_is_not_installed'",
        }
    ]


def test_table(site, capsys):
    site.install("score-broken", "raise RuntimeError('licence file missing')\n")
    code, out = plugins(["--lang", "en"], capsys)
    assert code == 3
    assert "Installed plugins" in out
    assert "budget_execution (Budget execution)" in out
    assert "Plugins that failed to load" in out
    assert "score_broken" in out
    assert "score-broken 1.0" in out
    assert "failed to import score_broken: RuntimeError: licence file missing" in out


def test_table_when_everything_loaded(capsys):
    code, out = plugins([], capsys)
    assert code == 0
    assert "已安装插件" in out
    assert "所有插件均已加载" in out
