"""A ruleset as the rows of the published indicator table: dimension, code, label, points and
the rule in the words each rule kind gives (`describe`). Pure: the report draws the table."""

from __future__ import annotations

from attrs import frozen

from jixiao.engine.numbers import plain
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset


@frozen
class SubRow:
    code: str
    label: str
    points: str
    rule: str  # the base rule and its `then` deductions, in words


@frozen
class GroupRow:
    id: str
    label: str
    points: str
    subs: tuple[SubRow, ...]


@frozen
class DimensionRow:
    id: str
    label: str
    weight: str
    subs: tuple[SubRow, ...]  # every row, with or without groups
    groups: tuple[GroupRow, ...] = ()  # its 二级 groups, each with its rows


@frozen
class BandRow:
    label: str
    range: str


def indicator_rows(ruleset: Ruleset, registry: Registry, lang: str) -> tuple[DimensionRow, ...]:
    from jixiao.engine.scoring.plan import BOTH_ZERO_WORDS, registry_for

    registry = registry_for(ruleset, registry)
    rows = []
    separator = "；" if lang == "zh" else "; "
    for dimension in ruleset.dimensions:
        subs: dict[str, SubRow] = {}
        for sub in dimension.subindicators:
            words = []
            for rule in sub.rules():
                kind = registry.rule_kinds[rule.kind]
                indicator = registry.indicators.get(rule.indicator)
                spec = indicator.measure_spec(rule.measure) if indicator else None
                said = kind.describe(rule, sub.points, lang, spec.items if spec else {})
                both_zero = BOTH_ZERO_WORDS.get(rule.zero_over_zero)
                words.append(said + (both_zero.get(lang) if both_zero else ""))
            subs[sub.id] = SubRow(
                sub.code, sub.label.get(lang), plain(sub.points), separator.join(words)
            )
        groups = tuple(
            GroupRow(
                group.id,
                group.label.get(lang),
                plain(group.points),
                tuple(subs[sub.id] for sub in group.subindicators),
            )
            for group in dimension.groups
        )
        rows.append(
            DimensionRow(
                dimension.id,
                dimension.label.get(lang),
                plain(dimension.weight),
                tuple(subs.values()),
                groups,
            )
        )
    return tuple(rows)


def band_rows(ruleset: Ruleset, lang: str) -> tuple[BandRow, ...]:
    rows = []
    for grade in ruleset.grades:
        low = str(grade.min)
        if grade.below is None:
            span = f"≥ {low}"
        else:
            span = (
                f"{low} ≤ 总分 < {grade.below}"
                if lang == "zh"
                else f"{low} ≤ total < {grade.below}"
            )
        rows.append(BandRow(grade.label.get(lang), span))
    return tuple(rows)


def rounding_words(ruleset: Ruleset, lang: str) -> str:
    mode = {
        "half_up": ("四舍五入", "half up"),
        "half_even": ("银行家舍入", "half even"),
        "down": ("截尾", "down"),
    }.get(ruleset.mode, (ruleset.mode, ruleset.mode))
    if lang == "zh":
        return f"三级指标得分{mode[0]}保留{ruleset.places}位小数"
    return f"each sub-indicator rounded {mode[1]} to {ruleset.places} decimal places"
