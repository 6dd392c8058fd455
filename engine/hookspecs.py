"""The hook specifications of score: the whole contract between the engine and its plugins.

A plugin is a module (or any object) named by an entry point in the group `jixiao.plugins`
that implements one or both hooks below, each marked with `@hookimpl`:

    from jixiao.engine.plugin_api import Indicator, RuleKind, hookimpl

    @hookimpl
    def score_indicators() -> list[Indicator]:
        return [MY_INDICATOR]

    @hookimpl
    def score_rule_kinds() -> list[RuleKind]:
        return [MyRuleKind()]

The built-in indicators and rule kinds are plugins of exactly this kind. These docstrings are
the reference; docs/plugins.md explains the same with a complete example, and a test fails when
a hook here is not documented there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from jixiao.engine.measures.kinds import MeasureKind
    from jixiao.engine.plugins.indicator import Indicator
    from jixiao.engine.rules.base import RuleKind

PROJECT = "jixiao"
ENTRY_POINT_GROUP = "jixiao.plugins"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def score_indicators() -> list[Indicator]:
    """Return the indicators this plugin provides (a list; empty when it provides none).

    Each item is an `Indicator` (`jixiao.engine.plugin_api` has every name used here):

    - `id` (str, a Python identifier): the name a ruleset's dimension gives in its `indicator`
      key. Unique across every installed plugin; a second plugin with the same id is reported
      as a failure and the first one (by entry-point name) is kept.
    - `label` (`Text(zh, en)`): the indicator's name in both languages.
    - `sections` (tuple of `Section`): the facts the indicator reads. The engine merges the
      sections of all plugins and validates every facts file against them before any indicator
      runs: unknown keys are refused, each `Field` is type-checked and converted (money and
      numbers to `Decimal`, dates to `datetime.date`). A field marked `required` makes its
      section required in every department's file once the plugin is installed, so prefer
      optional fields and report absent evidence as `Missing`.
    - `measures` (tuple of `MeasureSpec`): every measure the indicator provides, by id, with its
      type (one of `MEASURE_TYPES`). A ruleset's rule names one of these
      ids in `measure`, and the ruleset is refused if the rule kind cannot score that type.
    - `compute` (`Callable[[Facts], Mapping[str, Measure] | Computed]`): computes one
      measure per declared id from the validated facts. Pure: no files, no network, no clock.
      It holds no points and no thresholds; those are the ruleset's.
    - `validate` (`Callable[[Facts], Sequence[tuple[str, str]]] | None`): cross-field errors as
      (dotted field path, message) pairs, e.g. `("satisfaction.satisfied", "is more than
      sample_size")`; they are reported with the facts file's other problems (exit code 2).

    Called once per run, before any facts are read. Any exception, or a return value that is
    not a list of well-formed Indicators, is reported as a failure of this plugin (by its
    entry-point name and distribution) and the run is marked incomplete (exit code 3).
    """


@hookspec
def score_rule_kinds() -> list[RuleKind]:
    """Return the rule kinds this plugin adds to the vocabulary rulesets can use.

    Each item is an instance (not the class) of a `RuleKind` subclass that sets:

    - `name` (str, a Python identifier): what a ruleset writes as `kind = "..."`; unique across
      every installed plugin.
    - `label` (`Text`): the kind's name in both languages.
    - `accepts` (tuple of measure types, e.g. `(Ratio,)`): the measures it can score; the
      ruleset is refused when a rule of this kind names a measure of another type.
    - `deduction` (bool, default False): True if the kind may follow a base rule under `then`,
      taking points off the score so far (`RuleInput.start`).
    - `params` (tuple of `Param`): every parameter a ruleset may give, with its type (one of
      `PARAM_TYPES`), help text, whether it is required and its default. Unknown, missing and
      mistyped parameters are refused before anything is scored.
    - `apply(given: RuleInput) -> Outcome`: the score, exact (a `Fraction` from 0 to
      `given.start`), with one `Deduction` per reason points were lost, any `Finding`s, or
      `not_applicable` with the reason.
    - `describe(rule, points, lang, item_labels=None) -> str`: the rule in words a finance
      officer reads, in `lang` ("zh" or "en").
    - optionally `validate(params, points, items)`: checks of a ruleset's parameters that their
      types cannot say (relations between them, against the sub-indicator's points and the
      measure's items), returning (parameter, problem) pairs; and `adjust(rule, measure,
      where)`: the measure as this rule counts it, with findings, before the engine's shared
      conventions apply.

    Called once per run. Any exception or malformed return value is reported as a failure of
    this plugin; so is an `apply` that raises or returns a score outside 0 to its points.
    """


@hookspec
def score_measure_kinds() -> list[MeasureKind]:
    """Return the measure kinds this plugin adds to what a ruleset's `[measures]` can declare.

    Each item is an instance of a `MeasureKind` subclass (`jixiao.engine.measures.kinds`) that
    sets:

    - `name` (str, a Python identifier): what a ruleset writes as `kind = "..."` in a
      `[measures.ID]` table; unique across every installed plugin.
    - `label` (`Text`): the kind's name in both languages.
    - `produces` (one of `MEASURE_TYPES`, e.g. `Ratio`): the type of measure it returns, which
      the rules scoring it must accept.
    - `facts` (tuple of `FactRef`): the parameters that name facts by dotted path, each with
      the field types it accepts and its shape (one fact, a list, or a table of named ones).
      The engine checks each path against the facts schema, and says "no evidence" itself
      when a required fact was not given, so `compute` never sees a missing one.
    - `params` (tuple of `Param`): its other parameters, as a rule kind's.
    - `compute(given: MeasureInput) -> Measure`: the measure from the facts' typed values.
    - optionally `validate(params, types)` and `items(facts, params)` (the items of a
      checklist measure, for the rules that score them).

    Called once per run. Any exception or malformed return value is reported as a failure of
    this plugin; so is a `compute` that raises or returns a measure of another type.
    """
