"""Build a department's facts in memory and score them under the real registry and 2025 ruleset.

`full()` is a department that earns every one of the 100 points. A test changes only what it is
about: `facts({"budget": {"actual": D("950")}})` merges into the full document (tables merge
key by key; arrays and plain values replace), and `DROP` removes a key. The document goes through
tomli_w and the real TOML reader, so numbers arrive as exact decimals as from a file on disk.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli_w
from paths import RULESET_2025

from jixiao.engine import api
from jixiao.engine.facts.model import Facts
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.load import ruleset_from_document
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import Scorecard, SubResult
from jixiao.engine.tomlfile import parse_toml
from jixiao.indicators.internal_controls import RULE_SETS as INTERNAL_CONTROL_RULE_SETS

D = Decimal
DROP = object()  # as a value in overrides: remove this key

CONTENTS = ("sangong_total", "sangong_by_item", "performance_targets", "empty_tables_explained")
RULE_SETS = tuple(INTERNAL_CONTROL_RULE_SETS)  # the eight rule sets, as the indicator names them


def _publication(approved: dt.date, days: int) -> dict[str, Any]:
    return {
        "published": True,
        "approved_on": approved,
        "published_on": approved + dt.timedelta(days=days),
        **dict.fromkeys(CONTENTS, True),
    }


def full() -> dict[str, Any]:
    """A department that earns full points on every sub-indicator of the 2025 ruleset."""
    return {
        "department": {"name": "测试部门", "code": "T-001", "year": 2025},
        "budget": {
            "initial": Decimal("1000"),
            "adjusted": Decimal("1000"),
            "actual": Decimal("1000"),
            "sangong_budget": Decimal("10"),
            "sangong_actual": Decimal("10"),
            "public_funds_budget": Decimal("100"),
            "public_funds_actual": Decimal("100"),
        },
        "disclosure": {
            "self_evaluation_published": True,
            "budget": _publication(dt.date(2025, 1, 10), 20),
            "final_accounts": _publication(dt.date(2025, 8, 1), 20),
        },
        "assets": {
            "rules_exist": True,
            "rules_compliant": True,
            "rules_enforced": True,
            "findings": [],
            "fixed_assets_in_use": Decimal("100"),
            "fixed_assets_total": Decimal("100"),
        },
        "internal_controls": {
            "leading_group": True,
            "risk_assessment": True,
            "post_separation": True,
            "report_on_time": True,
            "violations": [],
            "rule_sets": dict.fromkeys(RULE_SETS, True),
        },
        "targets": [
            {"name": "培训人次", "kind": "quantitative", "target": Decimal("10"), "actual": 10}
        ],
        "projects": [{"name": "专项经费", "budget": Decimal("100"), "self_score": 100}],
    }


def merge(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `overrides` merged in: tables by key, everything else replaced; DROP removes."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is DROP:
            out.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def document(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return merge(full(), overrides or {})


def toml_text(overrides: Mapping[str, Any] | None = None) -> str:
    return tomli_w.dumps(document(overrides))


def facts(overrides: Mapping[str, Any] | None = None, registry: Registry | None = None) -> Facts:
    """Validated Facts, through the same path as a file on disk (InputError when invalid)."""
    text = toml_text(overrides)
    parsed = parse_toml(text.encode("utf-8"), "dept.toml", "facts file")
    return api.facts_from_toml(parsed, registry or api.load_registry())


@functools.lru_cache(maxsize=1)
def ruleset_2025() -> Ruleset:
    return api.load_ruleset(str(RULESET_2025))


def card(overrides: Mapping[str, Any] | None = None, ruleset: Ruleset | None = None) -> Scorecard:
    """The scorecard of the full department changed by `overrides`."""
    return api.score(facts(overrides), ruleset or ruleset_2025())


def sub(scorecard: Scorecard, code: str) -> SubResult:
    """A sub-indicator's result by its code ("1.1") or id ("execution_rate")."""
    for dimension in scorecard.dimensions:
        for result in dimension.subindicators:
            if code in (result.code, result.id):
                return result
    raise KeyError(code)


def dim(scorecard: Scorecard, dimension_id: str) -> Any:
    return next(d for d in scorecard.dimensions if d.id == dimension_id)


def score_of(overrides: Mapping[str, Any], code: str) -> Decimal | None:
    """The rounded score of one sub-indicator."""
    return sub(card(overrides), code).score


def codes(scorecard: Scorecard, code: str | None = None) -> list[str]:
    """Finding codes of one sub-indicator, or of the whole card (card-level findings included)."""
    if code is None:
        return [f.code for f in scorecard.all_findings()]
    return [f.code for f in sub(scorecard, code).findings]


def write(path: Path, overrides: Mapping[str, Any] | None = None) -> Path:
    path.write_text(toml_text(overrides), "utf-8")
    return path


def ruleset_text() -> str:
    return RULESET_2025.read_text("utf-8")


def edited_ruleset(old: str, new: str, *more: tuple[str, str]) -> Ruleset:
    """The 2025 ruleset with pieces of text replaced (each must occur exactly once)."""
    text = ruleset_text()
    for before, after in ((old, new), *more):
        assert text.count(before) == 1, f"{before!r} occurs {text.count(before)} times"
        text = text.replace(before, after)
    parsed = parse_toml(text.encode("utf-8"), "edited.toml", "ruleset")
    return ruleset_from_document(parsed, api.load_registry())


def set_raw(text: str, table: str, key: str, value: str | None) -> str:
    """`text` with `key = value` written verbatim under [table] (None removes the line).

    For what tomli_w would never write: a quoted amount, nan, a mistyped key.
    """
    lines = text.splitlines()
    start = lines.index(f"[{table}]")
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.startswith("["):
            break
        if line.startswith(f"{key} = "):
            if value is None:
                del lines[number]
            else:
                lines[number] = f"{key} = {value}"
            return "\n".join(lines) + "\n"
    if value is not None:
        lines.insert(start + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"
