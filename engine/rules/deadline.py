"""Rule kind `deadline`: published within N days of approval, late, or not at all."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Publication
from jixiao.engine.rules.base import (
    Deduction,
    Outcome,
    Param,
    Problems,
    Rule,
    RuleInput,
    RuleKind,
    pts,
)
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text


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
            return [("late", ORDER)]
        if points is not None and params["on_time"] > points:
            return [("on_time", TOO_MANY(given=params["on_time"], points=points))]
        return []

    def apply(self, given: RuleInput) -> Outcome:
        publication = given.measure
        assert isinstance(publication, Publication)
        rule, label, points = given.rule, given.label, given.points
        limit = rule["within_days"]
        findings = []
        if not publication.published:
            score, why = rule["not_published"], NOT_PUBLISHED(label=label)
        elif publication.days is None:
            score, why = rule["late"], NO_DATES(label=label, limit=limit)
            findings.append(Finding("warning", "missing_evidence", DATES_MISSING, given.where))
        elif publication.days <= limit:
            score, why = rule["on_time"], ON_TIME(label=label, days=publication.days, limit=limit)
        else:
            score, why = rule["late"], LATE(label=label, days=publication.days, limit=limit)
        lost = points - score
        if not lost:
            return Outcome(score, (), tuple(findings))
        return Outcome(score, (Deduction(lost, LOST(why=why, lost=lost)),), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        days = rule["within_days"]
        on_time, late, never = (pts(rule[k]) for k in ("on_time", "late", "not_published"))
        if lang == "zh":
            return f"批复后{days}日内公开得{on_time}分，逾期公开得{late}分，未公开得{never}分"
        return f"published within {days} days of approval: {on_time}; late: {late}; never: {never}"


ORDER = Template(
    "deadline.order",
    "应满足 on_time ≥ late ≥ not_published（按时 ≥ 逾期 ≥ 未公开）",
    "expected on_time ≥ late ≥ not_published",
)
TOO_MANY = Template(
    "deadline.too_many",
    "按时公开得{given:num}分，超过该三级指标的{points:num}分；on_time 最多为{points:num}",
    "gives {given:num} points, more than the sub-indicator's {points:num}; set on_time = "
    "{points:num} at most",
)
NOT_PUBLISHED = Template("deadline.not_published", "{label}：未公开", "{label}: not published")
NO_DATES = Template(
    "deadline.no_dates",
    "{label}：已公开，但未填写批复日期或公开日期，无法认定在{limit}日内公开，按逾期计",
    "{label}: published, but without approval and publication dates it cannot be shown to be "
    "within {limit} days; scored as late",
)
DATES_MISSING = Template(
    "deadline.dates_missing", "未填写批复日期或公开日期", "approval or publication date missing"
)
ON_TIME = Template(
    "deadline.on_time",
    "{label}：批复后{days}日公开，在{limit}日内",
    "{label}: published {days} days after approval, within {limit}",
)
LATE = Template(
    "deadline.late",
    "{label}：批复后{days}日公开，超过{limit}日",
    "{label}: published {days} days after approval, over {limit}",
)
LOST = Template("deadline.lost", "{why}，扣{lost:pts}分", "{why}, {lost:pts} off")
