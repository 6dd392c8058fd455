"""The results of scoring: frozen, plain data that renderers read and never change."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, Protocol

from attrs import field
from attrs.exceptions import FrozenInstanceError

from .text import Text
from .values import value_class

Level = Literal["error", "warning", "info"]
Status = Literal["scored", "not_applicable", "failed"]


@value_class
class Department:
    name: str
    code: str
    year: int


@value_class
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


@value_class
class Deduction:
    points: Fraction
    reason: Text


@value_class
class Finding:
    level: Level
    code: str
    message: Text
    where: str = ""


if TYPE_CHECKING:  # a Protocol class costs a fraction of a millisecond to create at start-up

    class _Shown(Protocol):
        def describe(self, lang: str) -> str: ...
        def to_json(self) -> dict[str, Any]: ...


_UNSET: Any = object()


class MeasureView:
    """A measure as the report shows it: `text` (zh, en) and `data` (its JSON fields).

    Made with `MeasureView.of(id, label, measure)` by the engine, the text and data are worked
    out from the measure when first read: a batch that keeps only totals never formats them.
    Frozen, compared and hashed by (id, label, text, data), like the other results.
    """

    __slots__ = ("_data", "_measure", "_text", "id", "label")
    id: str
    label: Text
    _text: Text
    _data: dict[str, Any]
    _measure: _Shown | None

    def __init__(self, id: str, label: Text, text: Text, data: dict[str, Any]) -> None:
        _set = object.__setattr__
        _set(self, "id", id)
        _set(self, "label", label)
        _set(self, "_text", text)
        _set(self, "_data", data)
        _set(self, "_measure", None)

    @classmethod
    def of(cls, id: str, label: Text, measure: _Shown) -> MeasureView:
        view = cls(id, label, _UNSET, _UNSET)
        object.__setattr__(view, "_measure", measure)
        return view

    @property
    def text(self) -> Text:
        text: Text = self._text
        if text is _UNSET:
            assert self._measure is not None
            text = Text(self._measure.describe("zh"), self._measure.describe("en"))
            object.__setattr__(self, "_text", text)
        return text

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self._data
        if data is _UNSET:
            assert self._measure is not None
            data = self._measure.to_json()
            object.__setattr__(self, "_data", data)
        return data

    def _key(self) -> tuple[str, Text, Text, dict[str, Any]]:
        return (self.id, self.label, self.text, self.data)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, MeasureView)
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash((self.id, self.label, self.text))  # data is a dict: equal views hash alike

    def __repr__(self) -> str:
        return (
            f"MeasureView(id={self.id!r}, label={self.label!r}, "
            f"text={self.text!r}, data={self.data!r})"
        )

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError()

    def __getstate__(self) -> tuple[str, Text, Text, dict[str, Any]]:
        return self._key()

    def __setstate__(self, state: tuple[str, Text, Text, dict[str, Any]]) -> None:
        MeasureView.__init__(self, *state)


@value_class
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


@value_class
class DimensionResult:
    id: str
    label: Text
    weight: Decimal
    status: Status
    score: Decimal | None
    subindicators: tuple[SubResult, ...]
    na_reason: Text | None = None
    rebased: bool = False


@value_class
class Grade:
    label: Text
    min: Decimal
    below: Decimal | None
    style: str


@value_class
class RulesetIdentity:
    id: str
    year: int
    title: Text
    sha256: str
    source: str


@value_class
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


@value_class
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
