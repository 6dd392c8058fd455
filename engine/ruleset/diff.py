"""What changed between two resolved rulesets: weights, points, rule parameters, bands, rounding,
added and removed dimensions and sub-indicators. Pure: two Rulesets in, a list of Changes out.

The ruleset's id, year and title are its identity, not its rules, and are not listed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

import attrs
from attrs import frozen

from jixiao.engine.numbers import exact, plain
from jixiao.engine.rules.base import Rule
from jixiao.engine.ruleset.model import Dimension, Grade, Ruleset, SubIndicator

T = TypeVar("T")


@frozen
class Change:
    change: str  # added | removed | changed
    what: str  # dimension | sub-indicator | weight | points | rule | parameter | band | rounding…
    path: str  # dotted key in the ruleset, e.g. dimensions.x.subindicators.y.rule.threshold_pct
    code: str  # the sub-indicator's code ("1.2"), a dimension's or band's name, or ""
    label: str  # the Chinese name of what changed
    old: Any = None  # JSON-ready: numbers as exact strings ("5", "0.5")
    new: Any = None
    label_en: str = ""  # the English name of what changed

    def to_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def diff_rulesets(old: Ruleset, new: Ruleset) -> list[Change]:
    changes: list[Change] = []
    if (old.places, old.mode) != (new.places, new.mode):
        for key, was, now in (("places", old.places, new.places), ("mode", old.mode, new.mode)):
            if was != now:
                changes.append(Change("changed", "rounding", f"rounding.{key}", "", "", was, now))
    changes += _grades(old.grades, new.grades)
    old_dims = {d.id: d for d in old.dimensions}
    new_dims = {d.id: d for d in new.dimensions}
    changes += _membership(
        "dimension", "dimensions", old_dims, new_dims, lambda d: ("", d.label.zh, plain(d.weight))
    )
    for dim_id, dim in old_dims.items():
        if dim_id not in new_dims:  # every group and row of a removed dimension goes with it
            changes += _groups(_bare(dim), dim, "removed") + _rows_only("removed", dim)
    for dim_id, dim in new_dims.items():
        if dim_id in old_dims:
            changes += _dimension(old_dims[dim_id], dim)
        else:
            changes += _groups(_bare(dim), dim) + _rows_only("added", dim)
    names = {**_english(old), **_english(new)}
    return [attrs.evolve(c, label_en=_longest(names, c.path)) if c.label else c for c in changes]


def _membership(
    what: str,
    prefix: str,
    before: Mapping[str, T],
    after: Mapping[str, T],
    describe: Callable[[T], tuple[str, str, str]],
) -> list[Change]:
    """The parts on one side only: removed from `before`, added in `after` (code, label, worth)."""
    changes = []
    for key, part in before.items():
        if key not in after:
            code, label, worth = describe(part)
            changes.append(Change("removed", what, f"{prefix}.{key}", code, label, worth, None))
    for key, part in after.items():
        if key not in before:
            code, label, worth = describe(part)
            changes.append(Change("added", what, f"{prefix}.{key}", code, label, None, worth))
    return changes


def _english(ruleset: Ruleset) -> dict[str, str]:
    """English names by key prefix: grades.优秀, dimensions.ID, dimensions.ID.subindicators.ID."""
    names = {f"grades.{g.label.zh}": g.label.en for g in ruleset.grades}
    for dim in ruleset.dimensions:
        names[f"dimensions.{dim.id}"] = dim.label.en
        for group in dim.groups:
            names[f"dimensions.{dim.id}.groups.{group.id}"] = group.label.en
        paths = _row_paths(dim)
        for sub in dim.subindicators:
            names[paths[sub.id]] = sub.label.en
    return names


def _longest(names: Mapping[str, str], path: str) -> str:
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        name = names.get(".".join(parts[:end]))
        if name is not None:
            return name
    return ""


def _grades(old: tuple[Grade, ...], new: tuple[Grade, ...]) -> list[Change]:
    changes: list[Change] = []
    before = {g.label.zh: g for g in old}
    after = {g.label.zh: g for g in new}
    for name, grade in before.items():
        if name not in after:
            changes.append(
                Change("removed", "band", f"grades.{name}", "", name, _band(grade), None)
            )
    for name, grade in after.items():
        was = before.get(name)
        if was is None:
            changes.append(Change("added", "band", f"grades.{name}", "", name, None, _band(grade)))
            continue
        for key in ("min", "below"):
            a, b = getattr(was, key), getattr(grade, key)
            if a != b:
                changes.append(
                    Change(
                        "changed",
                        "band",
                        f"grades.{name}.{key}",
                        "",
                        name,
                        _number(a),
                        _number(b),
                    )
                )
        if was.label.en != grade.label.en:
            changes.append(
                Change(
                    "changed",
                    "label",
                    f"grades.{name}.label_en",
                    name,
                    name,
                    was.label.en,
                    grade.label.en,
                )
            )
    return changes


def _band(grade: Grade) -> str:
    high = "" if grade.below is None else f", < {_number(grade.below)}"
    return f"≥ {_number(grade.min)}{high}"


def _number(value: Any) -> str | None:
    return None if value is None else plain(exact(value))


def _dimension(old: Dimension, new: Dimension) -> list[Change]:
    path = f"dimensions.{new.id}"
    changes: list[Change] = []
    label = new.label.zh
    if old.weight != new.weight:
        changes.append(
            Change(
                "changed",
                "weight",
                f"{path}.weight",
                "",
                label,
                plain(old.weight),
                plain(new.weight),
            )
        )
    if old.indicator != new.indicator:
        changes.append(
            Change(
                "changed",
                "indicator",
                f"{path}.indicator",
                "",
                label,
                old.indicator,
                new.indicator,
            )
        )
    changes += _labels(path, "", old.label.zh, old.label.en, new.label.zh, new.label.en)
    changes += _groups(old, new)
    before = {s.id: s for s in old.subindicators}
    after = {s.id: s for s in new.subindicators}
    old_paths, new_paths = _row_paths(old), _row_paths(new)
    for sub_id, sub in before.items():
        if sub_id not in after:
            changes.append(_row_change("removed", old_paths[sub_id], sub))
    for sub_id, sub in after.items():
        if sub_id not in before:
            changes.append(_row_change("added", new_paths[sub_id], sub))
        else:
            changes += _sub(before[sub_id], sub, new_paths[sub_id])
    return changes


def _row_paths(dimension: Dimension) -> dict[str, str]:
    """Each row's key path: under its 二级 group when the dimension has groups."""
    path = f"dimensions.{dimension.id}"
    if not dimension.groups:
        return {sub.id: f"{path}.subindicators.{sub.id}" for sub in dimension.subindicators}
    return {
        sub.id: f"{path}.groups.{group.id}.subindicators.{sub.id}"
        for group in dimension.groups
        for sub in group.subindicators
    }


def _row_change(change: str, path: str, sub: SubIndicator) -> Change:
    worth = plain(sub.points)
    old, new = (worth, None) if change == "removed" else (None, worth)
    return Change(change, "sub-indicator", path, sub.code, sub.label.zh, old, new)


def _rows_only(change: str, dimension: Dimension) -> list[Change]:
    """The rows of an added or removed dimension, each listed on its own."""
    paths = _row_paths(dimension)
    return [_row_change(change, paths[sub.id], sub) for sub in dimension.subindicators]


def _bare(dimension: Dimension) -> Dimension:
    return attrs.evolve(dimension, groups=(), subindicators=())


def _groups(old: Dimension, new: Dimension, removed: str = "") -> list[Change]:
    """二级 groups added, removed, re-weighted or renamed (their rows are compared as rows);
    `removed`: every group of `new` is listed as removed (its dimension went)."""
    if removed:
        old, new = new, old
    path = f"dimensions.{new.id}.groups"
    before = {g.id: g for g in old.groups}
    after = {g.id: g for g in new.groups}
    changes = _membership("group", path, before, after, lambda g: ("", g.label.zh, plain(g.points)))
    for group_id, group in after.items():
        was = before.get(group_id)
        if was is None:
            continue
        here = f"{path}.{group_id}"
        if was.points != group.points:
            changes.append(
                Change(
                    "changed",
                    "points",
                    f"{here}.points",
                    "",
                    group.label.zh,
                    plain(was.points),
                    plain(group.points),
                )
            )
        changes += _labels(here, "", was.label.zh, was.label.en, group.label.zh, group.label.en)
    return changes


def _labels(path: str, code: str, zh: str, en: str, new_zh: str, new_en: str) -> list[Change]:
    changes = []
    if zh != new_zh:
        changes.append(Change("changed", "label", f"{path}.label", code, new_zh, zh, new_zh))
    if en != new_en:
        changes.append(Change("changed", "label", f"{path}.label_en", code, new_zh, en, new_en))
    return changes


def _sub(old: SubIndicator, new: SubIndicator, path: str) -> list[Change]:
    changes: list[Change] = []
    code, label = new.code, new.label.zh
    if old.points != new.points:
        changes.append(
            Change(
                "changed",
                "points",
                f"{path}.points",
                code,
                label,
                plain(old.points),
                plain(new.points),
            )
        )
    if old.code != new.code:
        changes.append(Change("changed", "code", f"{path}.code", code, label, old.code, new.code))
    changes += _labels(path, code, old.label.zh, old.label.en, new.label.zh, new.label.en)
    changes += _rule(old.rule, new.rule, f"{path}.rule", code, label)
    for index in range(max(len(old.then), len(new.then))):
        where = f"{path}.then[{index}]"
        if index >= len(old.then):
            changes.append(
                Change("added", "rule", where, code, label, None, rule_json(new.then[index]))
            )
        elif index >= len(new.then):
            changes.append(
                Change("removed", "rule", where, code, label, rule_json(old.then[index]), None)
            )
        else:
            changes += _rule(old.then[index], new.then[index], where, code, label)
    return changes


def _rule(old: Rule, new: Rule, path: str, code: str, label: str) -> list[Change]:
    if (old.kind, old.measure) != (new.kind, new.measure):
        return [Change("changed", "rule", path, code, label, rule_json(old), rule_json(new))]
    changes = []
    before, after = _params(old.params), _params(new.params)
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            changes.append(
                Change(
                    "changed",
                    "parameter",
                    f"{path}.{key}",
                    code,
                    label,
                    before.get(key),
                    after.get(key),
                )
            )
    return changes


def rule_json(rule: Rule) -> dict[str, Any]:
    return {"kind": rule.kind, "measure": rule.measure, **_params(rule.params)}


def _params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _json(value) for key, value in params.items() if value is not None}


def _json(value: Any) -> Any:
    """A parameter as JSON: exact numbers as strings, tiers as tables."""
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int | Fraction):
        return plain(exact(value))
    if isinstance(value, Mapping):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if attrs.has(type(value)):
        return {k: _json(v) for k, v in attrs.asdict(value, recurse=False).items()}
    return str(value)
