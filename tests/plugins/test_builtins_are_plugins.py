"""The built-in indicators are plugins like any other: they use only the public plugin API."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from paths import ROOT

INDICATORS = sorted((ROOT / "indicators").glob("[!_]*.py"))


@pytest.mark.parametrize("module", INDICATORS, ids=lambda p: p.stem)
def test_imports_only_the_plugin_api(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    from_score = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jixiao")
    }
    assert from_score == {"jixiao.engine.plugin_api"}


def test_there_are_five_builtins() -> None:
    assert [p.stem for p in INDICATORS] == [
        "asset_management",
        "budget_execution",
        "disclosure",
        "internal_controls",
        "output_targets",
    ]
