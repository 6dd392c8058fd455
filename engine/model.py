"""The results of scoring: frozen, plain data that renderers read and never change."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Protocol

from attrs import field, frozen

from .text import Text

Level = Literal["error", "warning", "info"]
Status = Literal["scored", "not_applicable", "failed"]


@frozen
class Department:
    name: str
    code: str
    year: int


@frozen
class Facts:
    """A department's validated facts: typed values by section, numbers as exact Decimals."""

    department: Department
    sections: dict[str, Any]
    source: str = "<memory>"
    claims: dict[str, Any] = field(factory=dict)

    def section(self, name: str) -> dict[str, Any]:
        """A dotted section (`disclosure.budget`), or {} when the file does not have it."""
        node: Any = self.sections
        for part in name.split("."):
            if not isinstance(node, dict) or part not in node:
                return {}
            node = node[part]
        return node if isinstance(node, dict) else {}

    def records(self, name: str) -> list[dict[str, Any]]:
        """An array of tables (`targets`, `projects`), or [] when absent."""
        value = self.sections.get(name)
        return value if isinstance(value, list) else []

    def has(self, name: str) -> bool:
        return name in self.sections


@frozen
class Deduction:
    points: Fraction
    reason: Text


@frozen
class Finding:
    level: Level
    code: str
    message: Text
    where: str = ""


class Shown(Protocol):
    """What a measure offers a report: its words in a language, and its JSON fields."""

    def describe(self, lang: str) -> str: ...
    def to_json(self) -> dict[str, Any]: ...


@frozen
class MeasureView:
    """A measure as the report shows it: its id and label, and the measure itself, from which
    `text` (zh, en) and `data` (its JSON fields) are worked out when a renderer reads them."""

    id: str
    label: Text
    measure: Shown

    @property
    def text(self) -> Text:
        return Text(self.measure.describe("zh"), self.measure.describe("en"))

    @property
    def data(self) -> dict[str, Any]:
        return self.measure.to_json()


@frozen
class SubResult:
    id: str
    code: str
    label: Text
    points: Decimal
    status: Status
    score: Decimal | None  # rounded once from `exact`; None when not applicable
    exact: Fraction | None
    rule: Text
    measures: tuple[MeasureView, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    na_reason: Text | None = None
    findings: tuple[Finding, ...] = ()


@frozen
class DimensionResult:
    id: str
    label: Text
    weight: Decimal
    status: Status
    score: Decimal | None
    subindicators: tuple[SubResult, ...]
    na_reason: Text | None = None
    rebased: bool = False


@frozen
class Grade:
    label: Text
    min: Decimal
    below: Decimal | None
    style: str


@frozen
class RulesetIdentity:
    id: str
    year: int
    title: Text
    sha256: str
    source: str


@frozen
class PluginFailure:
    """A plugin that failed: its entry-point name, distribution, what went wrong.

    `provides` names the indicator ids / rule kinds the failure concerns, when known (a duplicate
    id, an indicator that raised); it is empty when the plugin never got that far (an import
    error). Lenient runs use it to tell whether the failure touches the ruleset in use.
    """

    plugin: str
    distribution: str | None
    message: str
    version: str | None = None
    provides: tuple[str, ...] = ()


@frozen
class Scorecard:
    department: Department
    ruleset: RulesetIdentity
    total: Decimal
    grade: Grade
    dimensions: tuple[DimensionResult, ...]
    findings: tuple[Finding, ...]
    source: str = "<memory>"
    plugin_failures: tuple[PluginFailure, ...] = ()
    places: int = 2  # decimal places of every score, from the ruleset's rounding

    @property
    def complete(self) -> bool:
        return not self.plugin_failures

    def all_findings(self) -> tuple[Finding, ...]:
        """Card-level findings followed by every sub-indicator's, in report order."""
        found = list(self.findings)
        for dimension in self.dimensions:
            for sub in dimension.subindicators:
                found.extend(sub.findings)
        return tuple(found)
