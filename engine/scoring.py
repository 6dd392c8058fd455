"""Scoring one department: each indicator measures, each rule scores, aggregate sums up.

The conventions every rule shares live here, once: a 0/0 ratio is N/A, x/0 scores 0 with an
error, missing evidence earns nothing with a warning, a score stays within 0 and its points,
and each sub-indicator is rounded once from its exact value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from attrs import frozen

from .aggregate import dimension_result, total_score
from .errors import PluginError
from .indicator import Indicator, Measurements, MeasureSpec
from .measures import MEASURE_TYPES, Measure, Missing, Ratio
from .model import (
    Deduction,
    Facts,
    Finding,
    MeasureView,
    PluginFailure,
    Scorecard,
    SubResult,
)
from .numbers import ZERO, plain, round_fraction, to_decimal
from .plugins import Registry
from .rules.base import Outcome, Rule, RuleInput, RuleKind, deduction, warn
from .ruleset import Ruleset, SubIndicator
from .text import Text


def score(facts: Facts, ruleset: Ruleset, registry: Registry, *, strict: bool = True) -> Scorecard:
    """Score one department. `strict` False: a plugin failure the ruleset does not touch is only
    a warning (docs/plugins.md, "When a plugin fails")."""
    memo = _memo(ruleset, registry)
    blocking, ignored = registry.split_failures(memo.used, strict)
    failures = list(blocking)
    findings: list[Finding] = [_ignored(failure) for failure in ignored]
    dimensions = []
    for dimension in ruleset.dimensions:
        indicator = registry.indicators[dimension.indicator]
        try:
            measured = _measure(indicator, facts)
        except PluginError as error:
            failures.append(_failure(registry, error))
            subs = [_failed(sub, ruleset, error.message) for sub in dimension.subindicators]
        else:
            findings.extend(measured.findings)
            subs = []
            for sub in dimension.subindicators:
                try:
                    subs.append(
                        score_subindicator(sub, indicator, measured.values, ruleset, registry, memo)
                    )
                except PluginError as error:
                    failures.append(_failure(registry, error))
                    subs.append(_failed(sub, ruleset, error.message))
        dimensions.append(dimension_result(dimension, subs, ruleset.places, ruleset.mode))
    total = total_score(dimensions, ruleset.places, ruleset.mode)
    return Scorecard(
        department=facts.department,
        ruleset=ruleset.identity,
        total=total,
        grade=ruleset.grade_for(total),
        dimensions=tuple(dimensions),
        findings=tuple(findings),
        source=facts.source,
        plugin_failures=tuple(failures),
        places=ruleset.places,
    )


def _failure(registry: Registry, error: PluginError) -> PluginFailure:
    """The failure named by the plugin that provides the failing indicator or rule kind."""
    if error.component:
        return registry.failure(error.component, error.plugin, error.message)
    return PluginFailure(error.plugin, error.distribution, error.message, error.version)


def _ignored(failure: PluginFailure) -> Finding:
    where = failure.plugin + (f" ({failure.distribution})" if failure.distribution else "")
    return Finding(
        "warning",
        "plugin_not_loaded",
        Text(
            f"插件 {where} 未能加载，本规则未用到它：{failure.message}",
            f"plugin {where} failed to load; this ruleset does not use it: {failure.message}",
        ),
        failure.plugin,
    )


def _indicator_error(indicator: Indicator, message: str) -> PluginError:
    return PluginError(indicator.id, message, component="indicator")


def _kind_error(kind: RuleKind, message: str) -> PluginError:
    return PluginError(kind.name, message, component="rule kind")


def _measure(indicator: Indicator, facts: Facts) -> Measurements:
    try:
        returned = indicator.measure(facts)
    except Exception as error:  # a plugin's bug must not crash the run
        raise _indicator_error(
            indicator, f"measure raised {type(error).__name__}: {error}"
        ) from None
    if isinstance(returned, Measurements):
        measured = returned
    elif isinstance(returned, Mapping):
        measured = Measurements(returned)
    else:
        raise _indicator_error(
            indicator,
            f"measure must return a mapping of measures, returned {type(returned).__name__}",
        )
    for key, value in measured.values.items():
        if not isinstance(value, MEASURE_TYPES):
            raise _indicator_error(
                indicator, f"measure {key!r} is a {type(value).__name__}, not a measure type"
            )
    if not all(isinstance(f, Finding) for f in measured.findings):
        raise _indicator_error(indicator, "findings must be Finding objects")
    return measured


def _failed(sub: SubIndicator, ruleset: Ruleset, message: str) -> SubResult:
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        _points(sub),
        "failed",
        None,
        None,
        Text("插件出错", "plugin failed"),
        findings=(Finding("error", "plugin_failed", Text(message, message), _where(sub)),),
    )


def _points(sub: SubIndicator) -> Decimal:
    return to_decimal(sub.points)


def _where(sub: SubIndicator) -> str:
    """Findings name the sub-indicator by its code; renderers add its label in their language."""
    return sub.code


class _Memo:
    """What scoring works out once per ruleset and registry instead of once per department: the
    ids of what the ruleset uses, and each sub-indicator's plan."""

    def __init__(self, ruleset: Ruleset, registry: Registry) -> None:
        self.ruleset = ruleset  # held, so that the ids keying _MEMOS stay theirs
        self.registry = registry
        self.used = frozenset({d.indicator for d in ruleset.dimensions}) | {
            rule.kind for d in ruleset.dimensions for sub in d.subindicators for rule in sub.rules()
        }
        self.plans: dict[int, _Plan | None] = {}  # by id(sub); None: no plan, step by step


_MEMOS: dict[tuple[int, int], _Memo] = {}


def _memo(ruleset: Ruleset, registry: Registry) -> _Memo:
    key = (id(ruleset), id(registry))
    memo = _MEMOS.get(key)
    if memo is None:
        if len(_MEMOS) >= 16:
            _MEMOS.clear()
        memo = _MEMOS[key] = _Memo(ruleset, registry)
    return memo


@frozen
class _Step:
    """One rule of a sub-indicator with what scoring looks up for it."""

    kind: RuleKind
    rule: Rule
    spec: MeasureSpec | None
    items: Mapping[str, Text]
    words: tuple[str, str]
    adjusts: bool  # False: the kind keeps RuleKind.adjust, which gives the measure as it is


@frozen
class _Plan:
    """A sub-indicator's rules, looked up and described, and its points and rule texts."""

    indicator: Indicator
    steps: tuple[_Step, ...]
    points: Decimal
    texts: tuple[Text, ...]  # the rule text when the first n + 1 rules were applied


def _steps(
    sub: SubIndicator, indicator: Indicator, ruleset: Ruleset, registry: Registry
) -> Iterator[_Step]:
    for index, rule in enumerate(sub.rules()):
        kind = registry.rule_kinds[rule.kind]
        spec = indicator.measure_spec(rule.measure)
        items = spec.items if spec is not None else _NO_ITEMS
        words = _describe(kind, rule, sub, index, items, ruleset)
        default = getattr(getattr(kind, "adjust", None), "__func__", None) is RuleKind.adjust
        yield _Step(kind, rule, spec, items, words, not default)


def _plan(sub: SubIndicator, indicator: Indicator, ruleset: Ruleset, memo: _Memo) -> _Plan | None:
    """The sub-indicator's plan, made the first time it is scored. None when a step fails (a
    rule kind whose description raises): each department then takes the steps one at a time, so
    that what fails, and when, is as it would be without a plan."""
    key = id(sub)
    if key in memo.plans:
        known = memo.plans[key]
        if known is None or _current(known, indicator, memo.registry):
            return known
    plan: _Plan | None
    try:
        steps = tuple(_steps(sub, indicator, ruleset, memo.registry))
        texts = tuple(_join([step.words for step in steps[:n]]) for n in range(1, len(steps) + 1))
        plan = _Plan(indicator, steps, _points(sub), texts)
    except Exception:
        plan = None
    memo.plans[key] = plan
    return plan


def _current(plan: _Plan, indicator: Indicator, registry: Registry) -> bool:
    """Whether a plan still holds what the registry gives: a program may replace an indicator
    or a rule kind in it between two departments, and the next department must use the new."""
    kinds = registry.rule_kinds
    return plan.indicator is indicator and all(
        kinds.get(step.rule.kind) is step.kind for step in plan.steps
    )


def score_subindicator(
    sub: SubIndicator,
    indicator: Indicator,
    values: Mapping[str, Measure],
    ruleset: Ruleset,
    registry: Registry,
    memo: _Memo,
) -> SubResult:
    plan = _plan(sub, indicator, ruleset, memo)
    steps = plan.steps if plan is not None else _steps(sub, indicator, ruleset, registry)
    views: list[MeasureView] = []
    deductions: list[Deduction] = []
    findings: list[Finding] = []
    current = sub.points
    rule_words = []
    for index, step in enumerate(steps):
        kind, rule, spec = step.kind, step.rule, step.spec
        rule_words.append(step.words)
        measure = values.get(rule.measure)
        if measure is None:
            raise _indicator_error(
                indicator, f"did not return measure {rule.measure!r} declared for {sub.code}"
            )
        if step.adjusts:
            measure, adjusted = adjust_measure(kind, rule, measure, sub)
            findings.extend(adjusted)
        if spec is not None:
            views.append(MeasureView(rule.measure, spec.label, measure))
        start = sub.points if index == 0 else current
        outcome = apply_rule(kind, rule, measure, sub, start, indicator, spec)
        if outcome.not_applicable is not None:
            if index == 0:
                return SubResult(
                    sub.id,
                    sub.code,
                    sub.label,
                    _points(sub) if plan is None else plan.points,
                    "not_applicable",
                    None,
                    None,
                    _join(rule_words) if plan is None else plan.texts[0],
                    tuple(views),
                    na_reason=outcome.not_applicable,
                    findings=tuple(findings) + outcome.findings,
                )
            continue  # a deduction whose measure does not apply takes nothing
        current = outcome.score
        deductions.extend(outcome.deductions)
        findings.extend(outcome.findings)
    exact_score = _within_points(current, sub.points)
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        _points(sub) if plan is None else plan.points,
        "scored",
        round_fraction(exact_score, ruleset.places, ruleset.mode),
        exact_score,
        _join(rule_words) if plan is None else plan.texts[-1],
        tuple(views),
        tuple(deductions),
        None,
        tuple(findings),
    )


_NO_ITEMS: Mapping[str, Text] = MappingProxyType({})  # shared, so read-only


# The two conventions below compare exact numbers (Fraction or int) on their integer parts: a
# Fraction comparison goes through the numbers ABCs, and these run for every rule of every
# department. Denominators are positive, so the signs are the numerators'.


def _within_points(score: Fraction, points: Fraction) -> Fraction:
    """min(max(score, 0), points), the very object min and max would give."""
    low = ZERO if score.numerator < 0 else score
    if points.numerator * low.denominator < low.numerator * points.denominator:
        return points
    return low


def _between_zero_and(score: Fraction, start: Fraction) -> bool:
    """0 ≤ score ≤ start."""
    return (
        score.numerator >= 0
        and score.numerator * start.denominator <= start.numerator * score.denominator
    )


def _describe(
    kind: RuleKind,
    rule: Rule,
    sub: SubIndicator,
    index: int,
    items: Mapping[str, Text],
    ruleset: Ruleset,
) -> tuple[str, str]:
    """The rule in words, worked out once per ruleset (see Ruleset.described)."""
    key = (sub.code, index)
    known = ruleset.described.get(key)
    if known is not None:
        return known
    try:
        words = (
            kind.describe(rule, sub.points, "zh", items),
            kind.describe(rule, sub.points, "en", items),
        )
    except Exception as error:
        raise _kind_error(kind, f"describe raised {type(error).__name__}: {error}") from None
    if not all(isinstance(w, str) for w in words):
        raise _kind_error(kind, "describe must return a str")
    ruleset.described[key] = words
    return words


def _join(words: list[tuple[str, str]]) -> Text:
    return Text("；".join(zh for zh, _ in words), "; ".join(en for _, en in words))


def adjust_measure(
    kind: RuleKind, rule: Rule, measure: Measure, sub: SubIndicator
) -> tuple[Measure, list[Finding]]:
    """The measure as the rule counts it (RuleKind.adjust), before the shared conventions.

    The report shows the adjusted measure, so that what it prints is what was scored.
    """
    if isinstance(measure, Missing) or not isinstance(measure, kind.accepts):
        return measure, []  # apply_rule deals with both
    try:
        adjusted, found = kind.adjust(rule, measure, _where(sub))
    except Exception as error:
        raise _kind_error(kind, f"adjust raised {type(error).__name__}: {error}") from None
    return adjusted, list(found)


def apply_rule(
    kind: RuleKind,
    rule: Rule,
    measure: Measure,
    sub: SubIndicator,
    start: Fraction,
    indicator: Indicator,
    spec: MeasureSpec | None,
) -> Outcome:
    """Apply one rule with the conventions every rule shares, then check what it returned."""
    where = _where(sub)
    if isinstance(measure, Missing):
        return Outcome(
            ZERO,
            (
                Deduction(
                    start,
                    Text(
                        f"{measure.reason.zh}，无佐证，不得分",
                        f"{measure.reason.en}: no evidence, no points",
                    ),
                ),
            )
            if start
            else (),
            (Finding("warning", "missing_evidence", measure.reason, where),),
        )
    if not isinstance(measure, kind.accepts):
        raise _indicator_error(
            indicator,
            f"measure {rule.measure!r} is a "
            f"{type(measure).__name__}; rule kind {kind.name!r} "
            "needs " + " or ".join(t.__name__ for t in kind.accepts),
        )
    if isinstance(measure, Ratio) and measure.denominator == 0:
        if measure.numerator == 0:
            return Outcome(
                ZERO,
                not_applicable=Text(
                    f"{measure.numerator_label.zh}与{measure.denominator_label.zh}均为0，不适用",
                    f"{measure.numerator_label.en} and {measure.denominator_label.en} are both 0",
                ),
            )
        return Outcome(
            ZERO,
            (
                deduction(
                    start,
                    f"{measure.denominator_label.zh}为0而{measure.numerator_label.zh}大于0，不得分",
                    f"{measure.denominator_label.en} is 0 while {measure.numerator_label.en} "
                    "is not: "
                    "no points",
                ),
            ),
            (
                warn(
                    "zero_denominator",
                    where,
                    f"{measure.denominator_label.zh}为0，{measure.numerator_label.zh}却大于0",
                    f"{measure.denominator_label.en} is 0 but {measure.numerator_label.en} is not",
                    "error",
                ),
            ),
        )
    given = RuleInput(
        rule, measure, sub.points, start, sub.label, where, spec.items if spec is not None else {}
    )
    try:
        outcome = kind.apply(given)
    except Exception as error:
        raise _kind_error(kind, f"apply raised {type(error).__name__}: {error}") from None
    if not isinstance(outcome, Outcome):
        raise _kind_error(kind, f"apply returned {type(outcome).__name__}, not an Outcome")
    if not isinstance(outcome.score, Fraction | int):
        raise _kind_error(
            kind, f"apply gave a score of type {type(outcome.score).__name__}; use a Fraction"
        )
    if outcome.not_applicable is None and not _between_zero_and(outcome.score, start):
        raise _kind_error(
            kind,
            f"apply gave {plain(Fraction(outcome.score))} points for {where}, "
            f"outside 0 to {plain(start)}",
        )
    return outcome
