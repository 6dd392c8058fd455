"""Measure kinds: how a ruleset declares a measure over facts, with no Python.

A ruleset's `[measures.ID]` table names a kind (`ratio`, `change_rate`, …) and the facts it
reads; the kind turns those facts into a Measure (Ratio, Quantity, Checklist) that the rules
then score like any indicator's. A kind declares what it reads (`FactRef`: one fact, a list of
them, or a table of named ones, each of the field types it accepts) and its other parameters
(`Param`, as rule kinds do), so that every declaration is validated the same way. The engine
hands `compute` the facts' typed values, and says "no evidence" itself when a fact it needs was
not given. Plugins add kinds through the hook `score_measure_kinds`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from attrs import field, frozen

from jixiao.engine.measures.types import Measure
from jixiao.engine.rules.params import Param, Problems
from jixiao.engine.words.text import Text

NUMBERS = ("money", "number", "quantity", "percent", "count", "score")
RECORDS = "records"  # an array of tables (`[[special_funds]]`): what `count` counts
Shape = Literal["one", "list", "table"]


@frozen
class FactRef:
    """A parameter naming facts by their dotted paths (`staffing.authorised`): one, a list
    (`["a.x", "a.y"]`) or a table of named ones (`{ rules = "a.rules" }`), each a field of one
    of `types` (or RECORDS: an array section)."""

    name: str
    types: tuple[str, ...]
    help: Text
    shape: Shape = "one"
    required: bool = True


@frozen
class Fact:
    """One fact a measure reads: where it is, its label and type, and its value (None when the
    department did not give it)."""

    path: str
    label: Text
    type: str
    value: Any


@frozen
class MeasureInput:
    """What a kind's `compute` sees: the facts of each FactRef (a Fact, a tuple of them, or a
    dict of them by name, as its shape says), its other parameters, and the measure's label.
    Every required fact has a value: the engine has said "no evidence" otherwise."""

    facts: Mapping[str, Any]
    params: Mapping[str, Any]
    label: Text
    unit: str = ""  # the parts' unit, when the ruleset gives one (`unit = "人"`)
    items: Mapping[str, Text] = field(factory=dict)


class MeasureKind:
    """Base class of every measure kind; subclasses set the class attributes and `compute`."""

    name: ClassVar[str]
    label: ClassVar[Text]
    produces: ClassVar[type]  # the Measure type it returns (what rules check against)
    facts: ClassVar[tuple[FactRef, ...]] = ()
    params: ClassVar[tuple[Param, ...]] = ()

    def validate(self, params: Mapping[str, Any], types: Mapping[str, tuple[str, ...]]) -> Problems:
        """What the parameter types cannot say; `types` gives each FactRef's field types.
        Override to add checks; each is a (key, problem)."""
        return []

    def items(self, facts: Mapping[str, Any], params: Mapping[str, Any]) -> Mapping[str, Text]:
        """The items a checklist measure holds, by key and label, for the rules that score
        them (`items = { rules = 1 }`); facts are the Facts as declared, values None."""
        return {}

    def check(self, given: MeasureInput) -> Problems:
        """What is wrong with the facts themselves for this measure (a judgement outside its
        band): each (FactRef name, problem) refuses the department's file with the field
        named, as a plugin's `validate` does. Called only when every fact it needs is given."""
        return []

    def compute(self, given: MeasureInput) -> Measure:
        raise NotImplementedError


__all__ = ["NUMBERS", "RECORDS", "Fact", "FactRef", "MeasureInput", "MeasureKind"]
