"""The fast entry-point reader agrees with importlib.metadata and reads what pip writes."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from score.engine.entrypoints import _normalise, _parse, _target, entry_points

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


# The reader parses with string methods; these are the patterns it replaced (importlib.metadata's
# own), so that what it accepts is checked against them character by character.
SECTION = re.compile(r"^\[\s*(.+?)\s*\]\s*$")
ENTRY = re.compile(r"^([^=\s][^=]*?)\s*=\s*(.+?)\s*$")
VALUE = re.compile(r"^(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+))?\s*(\[.*\])?$")
# letters, digits and spaces of several scripts, and every character the syntax gives a meaning
TRICKY = st.text(alphabet="ab_.-:=[] \t\n\r\x0b\x85\u00a0\u3000é名٣#;", max_size=14)


def _by_patterns(text: str, group: str) -> list[tuple[str, str]]:
    found, current = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        section = SECTION.match(line)
        if section:
            current = section.group(1)
            continue
        entry = ENTRY.match(line)
        if entry and current == group:
            found.append((entry.group(1).strip(), entry.group(2)))
    return found


@settings(max_examples=3000, deadline=None)
@given(st.lists(TRICKY, max_size=6), st.sampled_from(["g", "a.b", "score.indicators"]))
def test_parse_reads_what_the_patterns_read(lines: list[str], group: str) -> None:
    text = "\n".join(lines)
    for header in ("", f"[{group}]\n", f"[ {group} ]\n"):
        assert _parse(header + text, group) == _by_patterns(header + text, group)


@settings(max_examples=5000, deadline=None)
@given(TRICKY)
@example("a [\n]")
@example("a [x]\n\n")
@example("a [x] ")
@example("a:")
@example("a : \n")
@example(":a")
@example("a [")
@example("a]")
@example("a\n")
def test_target_is_what_the_pattern_matches(value: str) -> None:
    match = VALUE.match(value)
    expected = None if match is None else (match.group("module"), match.group("attr") or "")
    assert _target(value) == expected


@pytest.mark.parametrize(
    "value",
    ["pkg.mod", "pkg.mod:obj.attr", "pkg.mod : obj [extra, other]", "pkg.mod:obj [x]\n", "名.模块"],
)
def test_target_of_well_formed_values(value: str) -> None:
    match = VALUE.match(value)
    assert match is not None
    assert _target(value) == (match.group("module"), match.group("attr") or "")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="aZ_.-é", max_size=12))
def test_normalise_is_the_pattern_substitution(name: str) -> None:
    assert _normalise(name) == re.sub(r"[-_.]+", "-", name).lower()
