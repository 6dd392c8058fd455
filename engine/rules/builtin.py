"""The built-in rule kinds, registered through the plugin hook like any third-party kind."""

from __future__ import annotations

from score.engine.hookspecs import hookimpl
from score.engine.rules.base import RuleKind
from score.engine.rules.deadline import Deadline
from score.engine.rules.items import ChecklistRule, PerFinding, PerMissing
from score.engine.rules.ratios import LinearRatio, PerPoint, Proportion
from score.engine.rules.targets import TargetAchievement, WeightedMean
from score.engine.rules.tiers import Tiers

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
)


@hookimpl
def score_rule_kinds() -> list[RuleKind]:
    return [kind() for kind in BUILTIN_RULE_KINDS]
