"""Scoring one department: each indicator measures, each rule scores, aggregate sums up.

The conventions every rule shares are in engine/conventions.py; each sub-indicator is rounded
once from its exact value; aggregation (re-basing over N/A parts, the total) is
engine/aggregate.py. Pure: the same facts and plan always give the same scorecard.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from attrs import evolve

from jixiao.engine.errors import PluginError, PluginFailure
from jixiao.engine.facts.model import Facts
from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import MEASURE_TYPES, Measure, Quantity, Ratio, TargetList
from jixiao.engine.numbers import ZERO, clamp, round_fraction
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.faults import INDICATOR
from jixiao.engine.plugins.indicator import Computed, Indicator
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Deduction
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring import invariants
from jixiao.engine.scoring.aggregate import dimension_result, total_score
from jixiao.engine.scoring.conventions import adjust_measure, apply_rule, labelled
from jixiao.engine.scoring.plan import RowPlan, ScoringPlan
from jixiao.engine.scoring.results import DimensionResult, MeasureView, Scorecard, SubResult
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text


def score(facts: Facts, plan: ScoringPlan, *, strict: bool = True) -> Scorecard:
    """Score one department. `strict` False: a plugin failure the ruleset does not touch is only
    a warning (docs/plugins.md, "When a plugin fails")."""
    ruleset, registry = plan.ruleset, plan.registry
    blocking, ignored = registry.split_failures(plan.used, strict)
    failures = list(blocking)
    findings: list[Finding] = [*facts.notes, *(_ignored(failure) for failure in ignored)]
    measured = _Measured(facts, registry, findings)
    dimensions = []
    for part in plan.dimensions:
        subs = []
        for row in part.rows:
            try:
                subs.append(score_row(row, measured.of(row), plan))
            except PluginError as error:
                if error.failure not in failures:
                    failures.append(error.failure)
                subs.append(_failed(row, error.detail))
        dimensions.append(
            dimension_result(part.dimension, subs, ruleset.places, ruleset.mode, ruleset.levels)
        )
    findings.extend(_counted_twice(plan, dimensions))
    total = total_score(dimensions, ruleset.places, ruleset.mode, ruleset.levels.total)
    findings.extend(_claimed_grade(facts, ruleset))
    findings.extend(_project_grades(facts, ruleset))
    if facts.department.year != ruleset.year:
        other_year = OTHER_YEAR(year=facts.department.year, ruleset=ruleset.year)
        findings.append(Finding("warning", "other_year", other_year, "department.year"))
    labels = registry.schema
    findings = [
        evolve(f, label=labels.label_of(f.where)) if f.where and f.label is None else f
        for f in findings
    ]
    card = Scorecard(
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
    invariants.check(card, ruleset, registry.third_party())
    return card


def _counted_twice(plan: ScoringPlan, dimensions: list[DimensionResult]) -> list[Finding]:
    """A target picked by two rows (its category by one, a tag by the other): the ruleset
    cannot know beforehand, so it is said as an error, never scored twice in silence."""
    results = {sub.id: sub for d in dimensions for sub in d.subindicators}
    picked: dict[tuple[str, str], dict[str, str]] = {}  # (indicator, measure) -> name -> code
    found: list[Finding] = []
    for part in plan.dimensions:
        for row in part.rows:
            for step in row.steps:
                if step.kind.selects is None:
                    continue
                result = results.get(row.sub.id)
                views = [] if result is None else [v for v in result.measures]
                for view in views:
                    if view.id != step.rule.measure or not isinstance(view.measure, TargetList):
                        continue
                    seen = picked.setdefault((step.rule.indicator, step.rule.measure), {})
                    for target in view.measure.items:
                        other = seen.setdefault(target.name, row.sub.code)
                        if other != row.sub.code:
                            said = COUNTED_TWICE(name=target.name, first=other, second=row.sub.code)
                            found.append(Finding("error", "counted_twice", said, row.sub.code))
    return found


def _claimed_grade(facts: Facts, ruleset: Ruleset) -> list[Finding]:
    """A self-assessed grade that is none of the ruleset's: said now, not only in a review."""
    claimed = facts.claims.get("grade")
    grades = [grade.label for grade in ruleset.grades]
    if claimed is None or any(str(claimed).strip() in (g.zh, g.en) for g in grades):
        return []
    said = UNKNOWN_GRADE(grade=str(claimed), known=grades)
    return [Finding("warning", "unknown_grade", said, "self_evaluation.grade")]


def _project_grades(facts: Facts, ruleset: Ruleset) -> list[Finding]:
    """A project's self-assessed grade that is none of the ruleset's: without a word it would
    drop out of the review's comparison."""
    projects = facts.records("projects")
    if not projects:
        return []
    grades = [grade.label for grade in ruleset.grades]
    known = {label.zh for label in grades} | {label.en for label in grades}
    found = []
    for index, project in enumerate(projects):
        claimed = project.get("self_grade")
        if claimed is None or str(claimed).strip() in known:
            continue
        said = PROJECT_UNKNOWN_GRADE(
            name=str(project.get("name", "")), grade=str(claimed), known=grades
        )
        where = f"projects[{index}].self_grade"
        found.append(Finding("warning", "unknown_grade", said, where))
    return found


def _ignored(failure: PluginFailure) -> Finding:
    message = NOT_LOADED(who=failure.who(), message=failure.message)
    return Finding("warning", "plugin_not_loaded", message, failure.plugin)


class _Measured:
    """Each indicator's measures of one department, computed once, when a row first needs
    them: its findings are reported once, and a failure fails every row that reads it (the
    scorecard lists the failure once)."""

    def __init__(self, facts: Facts, registry: Registry, findings: list[Finding]) -> None:
        self.facts = facts
        self.registry = registry
        self.findings = findings
        self.done: dict[str, Computed | PluginError] = {}

    def of(self, row: RowPlan) -> dict[str, Mapping[str, Measure]]:
        """The measures of every indicator the row's rules read, by indicator id."""
        values: dict[str, Mapping[str, Measure]] = {}
        for step in row.steps:
            indicator = step.indicator
            got = self.done.get(indicator.id)
            if got is None:
                try:
                    got = _measure(indicator, self.facts, self.registry)
                    self.findings.extend(got.findings)
                except PluginError as error:
                    got = error
                self.done[indicator.id] = got
            if isinstance(got, PluginError):
                raise got
            values[indicator.id] = got.values
        return values


def _measure(indicator: Indicator, facts: Facts, registry: Registry) -> Computed:
    returned = registry.call_indicator(indicator, "compute", facts)
    if isinstance(returned, Computed):
        measured = returned
    elif isinstance(returned, Mapping):
        measured = Computed(returned)
    else:
        raise registry.fault(
            INDICATOR, indicator.id, faults.COMPUTE_NOT_MAPPING(type=type(returned).__name__)
        )
    for key, value in measured.values.items():
        if not isinstance(value, MEASURE_TYPES):
            raise registry.fault(
                INDICATOR, indicator.id, faults.NOT_A_MEASURE(key=key, type=type(value).__name__)
            )
        wrong = _wrongly_built(value)
        if wrong:
            raise registry.fault(INDICATOR, indicator.id, faults.MEASURE_FIELD(key=key, **wrong))
    if not all(isinstance(f, Finding) for f in measured.findings):
        raise registry.fault(INDICATOR, indicator.id, faults.FINDINGS_TYPE())
    return measured


def _wrongly_built(measure: Measure) -> dict[str, str] | None:
    """The field of a Ratio or Quantity that holds what it may not (a float, a str for a Text),
    which would otherwise fail only when a report shows it."""
    numbers: dict[str, object]  # what the plugin passed, whatever its annotations say
    texts: dict[str, object]
    if isinstance(measure, Ratio):
        numbers = {"numerator": measure.numerator, "denominator": measure.denominator}
        texts = {
            "numerator_label": measure.numerator_label,
            "denominator_label": measure.denominator_label,
        }
    elif isinstance(measure, Quantity):
        numbers, texts = {"value": measure.value}, {"unit": measure.unit}
    else:
        return None
    for name, number in numbers.items():
        if isinstance(number, bool) or not isinstance(number, Fraction | int):
            return {"field": name, "type": type(number).__name__, "needs": "Fraction"}
    for name, text in texts.items():
        if not isinstance(text, Text):
            return {"field": name, "type": type(text).__name__, "needs": "Text(zh, en)"}
    return None


def _failed(row: RowPlan, message: Words | str) -> SubResult:
    sub = row.sub
    return SubResult(
        sub.id,
        sub.code,
        sub.label,
        row.points,
        "failed",
        None,
        None,
        PLUGIN_FAILED,
        findings=(Finding("error", "plugin_failed", FAILED(message=message), sub.code),),
    )


def score_row(
    row: RowPlan, measured: Mapping[str, Mapping[str, Measure]], plan: ScoringPlan
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
        indicator = step.indicator
        measure = measured[indicator.id].get(step.rule.measure)
        if measure is None:
            absent = faults.MEASURE_NOT_RETURNED(measure=step.rule.measure, where=sub.code)
            raise registry.fault(INDICATOR, indicator.id, absent)
        measure = labelled(measure, registry)
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


UNKNOWN_GRADE = Template(
    "scoring.unknown_grade",
    "自评等级{grade:q}不是评价规则中的等级；请写{known:list}之一",
    "the self-assessed grade {grade:q} is not a grade of the ruleset; write one of {known:list}",
)
PROJECT_UNKNOWN_GRADE = Template(
    "scoring.project_unknown_grade",
    "项目{name:q}的自评等级{grade:q}不是评价规则中的等级，复核时无法比较；请写{known:list}之一",
    "project {name:q}: the self-assessed grade {grade:q} is not a grade of the ruleset, and "
    "cannot be compared in a review; write one of {known:list}",
)
COUNTED_TWICE = Template(
    "scoring.counted_twice",
    "目标{name:q}同时被{first}和{second}计分（一行按类别、一行按标签选中了它）；请修改该目标的"
    "类别或标签，使它只属于一行",
    "target {name:q} is scored by both {first} and {second} (one picks it by its category, the "
    "other by a tag): change its category or tags so that one row picks it",
)
OTHER_YEAR = Template(
    "scoring.other_year",
    "本部门填报的是{year}年度，所用评价规则是{ruleset}年度的；请确认评价规则是否选对",
    "the department reports on {year}, but the ruleset is for {ruleset}; check that it is the "
    "right ruleset",
)
NOT_LOADED = Template(
    "plugin.not_loaded",
    "插件 {who} 未能加载，本评价规则未用到它：{message}",
    "plugin {who} failed to load; this ruleset does not use it: {message}",
)
PLUGIN_FAILED = Text("插件出错", "plugin failed")
FAILED = Template("plugin.row_failed", "{message}", "{message}")
