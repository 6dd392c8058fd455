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


# a threshold or bound in percent (per_point's threshold_pct, a tier's at_most_pct and
# at_least_pct) may be any signed percentage within this, either side of 0: a change rate on
# last year falls below 0, and no policy draws a line beyond ±1000%
MOST_PERCENT = Fraction(1000)
# a negative bound in words: ≤-10% is easily misread
NEGATIVE_BOUND = {"≤": Text("不高于", "at most "), "≥": Text("不低于", "at least ")}


def limit_text(limit: Fraction, unit: str = "%") -> str:
    """A bound alone, as a reader compares it with the measure beside it: 30%, 200; a negative
    percentage with two decimals at least, as a signed measure is shown (-10.00%, -2.125%)."""
    text = plain(limit)
    if limit < 0 and unit == "%":
        whole, _, decimals = text.partition(".")
        text = f"{whole}.{decimals.ljust(2, '0')}"
    return f"{text}{unit}"


def bound_text(sign: str, limit: Fraction, unit: str = "%") -> Text:
    """A bound with its sign (≤ or ≥): ≤5%, ≥90%, ≤200; a negative bound in words,
    不高于-10.00% / at most -10.00%. per_point's threshold and the tiers are said alike."""
    shown = limit_text(limit, unit)
    if limit >= 0:
        return Text(f"{sign}{shown}", f"{sign}{shown}")
    words = NEGATIVE_BOUND[sign]
    return Text(f"{words.zh}{shown}", f"{words.en}{shown}")


@frozen
class Tier:
    """One step of a tier table: the points when the measure is within the bound (inclusive:
    a measure exactly at the bound is within it, whatever the bound's sign)."""

    bound: str  # one of BOUNDS
    limit: Fraction
    points: Fraction

    def holds(self, value: Fraction) -> bool:
        return value <= self.limit if self.bound.startswith("at_most") else value >= self.limit

    @property
    def percent(self) -> bool:
        return self.bound.endswith("_pct")

    def said(self) -> Text:
        """The bound in both languages: ≤10%, or a negative one in words (不高于-10.00%)."""
        sign, unit = BOUNDS[self.bound]
        return bound_text(sign, self.limit, unit)

    def words(self, lang: str = "zh") -> str:
        return self.said().get(lang)

    def limit_words(self) -> str:
        """The limit alone, as the ruleset writes it: 30%, 200; a negative percentage with two
        decimals: -10.00%."""
        return limit_text(self.limit, BOUNDS[self.bound][1])


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
PERCENT_RANGE = Template(
    "param.percent_range",
    "应为-{most:num}到{most:num}之间的百分数，只写数字（如 -5 表示-5%），填写的是 {found:num}",
    "expected a percentage from -{most:num} to {most:num}, as a number (-5 for -5%), "
    "found {found:num}",
)


def _exact(raw: Any) -> tuple[Fraction | None, Words | None]:
    """The exact value of a number as written, or why it is none."""
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
        return None, NUMBER(found=shown(raw))
    if isinstance(raw, Decimal) and not raw.is_finite():  # before exact(): it raises
        return None, FINITE(found=shown(raw))
    return exact(raw), None


def _percent_problem(value: Fraction) -> Words | None:
    """Why a signed percentage is no threshold or bound: beyond ±MOST_PERCENT."""
    if -MOST_PERCENT <= value <= MOST_PERCENT:
        return None
    return PERCENT_RANGE(most=MOST_PERCENT, found=value)


def _number(param: Param, raw: Any) -> Parsed:
    """points, percent, share: an exact number ≥ 0 (a share at most 1)."""
    value, problem = _exact(raw)
    if problem is not None or value is None:
        return _fail(problem or NUMBER(found=shown(raw)))
    if value < 0:
        return _fail(NEGATIVE(found=value))
    if param.type == "share" and value > 1:
        return _fail(SHARE(found=value))
    return value, []


def _signed_percent(param: Param, raw: Any) -> Parsed:
    """signed_percent: a percentage either side of 0 (per_point's threshold_pct: -5 for a fall
    of 5%), within ±MOST_PERCENT, as a tier's at_most_pct and at_least_pct are."""
    value, problem = _exact(raw)
    if problem is None and value is not None:
        problem = _percent_problem(value)
    if problem is not None or value is None:
        return _fail(problem or NUMBER(found=shown(raw)))
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
        tier, key, problem = _tier(entry)
        if problem:
            problems.append((f"[{index}]{key}", problem))
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
            return _fail(ORDER(order=order, before=before.said(), after=after.said()))
    return tuple(tiers), []


def _tier(raw: Any) -> tuple[Tier | None, str, Words | None]:
    """One tier, or the key within it (".at_most_pct", or "" for the tier) and what is wrong."""
    if not isinstance(raw, dict):
        return None, "", TIER_TABLE
    unknown = [key for key in raw if key not in BOUNDS and key != "points"]
    if unknown:
        return None, "", TIER_UNKNOWN(key=unknown[0], bounds=list(BOUNDS))
    bounds = [key for key in raw if key in BOUNDS]
    if len(bounds) != 1 or "points" not in raw:
        return None, "", TIER_SHAPE(bounds=list(BOUNDS))
    bound = bounds[0]
    (limit, _), (points, _) = _exact(raw[bound]), _exact(raw["points"])
    if limit is None or points is None or points < 0:
        return None, "", TIER_NUMBERS
    # a bound in percent is read as per_point's threshold_pct is: signed, within ±MOST_PERCENT
    problem = _percent_problem(limit) if bound.endswith("_pct") else None
    if problem is not None:
        return None, f".{bound}", problem
    return Tier(bound, limit, points), "", None


_PARSERS: dict[str, Callable[[Param, Any], Parsed]] = {
    "points": _number,
    "percent": _number,
    "signed_percent": _signed_percent,
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
