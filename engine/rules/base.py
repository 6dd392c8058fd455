"""The rule vocabulary's building blocks: parameters, parsed rules, outcomes, the RuleKind base.

A rule kind turns one measure into points. Its parameters are declared (`Param`) so that every
ruleset is validated the same way, and it can describe itself in words a finance officer reads.
Plugins may contribute rule kinds (hook `score_rule_kinds`) built on the same base class.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure
from jixiao.engine.numbers import plain
from jixiao.engine.rules.params import PARAM_TYPES, Param, Problems, Tier
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text


@frozen
class Rule:
    """A rule as a ruleset states it: which kind, on which measure, with which parameters."""

    kind: str
    measure: str
    params: Mapping[str, Any]
    # the indicator whose measure it scores: the ruleset names it (`indicator.measure`), or the
    # loader finds the one indicator that has the measure
    indicator: str = ""
    # what a ratio of 0/0 earns: N/A by the project's conventions, or what the table says
    zero_over_zero: str = "not_applicable"

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value


@frozen
class Deduction:
    points: Fraction
    reason: Words


@frozen
class Outcome:
    """What a rule did: the exact score it leaves, each deduction, findings, or N/A."""

    score: Fraction
    deductions: tuple[Deduction, ...] = ()
    findings: tuple[Finding, ...] = ()
    not_applicable: Words | None = None


@frozen
class RuleInput:
    """Everything a rule kind sees when it applies."""

    rule: Rule
    measure: Measure
    points: Fraction  # the sub-indicator's points
    start: Fraction  # points for a base rule; the score so far for a `then` deduction
    label: Text  # the sub-indicator, for messages
    where: str  # e.g. "1.1 预算执行率", for findings
    item_labels: Mapping[str, Text] = field(factory=dict)  # checklist items, target levels


class RuleKind:
    """Base class of every rule kind; subclasses set the class attributes and `apply`."""

    name: ClassVar[str]
    label: ClassVar[Text]
    accepts: ClassVar[tuple[type, ...]]
    deduction: ClassVar[bool] = False  # True: may follow a base rule under `then`
    params: ClassVar[tuple[Param, ...]] = ()
    # the parameter that picks which items of the measure this rule scores (targets by
    # category), or None when it scores them all; two rows whose picks overlap on one measure
    # would count the same items twice, and the ruleset is refused
    selects: ClassVar[str | None] = None

    def selection(self, rule: Rule) -> frozenset[str] | None:
        """The items a rule picks by name (categories, tags), or None: every item."""
        if self.selects is None:
            return None
        picked = rule.get(self.selects)
        return None if picked is None else frozenset(picked)

    def parse(
        self,
        raw: Mapping[str, Any],
        points: Fraction | None = None,
        items: Mapping[str, Text] | None = None,
    ) -> tuple[dict[str, Any], Problems]:
        """A rule as the ruleset writes it → its typed parameters, and every (key, problem):
        unknown keys, each parameter against its type, then the kind's own `validate`."""
        known = {p.name: p for p in self.params}
        values: dict[str, Any] = {}
        problems: Problems = []
        for key, raw_value in raw.items():
            if key in ("kind", "measure"):
                continue
            spec = known.get(key)
            if spec is None:
                problems.append((key, self._unknown(key, list(known))))
                continue
            value, found = spec.parse(raw_value)
            problems += [(f"{key}{where}", message) for where, message in found]
            if not found:
                values[key] = value
        for spec in self.params:
            if spec.name not in raw:
                if spec.required:
                    problems.append((spec.name, REQUIRED(kind=self.name, help=spec.help)))
                else:
                    values[spec.name] = spec.default
        if not problems:
            problems.extend(self.validate(values, points, items or {}))
        return values, problems

    def _unknown(self, key: str, known: list[str]) -> Words:
        import difflib  # only on the error path

        close = difflib.get_close_matches(key, known, n=1)
        if close:
            return UNKNOWN_NEAR(kind=self.name, key=key, close=close[0])
        listed: list[str] | list[Text] = known or [NONE]
        return UNKNOWN_LISTED(kind=self.name, key=key, listed=listed)

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        """What the parameter types cannot say: relations between parameters; against the
        sub-indicator's `points` (None when they are invalid themselves), e.g. a tier worth more
        than them; against the `items` the measure declares (checklist items, target levels;
        empty when it declares none). Override to add checks; each is a (key, problem)."""
        return []

    def adjust(self, rule: Rule, measure: Measure, where: str) -> tuple[Measure, list[Finding]]:
        """The measure as this rule counts it, before the shared conventions (0/0 is N/A) apply.

        The default is the measure itself; `proportion` counts items marked not applicable
        beyond its `max_excluded` as missing here, so that marking everything n/a scores 0
        rather than escaping as N/A.
        """
        return measure, []

    def apply(self, given: RuleInput) -> Outcome:
        raise NotImplementedError

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        raise NotImplementedError


REQUIRED = Template(
    "rule.param.required",
    "计分方法“{kind}”必须有此项：{help}",
    "is required by rule kind '{kind}': {help}",
)
UNKNOWN_NEAR = Template(
    "rule.param.unknown_near",
    "计分方法“{kind}”没有参数“{key}”；是否应为“{close}”？",
    "unknown parameter '{key}' of rule kind '{kind}'; did you mean '{close}'?",
)
UNKNOWN_LISTED = Template(
    "rule.param.unknown",
    "计分方法“{kind}”没有参数“{key}”；它的参数有：{listed:list}",
    "unknown parameter '{key}' of rule kind '{kind}'; parameters of {kind}: {listed:list}",
)
NONE = Text("（无）", "none")


def deduction(points: Fraction, zh: str, en: str) -> Deduction:
    """A deduction whose reason is written out in both languages (for a plugin's own words)."""
    return Deduction(points, Text(zh, en))


def warn(code: str, where: str, zh: str, en: str, level: str = "warning") -> Finding:
    """A finding written out in both languages (for a plugin's own words)."""
    return Finding(level, code, Text(zh, en), where)  # type: ignore[arg-type]


def pts(value: Fraction) -> str:
    """Points as a reader sees them in a reason: exact, no trailing zeros (0.625, 2, 0.5)."""
    return plain(value)


__all__ = [
    "PARAM_TYPES",
    "Deduction",
    "Outcome",
    "Param",
    "Problems",
    "Rule",
    "RuleInput",
    "RuleKind",
    "Tier",
    "deduction",
    "pts",
    "warn",
]
