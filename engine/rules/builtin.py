"""The built-in rule kinds, registered through the plugin hook like any third-party kind."""

from __future__ import annotations

from jixiao.engine.hookspecs import hookimpl
from jixiao.engine.rules.base import RuleKind
from jixiao.engine.rules.deadline import Deadline
from jixiao.engine.rules.items import ChecklistRule, PerFinding, PerMissing
from jixiao.engine.rules.judgement import JudgementRule
from jixiao.engine.rules.ratios import LinearRatio, PerPoint, Proportion
from jixiao.engine.rules.targets import TargetAchievement, TargetsMet, WeightedMean
from jixiao.engine.rules.tiers import Tiers

BUILTIN_RULE_KINDS: tuple[type[RuleKind], ...] = (
    LinearRatio,
    Proportion,
    PerPoint,
    Tiers,
    ChecklistRule,
    PerMissing,
    PerFinding,
    Deadline,
    TargetAchievement,
    WeightedMean,
    JudgementRule,
    TargetsMet,
)


@hookimpl
def score_rule_kinds() -> list[RuleKind]:
    return [kind() for kind in BUILTIN_RULE_KINDS]
