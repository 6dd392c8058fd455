"""Properties: a valid ruleset written back with tomli-w and read again resolves to the same
ruleset (and so does a child that extends 2025 with only the changes); `rules diff A A` is empty
and `rules diff 2025 A` names only what was changed."""

from __future__ import annotations

import copy
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.engine.numbers import ROUNDING_MODES
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.diff import diff_rulesets
from jixiao.engine.ruleset.library import BUNDLED
from jixiao.engine.ruleset.load import load_ruleset_file, ruleset_from_document
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.tomlfile import TomlDocument, read_toml

BASE = read_toml(BUNDLED / "2025.toml").data
BE, OT = "budget_execution", "output_targets"

hundredths = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)


@st.composite
def variations(draw: st.DrawFn) -> dict[str, Any]:
    """Changes to 2025 that keep it valid: points moved between 1.1 and 5.1 (and the two
    dimensions' weights with them), 1.2's threshold and rate, the bands, the rounding."""
    changes: dict[str, Any] = {}
    moved = Decimal(draw(st.integers(min_value=-20, max_value=20))) / 4  # −5 … 5 by 0.25
    if moved:
        changes["dimensions"] = {
            BE: {"weight": 35 - moved, "subindicators": {"execution_rate": {"points": 20 - moved}}},
            OT: {
                "weight": 30 + moved,
                "subindicators": {"target_completion": {"points": 15 + moved}},
            },
        }
    if draw(st.booleans()):
        rule = {"threshold_pct": draw(hundredths), "deduct_per_point": draw(hundredths)}
        dimension = changes.setdefault("dimensions", {}).setdefault(BE, {})
        dimension.setdefault("subindicators", {})["carry_over_rate"] = {"rule": rule}
    if draw(st.booleans()):
        cuts = sorted(
            draw(st.sets(st.integers(min_value=1, max_value=9999), min_size=3, max_size=3))
        )
        low, mid, high = (Decimal(c) / 100 for c in cuts)
        changes["grades"] = [
            {"label": "优秀", "min": high},
            {"label": "良好", "min": mid, "below": high},
            {"label": "一般", "min": low, "below": mid},
            {"label": "较差", "min": 0, "below": low},
        ]
    if draw(st.booleans()):
        changes["rounding"] = {
            # points move by 0.25: at least 2 places (a ruleset's points never have more
            # decimals than its scores are rounded to)
            "places": draw(st.integers(min_value=2, max_value=6)),
            "mode": draw(st.sampled_from(ROUNDING_MODES)),
        }
    return changes


def merged(changes: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["id"], data["year"] = "variant", 2026

    def into(base: dict[str, Any], more: dict[str, Any]) -> None:
        for key, value in more.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                into(base[key], value)
            else:
                base[key] = copy.deepcopy(value)

    into(data, changes)
    return data


def same(a: Ruleset, b: Ruleset) -> bool:
    return attrs.evolve(a, source="") == attrs.evolve(b, source="")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=variations())
def test_written_back_and_read_again_resolves_the_same(
    registry: Registry, changes: dict[str, Any]
) -> None:
    data = merged(changes)
    direct = ruleset_from_document(TomlDocument("memory", "", data), registry)
    with tempfile.TemporaryDirectory() as folder:
        full = Path(folder) / "full.toml"
        full.write_text(tomli_w.dumps(data), encoding="utf-8")
        child = Path(folder) / "child.toml"
        child.write_text(
            tomli_w.dumps({"extends": "2025", "id": "variant", "year": 2026, **changes}),
            encoding="utf-8",
        )
        from_full = load_ruleset_file(full, registry)
        from_child = load_ruleset_file(child, registry)
    assert same(from_full, direct)
    assert same(from_child, direct)
    assert from_full.sha256 == from_child.sha256 == direct.sha256
    assert diff_rulesets(from_full, from_full) == []
    assert diff_rulesets(from_full, from_child) == []
    base = load_ruleset_file(BUNDLED / "2025.toml", registry)
    paths = {c.path for c in diff_rulesets(base, from_child)}
    allowed = ("rounding.", "grades.", f"dimensions.{BE}", f"dimensions.{OT}")
    assert all(path.startswith(allowed) for path in paths)
    before = (base.dimensions, base.grades, base.places, base.mode)
    after = (from_child.dimensions, from_child.grades, from_child.places, from_child.mode)
    assert bool(paths) == (before != after)
