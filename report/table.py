"""The terminal breakdown (`--format table`, the default), drawn with rich.

Two layouts of the same lines. At 100 columns and wider, a table of four columns: indicator,
points, score, and the deductions and notes beside them. Narrower, the notes of each
sub-indicator go under it, across the whole width, so that an 80-column terminal reads as well
as a wide one. Every note is wrapped here (report/wrap.py), never by rich, which would split a
number from its unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from rich import box
from rich.console import Group, RenderableType
from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.table import Table
from rich.text import Text as RichText

from jixiao.engine.errors import say
from jixiao.engine.numbers import fixed
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.report.console import make_console
from jixiao.report.notes import Note, finding_place, notes_of, urgency
from jixiao.report.words import colon, escaped, rebased_note, word
from jixiao.report.wrap import width_of, wrap

LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}
WIDE = 100  # from this many columns, the notes go in a column of their own
NOTE_INDENT = 6  # the narrow layout's notes, under the sub-indicator's code
NUMBER_WIDTH = 8  # the points and score columns of the narrow layout
TABLE_OVERHEAD = 13  # rich's SIMPLE_HEAVY table of four columns: padding and edges


def wrapped(notes: list[Note], width: int, indent: int = 0) -> RichText:
    """Notes wrapped to `width`, each line after the first indented past its lead. A note
    repeats names and values from the files: escaped, so that none drives the terminal."""
    text = RichText()
    for note in notes:
        lines = wrap(note.lead + escaped(note.text), width - indent, width_of(note.lead))
        for number, line in enumerate(lines):
            text.append(" " * indent)
            if number == 0 and note.lead:
                text.append(note.lead, style=note.lead_style)
                line = line[len(note.lead) :]
            text.append(line + "\n", style=note.style)
    text.rstrip()
    return text


def _sub_score(sub: SubResult, lang: str, places: int) -> RichText:
    if sub.status == "not_applicable":
        return RichText(word("na", lang), style="italic dim")
    if sub.status == "failed" or sub.score is None:
        return RichText(word("failed", lang), style="bold red")
    style = "green" if sub.score == sub.points else ""
    return RichText(fixed(sub.score, places), style=style)


def _dimension_score(dim: DimensionResult | GroupResult, lang: str, places: int) -> RichText:
    if dim.status == "scored" and dim.score is not None:
        return RichText(fixed(dim.score, places), style="bold")
    return RichText(
        word("na" if dim.status == "not_applicable" else "failed", lang), style="bold italic"
    )


def _dimension_note(dim: DimensionResult | GroupResult, lang: str, places: int = 2) -> str:
    if dim.na_reason is not None:
        return escaped(dim.na_reason.get(lang))
    return rebased_note(dim, places, lang)


def _style(name: str) -> str:
    """The ruleset's style for the grade, or plain bold when rich cannot read it."""
    try:
        Style.parse(name)
    except StyleSyntaxError:
        return "bold"
    return name or "bold"


def _title(card: Scorecard, lang: str) -> str:
    dept = card.department
    name, code = escaped(dept.name), escaped(dept.code)
    if lang == "en":
        return f"{word('title', lang)} · {name} ({code}) · {dept.year}"
    return f"{word('title', lang)} · {name}（{code}）· {dept.year}年度"


def _caption(card: Scorecard, lang: str) -> str:
    title, digest = escaped(card.ruleset.title.get(lang)), card.ruleset.sha256[:12]
    if lang == "en":
        return f"{word('ruleset', lang)}: {title} (sha256 {digest})"
    return f"{word('ruleset', lang)}：{title}（校验码 {digest}）"


def centred(text: str, width: int) -> str:
    """A title wrapped here, where a reader expects the breaks; rich centres its lines."""
    return "\n".join(wrap(text, width - 2))


def _sub_label(sub: SubResult, lang: str, depth: int = 1) -> str:
    return escaped(f"{'  ' * depth}{sub.code} {sub.label.get(lang)}")


def _dimension_label(dim: DimensionResult | GroupResult, lang: str) -> str:
    indent = "  " if isinstance(dim, GroupResult) else ""
    return escaped(indent + dim.label.get(lang))


Line = tuple[DimensionResult | GroupResult, None] | tuple[SubResult, int]


def _lines(dim: DimensionResult) -> Iterator[Line]:
    """A dimension's lines in the breakdown: itself, then each of its rows, or each 二级 group
    with its subtotal and then its rows (the row's depth beside it)."""
    yield dim, None
    if not dim.groups:
        for sub in dim.subindicators:
            yield sub, 1
        return
    for group in dim.groups:
        yield group, None
        for sub in group.subindicators:
            yield sub, 2


def wide_table(card: Scorecard, lang: str, show_rules: bool, width: int) -> Table:
    places = card.places
    labels = [word("indicator", lang)]
    for dim in card.dimensions:
        for part, depth in _lines(dim):
            if isinstance(part, SubResult):
                labels.append(_sub_label(part, lang, depth or 1))
            else:
                labels.append(_dimension_label(part, lang))
    label_width = max(width_of(label) for label in labels)
    number_width = max(width_of(word("points", lang)), width_of(word("na", lang)), 6)
    notes_width = width - label_width - 2 * number_width - TABLE_OVERHEAD
    # Names come from the user's files: RichText shows them as written, never as markup
    # (a department called "[/]" must not break the table), and escaped() their controls.
    table = Table(
        title=RichText(centred(_title(card, lang), width)),
        box=box.SIMPLE_HEAVY,
        caption=RichText(centred(_caption(card, lang), width)),
    )
    table.add_column(word("indicator", lang), no_wrap=True, width=label_width)
    table.add_column(word("points", lang), justify="right", width=number_width)
    table.add_column(word("score", lang), justify="right", width=number_width)
    table.add_column(word("details", lang), no_wrap=True, width=notes_width)
    for dim in card.dimensions:
        for part, depth in _lines(dim):
            if isinstance(part, SubResult):
                table.add_row(
                    RichText(_sub_label(part, lang, depth or 1)),
                    fixed(part.points, places),
                    _sub_score(part, lang, places),
                    wrapped(notes_of(part, lang, show_rules, places), notes_width),
                )
                continue
            table.add_row(
                RichText(_dimension_label(part, lang), style="bold"),
                fixed(_worth(part), places),
                _dimension_score(part, lang, places),
                RichText(_dimension_note(part, lang, places), style="italic dim"),
            )
        table.add_section()
    return table


def narrow_lines(card: Scorecard, lang: str, show_rules: bool, width: int) -> Iterator[RichText]:
    """The breakdown for a narrow terminal: each sub-indicator's points and score on its own
    line, its notes under it across the width."""
    places = card.places
    label_width = width - 2 * NUMBER_WIDTH

    def row(label: RichText, points: str, score: RichText) -> RichText:
        line = label.copy()
        line.truncate(label_width, pad=True)
        line.append(" " * max(0, NUMBER_WIDTH - width_of(points)) + points)
        line.append(" " * max(0, NUMBER_WIDTH - width_of(score.plain)))
        line.append_text(score)
        return line

    yield RichText(centred(_title(card, lang), width), justify="center")
    yield row(
        RichText(word("indicator", lang)), word("points", lang), RichText(word("score", lang))
    )
    yield RichText("━" * width)
    for dim in card.dimensions:
        for part, depth in _lines(dim):
            if isinstance(part, SubResult):
                yield row(
                    RichText(_sub_label(part, lang, depth or 1)),
                    fixed(part.points, places),
                    _sub_score(part, lang, places),
                )
                notes = notes_of(part, lang, show_rules, places)
                if notes:
                    yield wrapped(notes, width, NOTE_INDENT)
                continue
            label = RichText(_dimension_label(part, lang), style="bold")
            yield row(label, fixed(_worth(part), places), _dimension_score(part, lang, places))
            note = _dimension_note(part, lang, places)
            if note:
                yield wrapped([Note(note, "italic dim")], width, NOTE_INDENT - 4)
        yield RichText("")
    yield RichText(centred(_caption(card, lang), width), justify="center", style="dim")


def _worth(part: DimensionResult | GroupResult) -> Decimal:
    return part.weight if isinstance(part, DimensionResult) else part.points


def findings_text(card: Scorecard, lang: str, width: int) -> RichText | None:
    # what needs the reader most first: errors, then warnings other than an answer left out
    # (a placeholder name, an amount in 元), then each answer left out, then the notes
    found = sorted(card.all_findings(), key=urgency)
    if not found:
        return None
    labels = {sub.code: sub.label.get(lang) for dim in card.dimensions for sub in dim.subindicators}
    notes = []
    for finding in found:
        place = finding_place(finding, labels, lang)
        lead = f"{word(finding.level, lang)}{colon(lang)}"
        text = (
            f"{place}{colon(lang)}{finding.message.get(lang)}"
            if place
            else finding.message.get(lang)
        )
        notes.append(Note(text, LEVEL_STYLE[finding.level], lead, "bold"))
    return wrapped(notes, width)


def _failures(card: Scorecard, lang: str) -> RichText:
    failure = RichText(word("incomplete", lang) + "\n", style="bold white on red")
    for item in card.plugin_failures:
        line = escaped(f"{item.who()}{colon(lang)}{say(item.message, lang)}")
        failure.append(f"  {line}\n", style="red")
    failure.rstrip()
    return failure


def build(card: Scorecard, lang: str = "zh", show_rules: bool = False, width: int = 120) -> Group:
    """The breakdown, then the findings, any plugin failure, and the total and grade."""
    parts: list[RenderableType] = []
    if width >= WIDE:
        parts.append(wide_table(card, lang, show_rules, width))
    else:
        parts.extend(narrow_lines(card, lang, show_rules, width))
    findings = findings_text(card, lang, width)  # warnings are listed once, under the table
    if findings is not None:
        parts.append(findings)
    if not card.complete:
        parts.append(_failures(card, lang))
    grade_style = _style(card.grade.style)
    summary = RichText()
    summary.append(f"{word('total', lang)}{colon(lang)}", style="bold")
    summary.append(fixed(card.total, card.places), style=grade_style)
    summary.append(f"    {word('grade', lang)}{colon(lang)}", style="bold")
    summary.append(escaped(card.grade.label.get(lang)), style=grade_style)
    parts.append(summary)
    return Group(*parts)


def render_table(
    card: Scorecard,
    lang: str = "zh",
    file: IO[str] | None = None,
    show_rules: bool = False,
    width: int | None = None,
) -> None:
    console = make_console(file, width)
    console.print(build(card, lang, show_rules, console.width))
