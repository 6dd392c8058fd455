"""The rule vocabulary of rulesets; docs/rulesets.md explains each kind for a finance officer."""

from jixiao.engine.rules.base import Outcome, Param, Rule, RuleInput, RuleKind, deduction, warn

__all__ = ["Outcome", "Param", "Rule", "RuleInput", "RuleKind", "deduction", "warn"]
