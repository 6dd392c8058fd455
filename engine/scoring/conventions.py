"""The conventions every rule shares, applied here once so that no rule kind re-implements them.

A measure with no evidence earns nothing, with a warning; a ratio of 0/0 is N/A; a ratio x/0
with x above 0 scores 0 with an error; a rule kind's own answer must be an Outcome whose score
lies between 0 and what the rule started from. Anything else a rule kind does is its plugin's
failure.
"""

from __future__ import annotations

from fractions import Fraction

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Measure, Missing, Ratio
from jixiao.engine.numbers import ZERO, plain, within
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Deduction, Outcome, RuleInput, deduction, warn
from jixiao.engine.ruleset.model import SubIndicator
from jixiao.engine.scoring.plan import Step
from jixiao.engine.text import Text


def adjust_measure(
    step: Step, measure: Measure, sub: SubIndicator, registry: Registry
) -> tuple[Measure, list[Finding]]:
    """The measure as the rule counts it (RuleKind.adjust), before the shared conventions.

    The report shows the adjusted measure, so that what it prints is what was scored.
    """
    kind = step.kind
    if isinstance(measure, Missing) or not isinstance(measure, kind.accepts):
        return measure, []  # apply_rule deals with both
    with registry.calling("rule kind", kind.name, "adjust"):
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
        raise registry.fault(
            "indicator",
            owner,
            f"measure {rule.measure!r} is a {type(measure).__name__}; rule kind {kind.name!r} "
            "needs " + " or ".join(t.__name__ for t in kind.accepts),
        )
    if isinstance(measure, Ratio) and measure.denominator == 0:
        return _zero_denominator(measure, start, where)
    given = RuleInput(rule, measure, sub.points, start, sub.label, where, step.items)
    with registry.calling("rule kind", kind.name, "apply"):
        outcome = kind.apply(given)
    if not isinstance(outcome, Outcome):
        raise registry.fault(
            "rule kind", kind.name, f"apply returned {type(outcome).__name__}, not an Outcome"
        )
    if not isinstance(outcome.score, Fraction | int):
        raise registry.fault(
            "rule kind",
            kind.name,
            f"apply gave a score of type {type(outcome.score).__name__}; use a Fraction",
        )
    if outcome.not_applicable is None and not within(outcome.score, ZERO, start):
        raise registry.fault(
            "rule kind",
            kind.name,
            f"apply gave {plain(Fraction(outcome.score))} points for {where}, "
            f"outside 0 to {plain(start)}",
        )
    return outcome


def _no_evidence(measure: Missing, start: Fraction, where: str) -> Outcome:
    lost = Deduction(
        start,
        Text(
            f"{measure.reason.zh}，无佐证，不得分", f"{measure.reason.en}: no evidence, no points"
        ),
    )
    return Outcome(
        ZERO,
        (lost,) if start else (),
        (Finding("warning", "missing_evidence", measure.reason, where),),
    )


def _zero_denominator(measure: Ratio, start: Fraction, where: str) -> Outcome:
    top, bottom = measure.numerator_label, measure.denominator_label
    if measure.numerator == 0:
        return Outcome(
            ZERO,
            not_applicable=Text(
                f"{top.zh}与{bottom.zh}均为0，不适用", f"{top.en} and {bottom.en} are both 0"
            ),
        )
    return Outcome(
        ZERO,
        (
            deduction(
                start,
                f"{bottom.zh}为0而{top.zh}大于0，不得分",
                f"{bottom.en} is 0 while {top.en} is not: no points",
            ),
        ),
        (
            warn(
                "zero_denominator",
                where,
                f"{bottom.zh}为0，{top.zh}却大于0",
                f"{bottom.en} is 0 but {top.en} is not",
                "error",
            ),
        ),
    )
