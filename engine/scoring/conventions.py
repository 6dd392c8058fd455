"""The conventions every rule shares, applied here once so that no rule kind re-implements them.

A measure with no evidence earns nothing, with a warning; a ratio of 0/0 is N/A; a ratio x/0
with x ≠ 0 scores 0 with an error; a rule kind's own answer must be an Outcome whose score
lies between 0 and what the rule started from. Anything else a rule kind does is its plugin's
failure.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure, Missing, Ratio
from jixiao.engine.numbers import ZERO, within
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.faults import INDICATOR, RULE_KIND
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Deduction, Outcome, RuleInput
from jixiao.engine.ruleset.model import SubIndicator
from jixiao.engine.scoring.plan import Step
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text


def labelled(measure: Measure, registry: Registry) -> Measure:
    """A Missing that names its facts only by key gets the words that name them by label."""
    if not isinstance(measure, Missing) or measure.reason is not None:
        return measure
    labels = registry.schema.labels
    names = [labels.get(path) or Text(path, path) for path in measure.fields]
    if measure.hint is None:
        reason = NOT_GIVEN(names=names)
    else:
        reason = NOT_GIVEN_HINT(names=names, hint=measure.hint)
    return attrs.evolve(measure, reason=reason)


def adjust_measure(
    step: Step, measure: Measure, sub: SubIndicator, registry: Registry
) -> tuple[Measure, list[Finding]]:
    """The measure as the rule counts it (RuleKind.adjust), before the shared conventions.

    The report shows the adjusted measure, so that what it prints is what was scored.
    """
    kind = step.kind
    if isinstance(measure, Missing) or not isinstance(measure, kind.accepts):
        return measure, []  # apply_rule deals with both
    with registry.calling(RULE_KIND, kind.name, "adjust"):
        adjusted, found = kind.adjust(step.rule, measure, sub.code)
    return adjusted, list(found)


def apply_rule(
    step: Step, measure: Measure, sub: SubIndicator, start: Fraction, registry: Registry, owner: str
) -> Outcome:
    """Apply one rule with the conventions every rule shares, then check what it returned.
    `owner` is the indicator that produced the measure, blamed when it is of the wrong type."""
    kind, rule, where = step.kind, step.rule, sub.code
    if isinstance(measure, Missing):
        return _no_evidence(measure, start, where)
    if not isinstance(measure, kind.accepts):
        needs = " | ".join(t.__name__ for t in kind.accepts)
        raise registry.fault(
            INDICATOR,
            owner,
            faults.MEASURE_WRONG_TYPE(
                measure=rule.measure, type=type(measure).__name__, kind=kind.name, needs=needs
            ),
        )
    if isinstance(measure, Ratio) and measure.denominator == 0:
        return _zero_denominator(measure, start, where, rule.zero_over_zero)
    given = RuleInput(rule, measure, sub.points, start, sub.label, where, step.items)
    with registry.calling(RULE_KIND, kind.name, "apply"):
        outcome = kind.apply(given)
    if not isinstance(outcome, Outcome):
        raise registry.fault(
            RULE_KIND, kind.name, faults.APPLY_NOT_OUTCOME(type=type(outcome).__name__)
        )
    if not isinstance(outcome.score, Fraction | int):
        raise registry.fault(
            RULE_KIND, kind.name, faults.APPLY_SCORE_TYPE(type=type(outcome.score).__name__)
        )
    if outcome.not_applicable is None and not within(outcome.score, ZERO, start):
        raise registry.fault(
            RULE_KIND,
            kind.name,
            faults.APPLY_OUT_OF_RANGE(score=Fraction(outcome.score), where=where, start=start),
        )
    if outcome.not_applicable is None and not _explained(outcome, start):
        deducted = sum((d.points for d in outcome.deductions), ZERO)
        lost = start - Fraction(outcome.score)
        raise registry.fault(
            RULE_KIND,
            kind.name,
            faults.DEDUCTIONS_DIFFER(where=where, lost=lost, deducted=deducted),
        )
    return outcome


def _explained(outcome: Outcome, start: Fraction) -> bool:
    """Whether the deductions add up to the points lost: every point lost has its reason, and
    no more. Written for the usual none or one deduction, since every rule passes here."""
    deductions = outcome.deductions
    if not deductions:
        return bool(outcome.score == start)
    if len(deductions) == 1:
        return bool(deductions[0].points + outcome.score == start)
    return bool(sum((d.points for d in deductions), outcome.score) == start)


def _no_evidence(measure: Missing, start: Fraction, where: str) -> Outcome:
    reason = measure.reason or NOT_GIVEN(names=list(measure.fields))
    lost = (Deduction(start, NO_EVIDENCE(reason=reason, lost=start)),) if start else ()
    return Outcome(ZERO, lost, (Finding("warning", "missing_evidence", reason, where),))


def _zero_denominator(measure: Ratio, start: Fraction, where: str, both_zero: str) -> Outcome:
    """x/0: an error finding, no points. 0/0: N/A, unless the row's rule says the table gives
    every point for it (`zero_over_zero = "full_points"`) or none (`"zero"`)."""
    top, bottom = measure.numerator_label, measure.denominator_label
    if measure.numerator == 0:
        if both_zero == "full_points":
            return Outcome(start)
        if both_zero == "zero":
            lost = (Deduction(start, BOTH_ZERO_NONE(top=top, bottom=bottom, lost=start)),)
            return Outcome(ZERO, lost if start else ())
        return Outcome(ZERO, not_applicable=BOTH_ZERO(top=top, bottom=bottom))
    return Outcome(
        ZERO,
        (Deduction(start, ZERO_BELOW(top=top, bottom=bottom, lost=start)),),
        (Finding("error", "zero_denominator", ZERO_DENOMINATOR(top=top, bottom=bottom), where),),
    )


NOT_GIVEN = Template("evidence.not_given", "未填写{names:list}", "not given: {names:list}")
NOT_GIVEN_HINT = Template(
    "evidence.not_given_hint", "未填写{names:list}（{hint}）", "not given: {names:list} ({hint})"
)
NO_EVIDENCE = Template(
    "evidence.none", "{reason}，无佐证，扣{lost:pts}分", "{reason}: no evidence, {lost:pts} off"
)
BOTH_ZERO = Template("ratio.both_zero", "{top}与{bottom}均为0", "{top} and {bottom} are both 0")
BOTH_ZERO_NONE = Template(
    "ratio.both_zero_none",
    "{top}与{bottom}均为0，按评价规则不得分，扣{lost:pts}分",
    "{top} and {bottom} are both 0, which the ruleset scores as none: {lost:pts} off",
)
ZERO_BELOW = Template(
    "ratio.zero_below",
    "{bottom}为0而{top}不为0，扣{lost:pts}分",
    "{bottom} is 0 while {top} is not, {lost:pts} off",
)
ZERO_DENOMINATOR = Template(
    "ratio.zero_denominator", "{bottom}为0，{top}却不为0", "{bottom} is 0 but {top} is not"
)
APPLY_TYPE = Template(
    "plugin.apply_type",
    "apply 返回的得分类型为 {type}；请用 Fraction",
    "apply gave a score of type {type}; use a Fraction",
)
