"""Rule kinds on items: checklist (points per item present), per_missing, per_finding."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

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
    deduction,
    pts,
    warn,
)
from jixiao.engine.text import Text


def _label(key: str, labels: Mapping[str, Text] | None, lang: str) -> str:
    return labels[key].get(lang) if labels and key in labels else key


def _no_evidence(given: RuleInput, key: str) -> Any:
    item = _label(key, given.item_labels, "zh"), _label(key, given.item_labels, "en")
    return warn(
        "missing_evidence",
        given.where,
        f"未填写：{item[0]}，按无佐证处理",
        f"no answer for: {item[1]}; no evidence",
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
            return [
                (
                    "items",
                    f"items add up to {pts(total)} points; the sub-indicator has {pts(points)}: "
                    "make them equal",
                )
            ]
        return [
            (f"items.{key}", f"unknown item; the measure has: {', '.join(items)}")
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
            zh, en = _label(key, given.item_labels, "zh"), _label(key, given.item_labels, "en")
            if present is None:
                findings.append(_no_evidence(given, key))
            why_zh = "未填写，无佐证" if present is None else "不具备"
            why_en = "not answered, no evidence" if present is None else "no"
            off = pts(worth)
            deductions.append(
                deduction(worth, f"{zh}：{why_zh}，扣{off}分", f"{en}: {why_en}, {off} off")
            )
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
            ("items", f"unknown item {key!r}; the measure has: {', '.join(items)}")
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
        for key in given.rule["items"]:
            item = checklist.get(key)
            present = item.present if item else None
            if present:
                continue
            if present is None:
                findings.append(_no_evidence(given, key))
            lost = min(left, each)
            left -= lost
            zh, en = _label(key, given.item_labels, "zh"), _label(key, given.item_labels, "en")
            if lost:
                zh_why, en_why = f"扣{pts(lost)}分", f"{pts(lost)} off"
            else:  # still named, so that the department fixes every gap in one pass
                zh_why, en_why = "已扣完，不再扣分", "nothing left to deduct"
            deductions.append(deduction(lost, f"缺少：{zh}，{zh_why}", f"missing: {en}, {en_why}"))
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
        findings = given.measure
        assert isinstance(findings, FindingList)
        each: Fraction = given.rule["deduct_each"]
        left = given.start
        deductions: list[Deduction] = []
        for item in findings.items:
            lost = min(left, each)
            left -= lost
            if lost:
                off = pts(lost)
                deductions.append(deduction(lost, f"{item}，扣{off}分", f"{item}: {off} off"))
            else:
                deductions.append(
                    deduction(
                        lost, f"{item}（已扣完，不再扣分）", f"{item} (nothing left to deduct)"
                    )
                )
        return Outcome(left, tuple(deductions))

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        each = pts(rule["deduct_each"])
        if lang == "zh":
            return f"每发现1项问题扣{each}分，扣完为止"
        return f"{each} off per finding, down to 0"
