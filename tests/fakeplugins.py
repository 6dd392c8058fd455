"""Installing fake plugins for a test, the way pip would: a module and a dist-info folder whose
entry_points.txt names it in the group jixiao.plugins, both in a folder put on sys.path."""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

from paths import ROOT

from jixiao.engine import api

RULESET_2025 = ROOT / "rulesets" / "2025.toml"

# What every fake plugin module starts with.
PRELUDE = """
from fractions import Fraction
from jixiao.engine.plugin_api import (
    Indicator, MeasureSpec, Outcome, Param, Quantity, Ratio, RuleKind, Text, hookimpl,
)
"""


class Installer:
    """Writes fake distributions into one folder on sys.path; forgets them afterwards."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.modules: list[str] = []

    def install(self, distribution: str, source: str, entry: str | None = None) -> str:
        """A distribution `distribution` 1.0 holding one module; its entry point has the
        module's name unless `entry` says otherwise. Returns the module name."""
        module = distribution.replace("-", "_")
        (self.folder / f"{module}.py").write_text(
            PRELUDE + textwrap.dedent(source), encoding="utf-8"
        )
        meta = self.folder / f"{module}-1.0.dist-info"
        meta.mkdir()
        (meta / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8"
        )
        (meta / "entry_points.txt").write_text(
            f"[jixiao.plugins]\n{entry or module} = {module}\n", encoding="utf-8"
        )
        self.modules.append(module)
        return module


def fake_site(tmp_path: Path) -> Iterator[Installer]:
    """The body of a fixture: a folder on sys.path to install into; the registry reloaded."""
    folder = tmp_path / "site"
    folder.mkdir()
    sys.path.insert(0, str(folder))
    importlib.invalidate_caches()
    fake = Installer(folder)
    try:
        yield fake
    finally:
        sys.path.remove(str(folder))
        for module in fake.modules:
            sys.modules.pop(module, None)
        api.load_registry(fresh=True)  # the next test sees only what is really installed


def ruleset_with_steady(folder: Path, kind: str = "tiers", extra: str = "") -> Path:
    """The 2025 ruleset with 1.1 at 10 points and a dimension `steady` of 10 on the fake
    indicator; the rule on its 10 points is `kind` on the measure `share`."""
    text = RULESET_2025.read_text(encoding="utf-8")
    text = text.replace('id = "2025"', 'id = "2025-steady"')
    text = text.replace("weight = 35", "weight = 25")
    text = text.replace(
        'label_en = "Budget execution rate"\npoints = 20',
        'label_en = "Budget execution rate"\npoints = 10',
    )
    rule = extra or f'{{ kind = "{kind}", measure = "share" }}'
    if kind == "tiers" and not extra:
        rule = '{ kind = "tiers", measure = "share", tiers = [{ at_least_pct = 50, points = 10 }] }'
    text += textwrap.dedent(
        f"""
        [dimensions.steady]
        label = "稳定"
        weight = 10
        indicator = "steady"

        [dimensions.steady.subindicators.share]
        code = "6.1"
        label = "占比"
        points = 10
        rule = {rule}
        """
    )
    path = folder / "2025-steady.toml"
    path.write_text(text, encoding="utf-8")
    return path
