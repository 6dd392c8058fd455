"""4. The rule vocabulary: the kinds of rule a ruleset can give a sub-indicator, each turning a
measure into points; docs/rulesets.md explains each kind for a finance officer."""

from jixiao.engine.rules.base import Outcome, Param, Rule, RuleInput, RuleKind, deduction, warn

__all__ = ["Outcome", "Param", "Rule", "RuleInput", "RuleKind", "deduction", "warn"]
