"""Rule kinds on items: checklist (points per item present), per_missing, per_finding."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from jixiao.engine.findings import Finding
from jixiao.engine.measures.types import Checklist, FindingList
from jixiao.engine.numbers import ZERO, fraction_sum
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
from jixiao.engine.words.text import Text, same


def _item(key: str, labels: Mapping[str, Text]) -> Text:
    """An item's label, or its key when the measure declares none."""
    return labels.get(key) or same(key)


def _label(key: str, labels: Mapping[str, Text] | None, lang: str) -> str:
    return _item(key, labels or {}).get(lang)


def _no_evidence(given: RuleInput, key: str) -> Finding:
    return Finding(
        "warning", "missing_evidence", NO_ANSWER(item=_item(key, given.item_labels)), given.where
    )


class ChecklistRule(RuleKind):
    """Points for each yes/no item that holds."""

    name = "checklist"
    label = Text("清单计分", "checklist")
    accepts = (Checklist,)
    params = (
        Param(
            "items",
            "points_by_name",
            Text("各项分值，如 { rules_exist = 1 }", "points per item, e.g. { rules_exist = 1 }"),
            required=True,
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        total = sum(params["items"].values(), ZERO)
        if points is not None and total != points:
            return [("items", ITEMS_NOT_POINTS(total=total, points=points))]
        return [
            (f"items.{key}", UNKNOWN_ITEM(items=list(items)))
            for key in params["items"]
            if items and key not in items
        ]

    def apply(self, given: RuleInput) -> Outcome:
        checklist = given.measure
        assert isinstance(checklist, Checklist)
        deductions: list[Deduction] = []
        findings = []
        for key, worth in given.rule["items"].items():
            item = checklist.get(key)
            present = item.present if item else None
            if present:
                continue
            label = _item(key, given.item_labels)
            if present is None:
                findings.append(_no_evidence(given, key))
                deductions.append(Deduction(worth, UNANSWERED(item=label, lost=worth)))
            else:
                deductions.append(Deduction(worth, ABSENT(item=label, lost=worth)))
        score = given.points - fraction_sum(d.points for d in deductions)
        return Outcome(max(score, ZERO), tuple(deductions), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        parts = [f"{_label(k, item_labels, lang)} {pts(v)}" for k, v in rule["items"].items()]
        if lang == "zh":
            return "具备一项得一项分：" + "，".join(parts)
        return "points for each item that holds: " + ", ".join(parts)


class PerMissing(RuleKind):
    """A deduction for each required item that is not there (e.g. disclosure contents)."""

    name = "per_missing"
    label = Text("缺项扣分", "deduction per missing item")
    accepts = (Checklist,)
    deduction = True
    params = (
        Param("items", "names", Text("必备项目", "the required items"), required=True),
        Param(
            "deduct_each",
            "points",
            Text("每缺一项扣分", "points off per missing item"),
            required=True,
        ),
    )

    def validate(
        self, params: Mapping[str, Any], points: Fraction | None, items: Mapping[str, Text]
    ) -> Problems:
        return [
            ("items", UNKNOWN_NAMED_ITEM(key=key, items=list(items)))
            for key in params["items"]
            if items and key not in items
        ]

    def apply(self, given: RuleInput) -> Outcome:
        checklist = given.measure
        assert isinstance(checklist, Checklist)
        each: Fraction = given.rule["deduct_each"]
        left = given.start
        if left == 0:  # nothing was earned (e.g. not published): no contents to judge
            return Outcome(left)
        deductions: list[Deduction] = []
        findings = []
        beyond: list[Text] = []  # missing too, with nothing left to take: named in a note
        for key in given.rule["items"]:
            item = checklist.get(key)
            present = item.present if item else None
            if present:
                continue
            if present is None:
                findings.append(_no_evidence(given, key))
            lost = min(left, each)
            left -= lost
            if lost:
                said = MISSING if present is False else NOT_ANSWERED  # absent, or not answered
                deductions.append(
                    Deduction(lost, said(item=_item(key, given.item_labels), lost=lost))
                )
            else:
                beyond.append(_item(key, given.item_labels))
        if beyond:
            findings.append(
                Finding("info", "nothing_left", ALSO_MISSING(items=beyond), given.where)
            )
        return Outcome(left, tuple(deductions), tuple(findings))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        names = [_label(k, item_labels, lang) for k in rule["items"]]
        each = pts(rule["deduct_each"])
        if lang == "zh":
            return f"每缺1项扣{each}分（{'、'.join(names)}）"
        return f"{each} off per missing item ({', '.join(names)})"


class PerFinding(RuleKind):
    """A deduction for each finding (a problem found, a violation), down to zero."""

    name = "per_finding"
    label = Text("按问题扣分", "deduction per finding")
    accepts = (FindingList,)
    deduction = True
    params = (
        Param(
            "deduct_each", "points", Text("每项问题扣分", "points off per finding"), required=True
        ),
    )

    def apply(self, given: RuleInput) -> Outcome:
        found = given.measure
        assert isinstance(found, FindingList)
        each: Fraction = given.rule["deduct_each"]
        left = given.start
        deductions: list[Deduction] = []
        beyond: list[str] = []
        for item in found.items:
            lost = min(left, each)
            left -= lost
            if lost:
                deductions.append(Deduction(lost, FOUND(item=item, lost=lost)))
            else:
                beyond.append(item)
        notes: tuple[Finding, ...] = ()
        if beyond:
            notes = (Finding("info", "nothing_left", ALSO_FOUND(items=beyond), given.where),)
        return Outcome(left, tuple(deductions), notes)

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        each = pts(rule["deduct_each"])
        if lang == "zh":
            return f"每发现1项问题扣{each}分，扣完为止"
        return f"{each} off per finding, down to 0"


NO_ANSWER = Template(
    "items.no_answer", "未填写{item:q}，按无佐证处理", "no answer for: {item}; no evidence"
)
ITEMS_NOT_POINTS = Template(
    "items.not_points",
    "各项分值合计{total:num}分，该三级指标为{points:num}分：请使二者相等",
    "items add up to {total:num} points; the sub-indicator has {points:num}: make them equal",
)
UNKNOWN_ITEM = Template(
    "items.unknown",
    "没有这一项；该度量的项目有：{items:list}",
    "unknown item; the measure has: {items:list}",
)
UNKNOWN_NAMED_ITEM = Template(
    "items.unknown_named",
    "没有项目“{key}”；该度量的项目有：{items:list}",
    "unknown item '{key}'; the measure has: {items:list}",
)
ABSENT = Template("checklist.absent", "{item}：否，扣{lost:pts}分", "{item}: no, {lost:pts} off")
UNANSWERED = Template(
    "checklist.unanswered",
    "{item}：未填写，无佐证，扣{lost:pts}分",
    "{item}: not answered, no evidence, {lost:pts} off",
)
MISSING = Template(
    "per_missing.lost", "缺少{item}，扣{lost:pts}分", "missing: {item}, {lost:pts} off"
)
NOT_ANSWERED = Template(
    "per_missing.not_answered",
    "未填写{item:q}，无佐证，扣{lost:pts}分",
    "{item} not answered: no evidence, {lost:pts} off",
)
ALSO_MISSING = Template(
    "per_missing.beyond",
    "另缺少{items:list}（本项已无分可扣）",
    "also missing: {items:list} (nothing left to deduct)",
)
FOUND = Template("per_finding.lost", "{item}，扣{lost:pts}分", "{item}: {lost:pts} off")
ALSO_FOUND = Template(
    "per_finding.beyond",
    "另发现{items:list}（本项已无分可扣）",
    "also found: {items:list} (nothing left to deduct)",
)
