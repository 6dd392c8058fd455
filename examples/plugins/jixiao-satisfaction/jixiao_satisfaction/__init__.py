"""jixiao-satisfaction: the 满意度 indicator and the `sampled_tiers` rule kind, as a score plugin.

score finds this module through the entry point `satisfaction = "jixiao_satisfaction"` in the
group `jixiao.plugins` and calls the two hooks below once per run.
"""

from __future__ import annotations

from jixiao.engine.plugin_api import Indicator, RuleKind, hookimpl

from .indicator import INDICATOR
from .rules import SampledTiers

__version__ = "0.1.0"


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]


@hookimpl
def score_rule_kinds() -> list[RuleKind]:
    return [SampledTiers()]
