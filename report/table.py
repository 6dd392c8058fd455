"""The terminal breakdown (`--format table`, the default): the only place that imports rich."""

from __future__ import annotations

from typing import IO

from rich import box
from rich.console import Group
from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.table import Table
from rich.text import Text as RichText

from jixiao.engine.numbers import fixed, plain
from jixiao.engine.scoring.results import DimensionResult, Scorecard, SubResult
from jixiao.report.console import make_console
from jixiao.report.words import word

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _details(sub: SubResult, lang: str) -> RichText:
    text = RichText()
    for view in sub.measures:
        text.append(f"{view.label.get(lang)}: {view.text.get(lang)}\n", style="dim")
    if sub.status == "not_applicable" and sub.na_reason is not None:
        text.append(f"{word('na', lang)}: {sub.na_reason.get(lang)}\n", style="italic")
    for deduction in sub.deductions:
        # no space after the points: a Chinese reason has no break of its own, and rich would
        # otherwise move the whole reason onto the next line, away from its points
        text.append(f"−{plain(deduction.points)}｜", style="red" if deduction.points else "dim")
        text.append(f"{deduction.reason.get(lang)}\n")
    text.rstrip()
    return text


def _place(where: str, labels: dict[str, str]) -> str:
    """A finding's place: a sub-indicator code with its label, or a facts field as it is."""
    return f"{where} {labels[where]}" if where in labels else where


def _sub_score(sub: SubResult, lang: str, places: int) -> RichText:
    if sub.status == "not_applicable":
        return RichText(word("na", lang), style="italic dim")
    if sub.status == "failed" or sub.score is None:
        return RichText(word("failed", lang), style="bold red")
    style = "green" if sub.score == sub.points else ""
    return RichText(fixed(sub.score, places), style=style)


def _style(name: str) -> str:
    """The ruleset's style for the grade, or plain bold when rich cannot read it."""
    try:
        Style.parse(name)
    except StyleSyntaxError:
        return "bold"
    return name or "bold"


def build(card: Scorecard, lang: str = "zh", show_rules: bool = False) -> Group:
    """The breakdown table, then the findings, any plugin failure, and the total and grade."""
    parts: list[Table | RichText] = [_table(card, lang, show_rules)]
    findings = _findings(card, lang)  # warnings are listed once, under the table
    if findings is not None:
        parts.append(findings)
    if not card.complete:
        parts.append(_failures(card, lang))
    grade_style = _style(card.grade.style)
    summary = RichText()
    summary.append(f"{word('total', lang)}: ", style="bold")
    summary.append(fixed(card.total, card.places), style=grade_style)
    summary.append(f"    {word('grade', lang)}: ", style="bold")
    summary.append(card.grade.label.get(lang), style=grade_style)
    parts.append(summary)
    return Group(*parts)


def _table(card: Scorecard, lang: str, show_rules: bool) -> Table:
    places = card.places
    dept = card.department
    title = (
        f"{word('title', lang)} · {dept.name}（{dept.code}）· {dept.year}"
        if lang == "zh"
        else f"{word('title', lang)} · {dept.name} ({dept.code}) · {dept.year}"
    )
    # Names come from the user's files: RichText shows them as written, never as markup
    # (a department called "[/]" must not break the table).
    table = Table(
        title=RichText(title),
        box=box.SIMPLE_HEAVY,
        show_lines=False,
        expand=False,
        caption=RichText(
            f"{word('ruleset', lang)}: {card.ruleset.title.get(lang)} "
            f"(sha256 {card.ruleset.sha256[:12]})"
        ),
    )
    table.add_column(word("indicator", lang), no_wrap=True)
    table.add_column(word("points", lang), justify="right")
    table.add_column(word("score", lang), justify="right")
    table.add_column(word("details", lang), overflow="fold")
    for dim in card.dimensions:
        table.add_row(*_dimension_row(dim, lang, places), end_section=False)
        for sub in dim.subindicators:
            details = _details(sub, lang)
            if show_rules:
                details = (
                    RichText(f"{word('rule', lang)}: {sub.rule.get(lang)}\n", style="cyan")
                    + details
                )
            table.add_row(
                RichText(f"  {sub.code} {sub.label.get(lang)}"),
                fixed(sub.points, places),
                _sub_score(sub, lang, places),
                details,
            )
        table.add_section()
    return table


def _dimension_row(dim: DimensionResult, lang: str, places: int) -> tuple[RichText | str, ...]:
    if dim.status == "scored" and dim.score is not None:
        score = RichText(fixed(dim.score, places), style="bold")
    else:
        score = RichText(
            word("na" if dim.status == "not_applicable" else "failed", lang),
            style="bold italic",
        )
    note = RichText(word("rebased", lang), style="italic dim") if dim.rebased else RichText()
    if dim.na_reason is not None:
        note = RichText(dim.na_reason.get(lang), style="italic dim")
    return (RichText(dim.label.get(lang), style="bold"), fixed(dim.weight, places), score, note)


def _findings(card: Scorecard, lang: str) -> RichText | None:
    found = card.all_findings()
    if not found:
        return None
    labels = {sub.code: sub.label.get(lang) for dim in card.dimensions for sub in dim.subindicators}
    notes = RichText()
    for finding in found:
        notes.append(
            f"{word(finding.level, lang)}: {finding.message.get(lang)}"
            f"{'  [' + _place(finding.where, labels) + ']' if finding.where else ''}\n",
            style=LEVEL_STYLE[finding.level],
        )
    notes.rstrip()
    return notes


def _failures(card: Scorecard, lang: str) -> RichText:
    failure = RichText(word("incomplete", lang) + "\n", style="bold white on red")
    for item in card.plugin_failures:
        failure.append(
            f"  {item.plugin}"
            f"{' (' + item.distribution + ')' if item.distribution else ''}: "
            f"{item.message}\n",
            style="red",
        )
    failure.rstrip()
    return failure


def render_table(
    card: Scorecard,
    lang: str = "zh",
    file: IO[str] | None = None,
    show_rules: bool = False,
    width: int | None = None,
) -> None:
    console = make_console(file, width)
    console.print(build(card, lang, show_rules))
