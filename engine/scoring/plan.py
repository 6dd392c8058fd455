"""A scoring plan: a ruleset's rules looked up in a registry once, for every department after.

Scoring a department looks up, for each sub-indicator, the rule kinds of its rules, the measure
each reads and the rule in words. None of that depends on the department, so a batch builds one
plan per (ruleset, registry) and scores every department with it; `api.score` builds one for
the department it scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from attrs import frozen

from jixiao.engine.errors import PluginError
from jixiao.engine.numbers import to_decimal
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.faults import RULE_KIND
from jixiao.engine.plugins.indicator import Indicator, MeasureSpec
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Rule, RuleKind
from jixiao.engine.ruleset.model import Dimension, Ruleset, SubIndicator
from jixiao.engine.words.text import Text

NO_ITEMS: Mapping[str, Text] = MappingProxyType({})


@frozen
class Step:
    """One rule of a sub-indicator, with what scoring needs of it: its kind, the measure's
    declaration and item labels, and the rule in words (or why they could not be had)."""

    kind: RuleKind
    rule: Rule
    indicator: Indicator  # the one whose measure it scores
    spec: MeasureSpec | None
    items: Mapping[str, Text]
    words: Text | None  # None: describing it raised `failure`
    failure: PluginError | None = None
    adjusts: bool = True  # False: the kind keeps RuleKind.adjust, the measure as it is


@frozen
class RowPlan:
    """A sub-indicator's rules in order, its points as the report prints them, and the rule text
    when only the base rule applied (`words[0]`) and when every rule did (`words[-1]`)."""

    sub: SubIndicator
    steps: tuple[Step, ...]
    points: Decimal
    words: tuple[Text, ...]


def _row(sub: SubIndicator, registry: Registry) -> RowPlan:
    steps = _steps(sub, registry)
    words = [step.words for step in steps if step.words is not None]
    texts = tuple(
        Text("；".join(w.zh for w in words[:n]), "; ".join(w.en for w in words[:n]))
        for n in (1, len(words))
    )
    return RowPlan(sub, steps, to_decimal(sub.points), texts)


@frozen
class DimensionPlan:
    dimension: Dimension
    rows: tuple[RowPlan, ...]


@frozen
class ScoringPlan:
    ruleset: Ruleset
    registry: Registry
    dimensions: tuple[DimensionPlan, ...]
    used: frozenset[str]  # the indicators and rule kinds the ruleset uses


def plan(ruleset: Ruleset, registry: Registry) -> ScoringPlan:
    """Look up every rule of `ruleset` in `registry` (a validated ruleset names only what the
    registry provides) and the ruleset's own facts and measures. The plan's registry is the
    one the ruleset scores with: the installed plugins and the ruleset's declarations."""
    registry = registry_for(ruleset, registry)
    dimensions = tuple(
        DimensionPlan(dimension, tuple(_row(sub, registry) for sub in dimension.subindicators))
        for dimension in ruleset.dimensions
    )
    rules = [rule for d in ruleset.dimensions for sub in d.subindicators for rule in sub.rules()]
    used = {rule.indicator for rule in rules} | {rule.kind for rule in rules}
    return ScoringPlan(ruleset, registry, dimensions, frozenset(used))


def registry_for(ruleset: Ruleset, registry: Registry) -> Registry:
    """The registry `ruleset` scores with and its facts are validated with: the installed
    plugins, and the facts and measures the ruleset declares (the indicator `ruleset`)."""
    declared = ruleset.declared
    if declared is None or registry.indicators.get(declared.id) is declared:
        return registry
    key = (id(registry), id(declared))
    known = _EXTENDED.get(key)
    if known is None or known[0] is not registry or known[1] is not declared:
        from jixiao.engine.ruleset.declared import with_declared

        known = _EXTENDED[key] = (registry, declared, with_declared(registry, declared))
        while len(_EXTENDED) > 8:  # a process scores with a few rulesets, not thousands
            del _EXTENDED[next(iter(_EXTENDED))]
    return known[2]


# each (registry, ruleset) pair extended once: a batch validates every file with it
_EXTENDED: dict[tuple[int, int], tuple[Registry, Indicator, Registry]] = {}


def _steps(sub: SubIndicator, registry: Registry) -> tuple[Step, ...]:
    steps = []
    for rule in sub.rules():
        kind = registry.rule_kinds[rule.kind]
        indicator = registry.indicators[rule.indicator]
        spec = indicator.measure_spec(rule.measure)
        items = spec.items if spec is not None else NO_ITEMS
        adjusts = getattr(getattr(kind, "adjust", None), "__func__", None) is not RuleKind.adjust
        try:
            words: Text | None = _describe(kind, rule, sub, items, registry)
            failure = None
        except PluginError as error:  # reported when a department reaches this rule
            words, failure = None, error
        steps.append(Step(kind, rule, indicator, spec, items, words, failure, adjusts))
    return tuple(steps)


def _describe(
    kind: RuleKind, rule: Rule, sub: SubIndicator, items: Mapping[str, Text], registry: Registry
) -> Text:
    with registry.calling(RULE_KIND, kind.name, "describe"):
        words = (
            kind.describe(rule, sub.points, "zh", items),
            kind.describe(rule, sub.points, "en", items),
        )
    if not all(isinstance(w, str) for w in words):
        raise registry.fault(RULE_KIND, kind.name, faults.DESCRIBE_NOT_STR())
    both_zero = BOTH_ZERO_WORDS.get(rule.zero_over_zero)
    if both_zero is not None:  # the table's own convention, said with the rule
        return Text(words[0] + both_zero.zh, words[1] + both_zero.en)
    return Text(*words)


BOTH_ZERO_WORDS = {
    "full_points": Text("；分子分母均为0时得满分", "; full points when both parts are 0"),
    "zero": Text("；分子分母均为0时不得分", "; no points when both parts are 0"),
}
