"""What the fuzz tests mutate: the corpus's good facts file, the 2025 ruleset, and hypothesis
strategies for the keys and values put into them."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from paths import CORPUS, ROOT

GOOD_TEXT = (CORPUS / "good.toml").read_text(encoding="utf-8")
GOOD = tomllib.loads(GOOD_TEXT, parse_float=Decimal)
RULES_TEXT = (ROOT / "rulesets" / "2025.toml").read_text(encoding="utf-8")
RULES = tomllib.loads(RULES_TEXT, parse_float=Decimal)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples every run: CI failures reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- every TOML type ------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, 1, -1, 100, 101, 2000, 2025, 2101, 10**10, 10**15, 10**20]),
    st.decimals(allow_nan=True, allow_infinity=True, places=3, min_value=-(10**6)),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("0.5"), Decimal("1e-40"), Decimal("1e400"), Decimal("-0.0")]),
)
SCALARS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["是", "否", "n/a", "不适用", "968.9万元", "2025-02-10", "达成", ">=", "<="]),
    st.sampled_from(["[/]", "[bold]", "[link=x]", "\x1b[31m", "\t", "\u202e"]),  # markup, escapes
    NUMBERS,
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
)
KEYS = st.one_of(
    st.text(min_size=1, max_size=6),
    st.sampled_from(["name", "kind", "level", "target", "actual", "weight", "budget", "year"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
        st.lists(st.dictionaries(KEYS, inner, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _finite(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())


def _mutate(document: dict[str, Any], draw: Any) -> dict[str, Any]:
    """Up to four changes: drop a key, replace a value by any TOML value, nudge a number,
    or add a key (a known name in the wrong place, or a random one)."""
    data = copy.deepcopy(document)
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["drop", "replace", "number", "add"]))
        if action == "drop":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(VALUES)
        elif action == "number" and _finite(parent[last]):
            parent[last] = parent[last] * draw(st.sampled_from([0, -1, 2, 10, Decimal("0.5")]))
        elif isinstance(parent[last], dict):
            parent[last][draw(KEYS)] = draw(VALUES)
    return data
