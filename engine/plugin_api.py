"""Everything a plugin needs, from one module: `from score.engine.plugin_api import ...`.

docs/plugins.md documents each name. The names are re-exported from the modules that define
them (hookspecs, indicator, schema, measures, measuring, model, text, rules.base, numbers), so a
plugin written against this module keeps working when the engine's modules move.
"""

from __future__ import annotations

from .hookspecs import ENTRY_POINT_GROUP, hookimpl
from .indicator import Indicator, Measurements, MeasureSpec
from .measures import (
    MEASURE_TYPES,
    Checklist,
    ChecklistItem,
    FindingList,
    Measure,
    Missing,
    Publication,
    Quantity,
    Ratio,
    ScoredItem,
    ScoreList,
    Target,
    TargetList,
)
from .measuring import amount, checklist, findings, missing, ratio
from .model import Deduction, Facts, Finding
from .numbers import HUNDRED, ONE, ZERO, exact, percent, plain
from .rules.base import PARAM_TYPES, Outcome, Param, Rule, RuleInput, RuleKind, deduction, warn
from .schema import FIELD_TYPES, Field, Section
from .text import Text

__all__ = [
    "ENTRY_POINT_GROUP",
    "FIELD_TYPES",
    "HUNDRED",
    "MEASURE_TYPES",
    "ONE",
    "PARAM_TYPES",
    "ZERO",
    "Checklist",
    "ChecklistItem",
    "Deduction",
    "Facts",
    "Field",
    "Finding",
    "FindingList",
    "Indicator",
    "Measure",
    "MeasureSpec",
    "Measurements",
    "Missing",
    "Outcome",
    "Param",
    "Publication",
    "Quantity",
    "Ratio",
    "Rule",
    "RuleInput",
    "RuleKind",
    "ScoreList",
    "ScoredItem",
    "Section",
    "Target",
    "TargetList",
    "Text",
    "amount",
    "checklist",
    "deduction",
    "exact",
    "findings",
    "hookimpl",
    "missing",
    "percent",
    "plain",
    "ratio",
    "warn",
]
