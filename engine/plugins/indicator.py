"""What an indicator plugin provides: the facts it reads, the measures it declares, and how it
computes them.

An indicator declares the facts sections it reads (validated by the core before it runs), the
measures it provides (which the ruleset's rules then score), a `compute` function from
validated Facts to those measures, and optionally a `validate` function for problems across
fields. It holds no points or thresholds: those are policy and live in the ruleset.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from attrs import field, frozen

from jixiao.engine.facts.fields import Section
from jixiao.engine.facts.model import Facts
from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure
from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text


@frozen
class MeasureSpec:
    """A measure an indicator provides: its id, type, label and (for checklists) its items."""

    id: str
    type: type
    label: Text
    items: Mapping[str, Text] = field(factory=dict)
    help: Text | str = ""


@frozen
class Computed:
    """What `compute` returns when it also has findings to report (else a plain mapping)."""

    values: Mapping[str, Measure]
    findings: Sequence[Finding] = ()


ComputeFunc = Callable[[Facts], "Computed | Mapping[str, Measure]"]
ValidateFunc = Callable[[Facts], Sequence[tuple[str, "Words | str"]]]


@frozen
class Indicator:
    """One indicator. `validate` returns (field path, problem) pairs for cross-field errors; a
    problem is a Message (or Text), shown in the reader's language."""

    id: str
    label: Text
    sections: tuple[Section, ...]
    measures: tuple[MeasureSpec, ...]
    compute: ComputeFunc
    validate: ValidateFunc | None = None
    version: str = ""
    # the other indicators' fields it reads, dotted ("budget.project_actual"); reading any
    # field that is neither its own nor named here is its plugin's failure (facts/view.py)
    reads: tuple[str, ...] = ()

    def measure_spec(self, measure_id: str) -> MeasureSpec | None:
        return next((m for m in self.measures if m.id == measure_id), None)
