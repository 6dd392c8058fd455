"""Rule kind `judgement`: an evaluator's row, scored as the share of its points the evaluator
gave, within the band of the level chosen (the measure kind `judgement` declares the bands
and refuses a share outside them when the facts are read)."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from jixiao.engine.measures.types import Judgement
from jixiao.engine.numbers import HUNDRED
from jixiao.engine.rules.base import Deduction, Outcome, Rule, RuleInput, RuleKind
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text


class JudgementRule(RuleKind):
    name = "judgement"
    label = Text("评价人判断", "evaluator's judgement")
    accepts = (Judgement,)

    def apply(self, given: RuleInput) -> Outcome:
        judged = given.measure
        assert isinstance(judged, Judgement)  # the engine checked
        score = given.points * judged.percent / HUNDRED
        lost = given.points - score
        if not lost:
            return Outcome(score)
        # the reason is the measure's, shown beside it: said once
        reason = JUDGED(label=given.label, level=judged.level, share=judged.percent, lost=lost)
        return Outcome(score, (Deduction(lost, reason),))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        bands = [label.get(lang) for label in (item_labels or {}).values()]
        listed = ("；" if lang == "zh" else "; ").join(bands)
        if lang == "zh":
            return f"评价人判断：按所评等级的得分率计分（{listed}），须写明理由"
        return f"evaluator's judgement: the level's share of the points ({listed}), with a reason"


JUDGED = Template(
    "judgement.lost",
    "{label}：评价人评为“{level}”，按得分率{share:num}%计，扣{lost:pts}分",
    "{label}: judged '{level}', {share:num}% of the points, {lost:pts} off",
)
