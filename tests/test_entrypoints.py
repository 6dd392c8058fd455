"""The fast entry-point reader agrees with importlib.metadata and reads what pip writes."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from score.engine.entrypoints import entry_points

GROUP = "score.indicators"


def test_agrees_with_importlib_metadata() -> None:
    ours = sorted((e.name, e.value) for e in entry_points(GROUP))
    theirs = sorted((e.name, e.value) for e in importlib.metadata.entry_points(group=GROUP))
    assert ours == theirs
    assert ("budget_execution", "score.indicators.budget_execution") in ours


def _dist(folder: Path, name: str, version: str, entries: str) -> None:
    meta = folder / f"{name.replace('-', '_')}-{version}.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nlong text\n", "utf-8"
    )
    (meta / "entry_points.txt").write_text(entries, "utf-8")


def test_reads_group_name_version_and_first_wins(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _dist(
        first,
        "score-satisfaction",
        "1.2.0",
        "[console_scripts]\nx = y:z\n\n[score.indicators]\nsatisfaction = pkg.mod\n"
        "# a comment\nother = pkg.mod:thing.attr [extra]\n",
    )
    _dist(second, "score-satisfaction", "0.9.0", "[score.indicators]\nold = pkg.old\n")
    found = entry_points(GROUP, [str(first), str(second), str(tmp_path / "missing")])
    assert [(e.name, e.value, e.distribution, e.version) for e in found] == [
        ("satisfaction", "pkg.mod", "score-satisfaction", "1.2.0"),
        ("other", "pkg.mod:thing.attr [extra]", "score-satisfaction", "1.2.0"),
    ]


def test_load_resolves_module_and_attribute() -> None:
    entry = next(e for e in entry_points(GROUP) if e.name == "budget_execution")
    module = entry.load()
    assert module.INDICATOR.id == "budget_execution"
