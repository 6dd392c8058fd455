"""The built-in rule kinds, registered through the plugin hook like any third-party kind."""

from __future__ import annotations

from ..hookspecs import hookimpl
from .base import RuleKind
from .deadline import Deadline
from .items import ChecklistRule, PerFinding, PerMissing
from .ratios import LinearRatio, PerPoint, Proportion
from .targets import TargetAchievement, WeightedMean
from .tiers import Tiers

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
