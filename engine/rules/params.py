"""A rule kind's parameters: what a ruleset may write for each, and the typed value it becomes.

Every rule of every ruleset is read through these types, so each is validated the same way and
refused with the same words; docs/plugins.md explains each type to a plugin author. A problem
is named by its key relative to the parameter: "" for the parameter itself, ".x" for an entry
of a table, "[0]" for an item of a list.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Any

from attrs import frozen

from jixiao.engine.errors import shown
from jixiao.engine.numbers import exact, plain
from jixiao.engine.text import Text

Problems = list[tuple[str, str]]  # (key, what is wrong)
Parsed = tuple[Any, Problems]

# ≤ / ≥ a limit, the limit a percentage of a ratio or a plain number
BOUNDS = {
    "at_most_pct": ("≤", "%"),
    "at_least_pct": ("≥", "%"),
    "at_most": ("≤", ""),
    "at_least": ("≥", ""),
}


@frozen
class Tier:
    """One step of a tier table: the points when the measure is within the bound."""

    bound: str  # one of BOUNDS
    limit: Fraction
    points: Fraction

    def holds(self, value: Fraction) -> bool:
        return value <= self.limit if self.bound.startswith("at_most") else value >= self.limit

    @property
    def percent(self) -> bool:
        return self.bound.endswith("_pct")

    def words(self) -> str:
        sign, unit = BOUNDS[self.bound]
        return f"{sign}{plain(self.limit)}{unit}"


@frozen
class Param:
    """One parameter of a rule kind, as written in the ruleset."""

    name: str
    type: str  # one of PARAM_TYPES
    help: Text
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()

    def parse(self, raw: Any) -> Parsed:
        """The typed value of `raw`, or the problems that make it unacceptable."""
        parser = _PARSERS.get(self.type)
        if parser is None:
            raise ValueError(f"unknown parameter type {self.type!r}")
        return parser(self, raw)


def _fail(message: str, key: str = "") -> Parsed:
    return None, [(key, message)]


def _number(param: Param, raw: Any) -> Parsed:
    """points, percent, share: an exact number ≥ 0 (a share at most 1)."""
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
        return _fail(f"expected a number, found {raw!r}")
    if isinstance(raw, Decimal) and not raw.is_finite():  # before exact(): it raises
        return _fail(f"expected a finite number, found {shown(raw)}")
    value = exact(raw)
    if value < 0:
        return _fail(f"expected a number ≥ 0, found {plain(value)}")
    if param.type == "share" and value > 1:
        return _fail(f"expected a share between 0 and 1 (e.g. 0.8), found {plain(value)}")
    return value, []


def _whole(param: Param, raw: Any) -> Parsed:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        return _fail(f"expected a whole number ≥ 0, found {shown(raw)}")
    return raw, []


def _choice(param: Param, raw: Any) -> Parsed:
    if raw not in param.choices:
        return _fail("expected one of " + ", ".join(f'"{c}"' for c in param.choices))
    return raw, []


def _bool(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, bool) else _fail("expected true or false")


def _table(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, dict) else _fail("expected a table { ... }")


def _list(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, list) else _fail("expected a list [ ... ]")


def _names(param: Param, raw: Any) -> Parsed:
    """A non-empty list of names (of a measure's items)."""
    if not isinstance(raw, list):
        return _fail("expected a list [ ... ]")
    if not raw or not all(isinstance(item, str) for item in raw):
        return _fail('expected a non-empty list of item names, e.g. ["sangong_total"]')
    return tuple(raw), []


def _by_name(kind: str) -> Callable[[Param, Any], Parsed]:
    """A table of names (of a measure's items) to points, or to shares."""

    def parse(param: Param, raw: Any) -> Parsed:
        if not isinstance(raw, dict):
            return _fail("expected a table { ... }")
        entry = Param(param.name, kind, param.help)
        values: dict[str, Fraction] = {}
        for key, value in raw.items():
            number, problems = _number(entry, value)
            if problems:
                return _fail(problems[0][1], f".{key}")
            values[key] = number
        if kind == "points" and not values:
            return _fail("needs at least one item")
        return values, []

    return parse


def _tiers(param: Param, raw: Any) -> Parsed:
    """Tiers tried in order: [{ at_most_pct = 10, points = 2 }, ...], one kind of bound, the
    limits strictly increasing (≤) or decreasing (≥)."""
    if not isinstance(raw, list):
        return _fail("expected a list [ ... ]")
    problems: Problems = []
    tiers: list[Tier] = []
    for index, entry in enumerate(raw):
        tier, problem = _tier(entry)
        if problem:
            problems.append((f"[{index}]", problem))
        elif tier is not None:
            tiers.append(tier)
    if problems:
        return None, problems
    if not tiers:
        return _fail("needs at least one tier")
    if len({tier.bound for tier in tiers}) != 1:
        return _fail("every tier must use the same kind of bound")
    ascending = tiers[0].bound.startswith("at_most")
    for before, after in pairwise(tiers):
        if (after.limit <= before.limit) if ascending else (after.limit >= before.limit):
            order = "increasing" if ascending else "decreasing"
            return _fail(f"bounds must be strictly {order}: {before.words()} then {after.words()}")
    return tuple(tiers), []


def _tier(raw: Any) -> tuple[Tier | None, str | None]:
    if not isinstance(raw, dict):
        return None, "expected a table like { at_most_pct = 10, points = 2 }"
    unknown = [key for key in raw if key not in BOUNDS and key != "points"]
    if unknown:
        return None, (
            f"unknown key {unknown[0]!r}; a tier has one of {', '.join(BOUNDS)} and points"
        )
    bounds = [key for key in raw if key in BOUNDS]
    if len(bounds) != 1 or "points" not in raw:
        return None, f"a tier needs exactly one of {', '.join(BOUNDS)}, and points"
    limit, points = _signed(raw[bounds[0]]), _signed(raw["points"])
    if limit is None or points is None or points < 0:
        return None, "bound and points must be numbers, points ≥ 0"
    return Tier(bounds[0], limit, points), None


def _signed(raw: Any) -> Fraction | None:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        return None
    if isinstance(raw, Decimal) and not raw.is_finite():
        return None
    return exact(raw)


_PARSERS: dict[str, Callable[[Param, Any], Parsed]] = {
    "points": _number,
    "percent": _number,
    "share": _number,
    "days": _whole,
    "count": _whole,
    "choice": _choice,
    "bool": _bool,
    "names": _names,
    "points_by_name": _by_name("points"),
    "shares_by_name": _by_name("share"),
    "tiers": _tiers,
    "table": _table,
    "list": _list,
}
PARAM_TYPES = tuple(_PARSERS)
