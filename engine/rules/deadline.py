"""Rule kind `deadline`: published within N days of approval, late, or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.measures.types import Publication
from jixiao.engine.rules.base import (
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    deduction,
    pts,
    warn,
)
from jixiao.engine.text import Text


class Deadline(RuleKind):
    name = "deadline"
    label = Text("时限计分", "deadline")
    accepts = (Publication,)
    params = (
        Param(
            "within_days",
            "days",
            Text("批复后多少日内", "days allowed after approval"),
            required=True,
        ),
        Param("on_time", "points", Text("按时公开得分", "points when on time"), required=True),
        Param("late", "points", Text("逾期公开得分", "points when late"), required=True),
        Param(
            "not_published",
            "points",
            Text("未公开得分", "points when not published"),
            default=Fraction(0),
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        if not params["on_time"] >= params["late"] >= params["not_published"]:
            return [("late", "expected on_time ≥ late ≥ not_published")]
        if points is not None and params["on_time"] > points:
            return [
                (
                    "on_time",
                    f"gives {pts(params['on_time'])} points, more than the "
                    f"sub-indicator's {pts(points)}; set on_time = {pts(points)} at most",
                )
            ]
        return []

    def apply(self, given: RuleInput) -> Outcome:
        publication = given.measure
        assert isinstance(publication, Publication)
        rule, label, points = given.rule, given.label, given.points
        limit = rule["within_days"]
        findings = []
        if not publication.published:
            score = rule["not_published"]
            zh, en = f"{label.zh}：未公开", f"{label.en}: not published"
        elif publication.days is None:
            score = rule["late"]
            zh = f"{label.zh}：已公开但未提供批复或公开日期，无法认定{limit}日内公开，按逾期计"
            en = (
                f"{label.en}: published, but without approval and publication dates it cannot "
                f"be shown to be within {limit} days; scored as late"
            )
            findings.append(
                warn(
                    "missing_evidence",
                    given.where,
                    "未提供批复日期或公开日期",
                    "approval or publication date missing",
                )
            )
        elif publication.days <= limit:
            score = rule["on_time"]
            zh = f"{label.zh}：批复后{publication.days}日公开，在{limit}日内"
            en = f"{label.en}: published {publication.days} days after approval, within {limit}"
        else:
            score = rule["late"]
            zh = f"{label.zh}：批复后{publication.days}日公开，超过{limit}日"
            en = f"{label.en}: published {publication.days} days after approval, over {limit}"
        lost = points - score
        if not lost:
            return Outcome(score, (), tuple(findings))
        off = pts(lost)
        return Outcome(
            score, (deduction(lost, f"{zh}，扣{off}分", f"{en}, {off} off"),), tuple(findings)
        )

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        days = rule["within_days"]
        on_time, late, never = (pts(rule[k]) for k in ("on_time", "late", "not_published"))
        if lang == "zh":
            return f"批复后{days}日内公开得{on_time}分，逾期公开得{late}分，未公开得{never}分"
        return f"published within {days} days of approval: {on_time}; late: {late}; never: {never}"
