"""Everything a plugin needs, from one module: `from jixiao.engine.plugin_api import ...`.

docs/plugins.md documents each name. The names are re-exported from the modules that define
them, so a plugin written against this module keeps working when the engine's modules move.
"""

from __future__ import annotations

from jixiao.engine.api import load_facts, load_ruleset, score, score_file
from jixiao.engine.errors import InputError, PluginError, PluginFailure, Problem
from jixiao.engine.facts.fields import FIELD_TYPES, Field, Section
from jixiao.engine.facts.model import Department, Facts
from jixiao.engine.facts.view import UndeclaredFact
from jixiao.engine.findings import Finding
from jixiao.engine.hookspecs import ENTRY_POINT_GROUP, hookimpl
from jixiao.engine.measures.from_facts import amount, checklist, findings, missing, ratio
from jixiao.engine.measures.types import (
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
from jixiao.engine.numbers import HUNDRED, ONE, ZERO, exact, percent, plain
from jixiao.engine.plugins.indicator import Computed, Indicator, MeasureSpec
from jixiao.engine.plugins.registry import Registry, load_registry
from jixiao.engine.rules.base import (
    PARAM_TYPES,
    Deduction,
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    Tier,
    deduction,
    warn,
)
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.words.message import Message, Template, Words
from jixiao.engine.words.text import Text

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
    "Computed",
    "Deduction",
    "Department",
    "Facts",
    "Field",
    "Finding",
    "FindingList",
    "Indicator",
    "InputError",
    "Measure",
    "MeasureSpec",
    "Message",
    "Missing",
    "Outcome",
    "Param",
    "PluginError",
    "PluginFailure",
    "Problem",
    "Problems",
    "Publication",
    "Quantity",
    "Ratio",
    "Registry",
    "Rule",
    "RuleInput",
    "RuleKind",
    "Ruleset",
    "ScoreList",
    "Scorecard",
    "ScoredItem",
    "Section",
    "Target",
    "TargetList",
    "Template",
    "Text",
    "Tier",
    "UndeclaredFact",
    "Words",
    "amount",
    "checklist",
    "deduction",
    "exact",
    "findings",
    "hookimpl",
    "load_facts",
    "load_registry",
    "load_ruleset",
    "missing",
    "percent",
    "plain",
    "ratio",
    "score",
    "score_file",
    "warn",
]
