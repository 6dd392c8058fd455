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
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

Problems = list[tuple[str, Words | str]]  # (key, what is wrong)
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

    def limit_words(self) -> str:
        """The limit alone, as the ruleset writes it: 30%, 200."""
        return f"{plain(self.limit)}{BOUNDS[self.bound][1]}"


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


def _fail(message: Words | str, key: str = "") -> Parsed:
    return None, [(key, message)]


NUMBER = Template("param.number", "应为数字，填写的是 {found}", "expected a number, found {found}")
FINITE = Template(
    "param.finite", "应为有限的数字，填写的是 {found}", "expected a finite number, found {found}"
)
NEGATIVE = Template(
    "param.negative",
    "应为不小于0的数字，填写的是 {found:num}",
    "expected a number ≥ 0, found {found:num}",
)
SHARE = Template(
    "param.share",
    "应为0到1之间的比例（如 0.8），填写的是 {found:num}",
    "expected a share between 0 and 1 (e.g. 0.8), found {found:num}",
)
WHOLE = Template(
    "param.whole",
    "应为不小于0的整数，填写的是 {found}",
    "expected a whole number ≥ 0, found {found}",
)
CHOICE = Template("param.choice", "应为以下之一：{choices:list}", "expected one of {choices:list}")
BOOL = Template("param.bool", "应为 true 或 false", "expected true or false")
TABLE = Template("param.table", "应为一个表 { ... }", "expected a table { ... }")
LIST = Template("param.list", "应为一个列表 [ ... ]", "expected a list [ ... ]")
NAMES = Template(
    "param.names",
    '应为非空的项目名称列表，如 ["sangong_total"]',
    'expected a non-empty list of item names, e.g. ["sangong_total"]',
)
NO_ITEM = Template("param.no_item", "至少要有一项", "needs at least one item")
NO_TIER = Template("param.no_tier", "至少要有一个档次", "needs at least one tier")
MIXED_BOUNDS = Template(
    "param.mixed_bounds", "各档次须用同一种界限", "every tier must use the same kind of bound"
)
ORDER = Template(
    "param.tiers.order",
    "界限须严格{order}：先是{before}，后是{after}",
    "bounds must be strictly {order}: {before} then {after}",
)
INCREASING = Text("递增", "increasing")
DECREASING = Text("递减", "decreasing")
TIER_TABLE = Template(
    "param.tier_table",
    "应为一个表，如 { at_most_pct = 10, points = 2 }",
    "expected a table like { at_most_pct = 10, points = 2 }",
)
TIER_UNKNOWN = Template(
    "param.tier.unknown",
    "未知的字段“{key}”；一个档次有 {bounds:list} 之一，以及 points",
    "unknown key '{key}'; a tier has one of {bounds:list} and points",
)
TIER_SHAPE = Template(
    "param.tier.shape",
    "一个档次须恰有 {bounds:list} 之一，以及 points",
    "a tier needs exactly one of {bounds:list}, and points",
)
TIER_NUMBERS = Template(
    "param.tier_numbers",
    "界限和分值须为数字，分值不小于0",
    "bound and points must be numbers, points ≥ 0",
)


def _number(param: Param, raw: Any) -> Parsed:
    """points, percent, share: an exact number ≥ 0 (a share at most 1)."""
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
        return _fail(NUMBER(found=shown(raw)))
    if isinstance(raw, Decimal) and not raw.is_finite():  # before exact(): it raises
        return _fail(FINITE(found=shown(raw)))
    value = exact(raw)
    if value < 0:
        return _fail(NEGATIVE(found=value))
    if param.type == "share" and value > 1:
        return _fail(SHARE(found=value))
    return value, []


def _whole(param: Param, raw: Any) -> Parsed:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        return _fail(WHOLE(found=shown(raw)))
    return raw, []


def _choice(param: Param, raw: Any) -> Parsed:
    if raw not in param.choices:
        return _fail(CHOICE(choices=[f'"{c}"' for c in param.choices]))
    return raw, []


def _bool(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, bool) else _fail(BOOL)


def _table(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, dict) else _fail(TABLE)


def _list(param: Param, raw: Any) -> Parsed:
    return (raw, []) if isinstance(raw, list) else _fail(LIST)


def _names(param: Param, raw: Any) -> Parsed:
    """A non-empty list of names (of a measure's items)."""
    if not isinstance(raw, list):
        return _fail(LIST)
    if not raw or not all(isinstance(item, str) for item in raw):
        return _fail(NAMES)
    return tuple(raw), []


def _by_name(kind: str) -> Callable[[Param, Any], Parsed]:
    """A table of names (of a measure's items) to points, or to shares."""

    def parse(param: Param, raw: Any) -> Parsed:
        if not isinstance(raw, dict):
            return _fail(TABLE)
        entry = Param(param.name, kind, param.help)
        values: dict[str, Fraction] = {}
        for key, value in raw.items():
            number, problems = _number(entry, value)
            if problems:
                return _fail(problems[0][1], f".{key}")
            values[key] = number
        if kind == "points" and not values:
            return _fail(NO_ITEM)
        return values, []

    return parse


def _tiers(param: Param, raw: Any) -> Parsed:
    """Tiers tried in order: [{ at_most_pct = 10, points = 2 }, ...], one kind of bound, the
    limits strictly increasing (≤) or decreasing (≥)."""
    if not isinstance(raw, list):
        return _fail(LIST)
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
        return _fail(NO_TIER)
    if len({tier.bound for tier in tiers}) != 1:
        return _fail(MIXED_BOUNDS)
    ascending = tiers[0].bound.startswith("at_most")
    for before, after in pairwise(tiers):
        if (after.limit <= before.limit) if ascending else (after.limit >= before.limit):
            order = INCREASING if ascending else DECREASING
            return _fail(ORDER(order=order, before=before.words(), after=after.words()))
    return tuple(tiers), []


def _tier(raw: Any) -> tuple[Tier | None, Words | None]:
    if not isinstance(raw, dict):
        return None, TIER_TABLE
    unknown = [key for key in raw if key not in BOUNDS and key != "points"]
    if unknown:
        return None, TIER_UNKNOWN(key=unknown[0], bounds=list(BOUNDS))
    bounds = [key for key in raw if key in BOUNDS]
    if len(bounds) != 1 or "points" not in raw:
        return None, TIER_SHAPE(bounds=list(BOUNDS))
    limit, points = _signed(raw[bounds[0]]), _signed(raw["points"])
    if limit is None or points is None or points < 0:
        return None, TIER_NUMBERS
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
