"""Scoring one department: each indicator measures, each rule scores, aggregate sums up.

The conventions every rule shares are in engine/conventions.py; each sub-indicator is rounded
once from its exact value; aggregation (re-basing over N/A parts, the total) is
engine/aggregate.py. Pure: the same facts and plan always give the same scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping

from jixiao.engine.errors import PluginError, PluginFailure
from jixiao.engine.facts.model import Facts
from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import MEASURE_TYPES, Measure
from jixiao.engine.numbers import ZERO, clamp, round_fraction
from jixiao.engine.plugins.indicator import Computed, Indicator
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Deduction
from jixiao.engine.scoring.aggregate import dimension_result, total_score
from jixiao.engine.scoring.conventions import adjust_measure, apply_rule
from jixiao.engine.scoring.plan import RowPlan, ScoringPlan
from jixiao.engine.scoring.results import MeasureView, Scorecard, SubResult
from jixiao.engine.text import Text


def score(facts: Facts, plan: ScoringPlan, *, strict: bool = True) -> Scorecard:
    """Score one department. `strict` False: a plugin failure the ruleset does not touch is only
    a warning (docs/plugins.md, "When a plugin fails")."""
    ruleset, registry = plan.ruleset, plan.registry
    blocking, ignored = registry.split_failures(plan.used, strict)
    failures = list(blocking)
    findings: list[Finding] = [_ignored(failure) for failure in ignored]
    dimensions = []
    for part in plan.dimensions:
        try:
            measured = _measure(part.indicator, facts, registry)
        except PluginError as error:
            failures.append(error.failure)
            subs = [_failed(row, error.detail) for row in part.rows]
        else:
            findings.extend(measured.findings)
            subs = []
            for row in part.rows:
                try:
                    subs.append(score_row(row, part.indicator, measured.values, plan))
                except PluginError as error:
                    failures.append(error.failure)
                    subs.append(_failed(row, error.detail))
        dimensions.append(dimension_result(part.dimension, subs, ruleset.places, ruleset.mode))
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


def _measure(indicator: Indicator, facts: Facts, registry: Registry) -> Computed:
    with registry.calling("indicator", indicator.id, "compute"):
        returned = indicator.compute(facts)
    if isinstance(returned, Computed):
        measured = returned
    elif isinstance(returned, Mapping):
        measured = Computed(returned)
    else:
        raise registry.fault(
            "indicator",
            indicator.id,
            f"compute must return a mapping of measures, returned {type(returned).__name__}",
        )
    for key, value in measured.values.items():
        if not isinstance(value, MEASURE_TYPES):
            raise registry.fault(
                "indicator",
                indicator.id,
                f"measure {key!r} is a {type(value).__name__}, not a measure type",
            )
    if not all(isinstance(f, Finding) for f in measured.findings):
        raise registry.fault("indicator", indicator.id, "findings must be Finding objects")
    return measured


def _failed(row: RowPlan, message: str) -> SubResult:
    sub = row.sub
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        row.points,
        "failed",
        None,
        None,
        Text("插件出错", "plugin failed"),
        findings=(Finding("error", "plugin_failed", Text(message, message), sub.code),),
    )


def score_row(
    row: RowPlan, indicator: Indicator, values: Mapping[str, Measure], plan: ScoringPlan
) -> SubResult:
    """One sub-indicator: its base rule, then each deduction under `then`, from its points."""
    sub, registry = row.sub, plan.registry
    views: list[MeasureView] = []
    deductions: list[Deduction] = []
    findings: list[Finding] = []
    current = sub.points
    for index, step in enumerate(row.steps):
        if step.failure is not None:
            raise step.failure
        measure = values.get(step.rule.measure)
        if measure is None:
            raise registry.fault(
                "indicator",
                indicator.id,
                f"did not return measure {step.rule.measure!r} declared for {sub.code}",
            )
        if step.adjusts:
            measure, adjusted = adjust_measure(step, measure, sub, registry)
            findings.extend(adjusted)
        if step.spec is not None:
            views.append(MeasureView(step.rule.measure, step.spec.label, measure))
        outcome = apply_rule(step, measure, sub, current, registry, indicator.id)
        if outcome.not_applicable is None:
            current = outcome.score
            deductions.extend(outcome.deductions)
            findings.extend(outcome.findings)
        elif index == 0:
            return SubResult(
                sub.id,
                sub.code,
                sub.label,
                row.points,
                "not_applicable",
                None,
                None,
                row.words[0],
                tuple(views),
                na_reason=outcome.not_applicable,
                findings=(*findings, *outcome.findings),
            )
        # a deduction whose measure does not apply takes nothing
    exact_score = clamp(current, ZERO, sub.points)
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        row.points,
        "scored",
        round_fraction(exact_score, plan.ruleset.places, plan.ruleset.mode),
        exact_score,
        row.words[-1],
        tuple(views),
        tuple(deductions),
        None,
        tuple(findings),
    )
