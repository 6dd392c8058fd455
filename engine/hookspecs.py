"""The hook specifications of score: the whole contract between the engine and its plugins.

A plugin is a module (or object) registered under the entry-point group `score.indicators`
that implements one or both hooks below, marked with `score.hookimpl`. The built-in indicators
and rule kinds are plugins of exactly this kind. docs/plugins.md explains each hook with examples.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from .indicator import Indicator
    from .rules.base import RuleKind

PROJECT = "score"
ENTRY_POINT_GROUP = "score.indicators"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def score_indicators() -> list[Indicator]:
    """Return the indicators this plugin provides.

    Each is a `score.engine.indicator.Indicator`: an id that rulesets name in a dimension's
    `indicator` key, the facts sections it reads, the measures it produces, and the function that
    computes those measures from validated facts. Called once per run.
    """


@hookspec
def score_rule_kinds() -> list[RuleKind]:
    """Return the rule kinds this plugin adds to the vocabulary rulesets can use.

    Each is an instance of a `score.engine.rules.RuleKind` subclass with a unique `name`,
    the measure types it `accepts`, its declared `params`, `apply` and `describe`.
    Called once per run.
    """
