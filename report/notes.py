"""What the reports say under a sub-indicator, one line each: the rule (on request), each
measure, why it is not applicable, and each deduction with its points. The terminal table, the
Markdown report and the Word document say the same lines."""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

from jixiao.engine.findings import Finding
from jixiao.engine.numbers import fixed
from jixiao.engine.scoring.results import SubResult
from jixiao.engine.words.text import Text
from jixiao.report.words import colon, word


@frozen
class Note:
    """One note of a sub-indicator: a line of text, its style, and a lead (the deduction's
    points) that the lines after the first are indented past."""

    text: str
    style: str = ""
    lead: str = ""
    lead_style: str = ""

    @property
    def line(self) -> str:
        return self.lead + self.text


def notes_of(sub: SubResult, lang: str, show_rules: bool, places: int) -> list[Note]:
    said = colon(lang)
    notes = []
    if show_rules:
        notes.append(Note(f"{word('rule', lang)}{said}{sub.rule.get(lang)}", "cyan"))
    for view in sub.measures:
        notes.append(Note(f"{view.label.get(lang)}{said}{view.text.get(lang)}", "dim"))
    if sub.status == "not_applicable" and sub.na_reason is not None:
        notes.append(Note(f"{word('na', lang)}{said}{sub.na_reason.get(lang)}", "italic"))
    shown = Decimal(0)
    for deduction in sub.deductions:
        points = fixed(deduction.points, places)
        shown += Decimal(points)
        notes.append(Note(deduction.reason.get(lang), "", f"−{points}｜", "red"))
    if sub.score is not None and sub.deductions and shown != sub.points - sub.score:
        # 1.125 and 0.30 are shown as 1.13 and 0.30, the score is rounded once from 13.575
        notes.append(Note(ROUNDED.get(lang), "dim"))
    return notes


ROUNDED = Text(
    "（各项扣分按两位小数显示，合计以得分为准）",
    "(each deduction is shown to two decimals; the score is exact)",
)


def urgency(finding: Finding) -> int:
    """The order findings are listed in: what needs the reader most first: errors, then warnings
    other than an answer left out, then each answer left out, then the notes."""
    if finding.level == "error":
        return 0
    if finding.level == "warning":
        return 2 if finding.code == "missing_evidence" else 1
    return 3


def finding_place(finding: Finding, codes: dict[str, str], lang: str) -> str:
    """Where a finding is: a sub-indicator (`2.1 部门预算公开`), or a facts field by its
    label and key (`调整后预算数（budget.adjusted）`)."""
    where = finding.where
    if where in codes:
        return f"{where} {codes[where]}"
    if finding.label is not None and where:
        label = finding.label.get(lang)
        return f"{label} ({where})" if lang == "en" else f"{label}（{where}）"
    return where
