"""Scoring one department: each indicator measures, each rule scores, aggregate sums up.

The conventions every rule shares live here, once: a 0/0 ratio is N/A, x/0 scores 0 with an
error, missing evidence earns nothing with a warning, a score stays within 0 and its points,
and each sub-indicator is rounded once from its exact value.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

from .aggregate import dimension_result, total_score
from .errors import PluginError
from .indicator import Indicator, Measurements
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
from .numbers import ZERO, round_fraction, to_decimal
from .plugins import Registry
from .rules.base import Outcome, Rule, RuleInput, RuleKind, deduction, warn
from .ruleset import Dimension, Ruleset, SubIndicator
from .text import Text


def score(facts: Facts, ruleset: Ruleset, registry: Registry) -> Scorecard:
    failures = list(registry.failures)
    findings: list[Finding] = []
    dimensions = []
    for dimension in ruleset.dimensions:
        indicator = registry.indicators[dimension.indicator]
        try:
            measured = _measure(indicator, facts)
        except PluginError as error:
            failures.append(PluginFailure(error.plugin, error.distribution, error.message))
            subs = [_failed(sub, ruleset, error.message) for sub in dimension.subindicators]
        else:
            findings.extend(measured.findings)
            subs = []
            for sub in dimension.subindicators:
                try:
                    subs.append(
                        score_subindicator(
                            sub, dimension, indicator, measured.values, ruleset, registry
                        )
                    )
                except PluginError as error:
                    failures.append(PluginFailure(error.plugin, error.distribution, error.message))
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


def _measure(indicator: Indicator, facts: Facts) -> Measurements:
    try:
        returned = indicator.measure(facts)
    except Exception as error:  # a plugin's bug must not crash the run
        raise PluginError(indicator.id, f"measure raised {type(error).__name__}: {error}") from None
    if isinstance(returned, Measurements):
        measured = returned
    elif isinstance(returned, Mapping):
        measured = Measurements(returned)
    else:
        raise PluginError(
            indicator.id,
            f"measure must return a mapping of measures, returned {type(returned).__name__}",
        )
    for key, value in measured.values.items():
        if not isinstance(value, MEASURE_TYPES):
            raise PluginError(
                indicator.id, f"measure {key!r} is a {type(value).__name__}, not a measure type"
            )
    if not all(isinstance(f, Finding) for f in measured.findings):
        raise PluginError(indicator.id, "findings must be Finding objects")
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
    return f"{sub.code} {sub.label.zh}"


def score_subindicator(
    sub: SubIndicator,
    dimension: Dimension,
    indicator: Indicator,
    values: Mapping[str, Measure],
    ruleset: Ruleset,
    registry: Registry,
) -> SubResult:
    views: list[MeasureView] = []
    deductions: list[Deduction] = []
    findings: list[Finding] = []
    current = sub.points
    rule_words = []
    for index, rule in enumerate(sub.rules()):
        kind = registry.rule_kinds[rule.kind]
        spec = indicator.measure_spec(rule.measure)
        items = spec.items if spec is not None else _NO_ITEMS
        rule_words.append(_described(kind, rule, sub.points, items))
        measure = values.get(rule.measure)
        if measure is None:
            raise PluginError(
                indicator.id, f"did not return measure {rule.measure!r} declared for {sub.code}"
            )
        if spec is not None:
            views.append(MeasureView.of(rule.measure, spec.label, measure))
        start = sub.points if index == 0 else current
        outcome = apply_rule(kind, rule, measure, sub, start, indicator)
        if outcome.not_applicable is not None:
            if index == 0:
                return SubResult(
                    sub.id,
                    sub.code,
                    sub.label,
                    _points(sub),
                    "not_applicable",
                    None,
                    None,
                    _join(rule_words),
                    tuple(views),
                    na_reason=outcome.not_applicable,
                    findings=tuple(findings) + outcome.findings,
                )
            continue  # a deduction whose measure does not apply takes nothing
        current = outcome.score
        deductions.extend(outcome.deductions)
        findings.extend(outcome.findings)
    exact_score = min(max(current, ZERO), sub.points)
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        _points(sub),
        "scored",
        round_fraction(exact_score, ruleset.places, ruleset.mode),
        exact_score,
        _join(rule_words),
        tuple(views),
        tuple(deductions),
        None,
        tuple(findings),
    )


# Rule descriptions depend only on the rule, its kind, the points and the item labels, so they
# are worked out once per ruleset rather than once per department. Keys are object identities
# (rules hold dicts, so they do not hash); the entry keeps the objects alive so that an id is
# never reused while it is a key, and the cache is emptied when it grows past any real ruleset.
_DESCRIBED: dict[tuple[int, int, int], tuple[object, ...]] = {}
_DESCRIBED_MAX = 4096
_NO_ITEMS: Mapping[str, Text] = MappingProxyType({})  # shared, so read-only


def _described(
    kind: RuleKind, rule: Rule, points: Fraction, items: Mapping[str, Text]
) -> tuple[str, str]:
    key = (id(kind), id(rule), id(items))
    hit = _DESCRIBED.get(key)
    if (
        hit is not None
        and hit[0] is kind
        and hit[1] is rule
        and hit[2] is items
        and hit[3] == points
    ):
        return hit[4]  # type: ignore[return-value]
    words = (kind.describe(rule, points, "zh", items), kind.describe(rule, points, "en", items))
    if len(_DESCRIBED) >= _DESCRIBED_MAX:
        _DESCRIBED.clear()
    _DESCRIBED[key] = (kind, rule, items, points, words)
    return words


def _join(words: list[tuple[str, str]]) -> Text:
    return Text("；".join(zh for zh, _ in words), "; ".join(en for _, en in words))


def apply_rule(
    kind: RuleKind,
    rule: Rule,
    measure: Measure,
    sub: SubIndicator,
    start: Fraction,
    indicator: Indicator,
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
        raise PluginError(
            indicator.id,
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
    spec = indicator.measure_spec(rule.measure)
    given = RuleInput(
        rule, measure, sub.points, start, sub.label, where, spec.items if spec is not None else {}
    )
    try:
        outcome = kind.apply(given)
    except Exception as error:
        raise PluginError(kind.name, f"rule kind raised {type(error).__name__}: {error}") from None
    if not isinstance(outcome, Outcome):
        raise PluginError(kind.name, f"rule kind returned {type(outcome).__name__}, not Outcome")
    if outcome.not_applicable is None and not ZERO <= outcome.score <= start:
        raise PluginError(
            kind.name, f"rule kind gave {outcome.score} for {where}, outside 0 to {start}"
        )
    return outcome
