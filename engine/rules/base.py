"""The rule vocabulary's building blocks: parameters, parsed rules, outcomes, the RuleKind base.

A rule kind turns one measure into points. Its parameters are declared (`Param`) so that every
ruleset is validated the same way, and it can describe itself in words a finance officer reads.
Plugins may contribute rule kinds (hook `score_rule_kinds`) built on the same base class.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from attrs import field, frozen

from jixiao.engine.errors import shown
from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure
from jixiao.engine.numbers import exact, plain
from jixiao.engine.text import Text

# The types a rule kind's parameter may have; docs/plugins.md explains each.
PARAM_TYPES = ("points", "percent", "share", "days", "count", "choice", "bool", "table", "list")


@frozen
class Param:
    """One parameter of a rule kind, as written in the ruleset."""

    name: str
    type: str  # one of PARAM_TYPES
    help: Text
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()

    def parse(self, raw: Any) -> tuple[Any, str | None]:
        """The typed value of `raw`, or why it is not acceptable."""
        kind = self.type
        if kind in ("points", "percent", "share"):
            if isinstance(raw, bool) or not isinstance(raw, int | Decimal | Fraction):
                return None, f"expected a number, found {raw!r}"
            if isinstance(raw, Decimal) and not raw.is_finite():  # before exact(): it raises
                return None, f"expected a finite number, found {shown(raw)}"
            value = exact(raw)
            if value < 0:
                return None, f"expected a number ≥ 0, found {plain(value)}"
            if kind == "share" and value > 1:
                return None, f"expected a share between 0 and 1 (e.g. 0.8), found {plain(value)}"
            return value, None
        if kind in ("days", "count"):
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                return None, f"expected a whole number ≥ 0, found {shown(raw)}"
            return raw, None
        if kind == "choice":
            if raw not in self.choices:
                return None, "expected one of " + ", ".join(f'"{c}"' for c in self.choices)
            return raw, None
        if kind == "bool":
            return (raw, None) if isinstance(raw, bool) else (None, "expected true or false")
        if kind == "table":
            return (raw, None) if isinstance(raw, dict) else (None, "expected a table { ... }")
        if kind == "list":
            return (raw, None) if isinstance(raw, list) else (None, "expected a list [ ... ]")
        raise ValueError(f"unknown parameter type {kind!r}")


@frozen
class Rule:
    """A rule as a ruleset states it: which kind, on which measure, with which parameters."""

    kind: str
    measure: str
    params: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.params[name]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.params.get(name)
        return default if value is None else value


@frozen
class Deduction:
    points: Fraction
    reason: Text


@frozen
class Outcome:
    """What a rule did: the exact score it leaves, each deduction, findings, or N/A."""

    score: Fraction
    deductions: tuple[Deduction, ...] = ()
    findings: tuple[Finding, ...] = ()
    not_applicable: Text | None = None


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

    def parse(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Typed parameters and a list of (key, problem); unknown keys are problems."""
        known = {p.name: p for p in self.params}
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for key, raw_value in raw.items():
            if key in ("kind", "measure"):
                continue
            spec = known.get(key)
            if spec is None:
                import difflib  # only on the error path

                close = difflib.get_close_matches(key, list(known), n=1)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else ("parameters of " + self.name + ": " + (", ".join(known) or "none"))
                )
                problems.append((key, f"unknown parameter of rule kind {self.name!r}; {hint}"))
                continue
            value, error = spec.parse(raw_value)
            if error:
                problems.append((key, error))
            else:
                values[key] = value
        for spec in self.params:
            if spec.name not in raw:
                if spec.required:
                    problems.append(
                        (spec.name, f"is required by rule kind {self.name!r}: {spec.help.en}")
                    )
                else:
                    values[spec.name] = spec.default
        if not problems:
            problems.extend(self.check(values))
        return values, problems

    def check(self, params: Mapping[str, Any]) -> list[tuple[str, str]]:
        """Relations between parameters; override to add checks."""
        return []

    def check_points(self, params: Mapping[str, Any], points: Fraction) -> list[tuple[str, str]]:
        """Checks that need the sub-indicator's points (e.g. a tier worth more than them)."""
        return []

    def check_items(
        self, params: Mapping[str, Any], items: Mapping[str, Text]
    ) -> list[tuple[str, str]]:
        """Checks against the item keys a measure declares (checklists, target levels)."""
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


def deduction(points: Fraction, zh: str, en: str) -> Deduction:
    return Deduction(points, Text(zh, en))


def warn(code: str, where: str, zh: str, en: str, level: str = "warning") -> Finding:
    return Finding(level, code, Text(zh, en), where)  # type: ignore[arg-type]


def pts(value: Fraction) -> str:
    """Points as a reader sees them in a reason: exact, no trailing zeros (0.625, 2, 0.5)."""
    return plain(value)
