"""The results of scoring: frozen, plain data that renderers read and never change."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, Protocol

from attrs import frozen

from jixiao.engine.errors import PluginFailure
from jixiao.engine.facts.model import Department
from jixiao.engine.findings import Finding
from jixiao.engine.rules.base import Deduction
from jixiao.engine.ruleset.model import Grade, RulesetIdentity
from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text

Status = Literal["scored", "not_applicable", "failed"]


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
    rule: Words
    measures: tuple[MeasureView, ...] = ()
    deductions: tuple[Deduction, ...] = ()
    na_reason: Words | None = None
    findings: tuple[Finding, ...] = ()


@frozen
class GroupResult:
    """A 二级 group's subtotal: its rows re-based and rounded as its level says."""

    id: str
    label: Text
    points: Decimal
    status: Status
    score: Decimal | None
    subindicators: tuple[SubResult, ...]
    na_reason: Words | None = None
    rebased: bool = False


@frozen
class DimensionResult:
    """A 一级 dimension's score. `subindicators` holds every row, with or without groups;
    `groups` the 二级 subtotals when the ruleset has them."""

    id: str
    label: Text
    weight: Decimal
    status: Status
    score: Decimal | None
    subindicators: tuple[SubResult, ...]
    na_reason: Words | None = None
    rebased: bool = False
    groups: tuple[GroupResult, ...] = ()


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
