"""The review of self-evaluations (复核) as a terminal report (rich): the departments with the
largest gaps first, then for each flagged one why, and the sub-indicators that explain it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from jixiao.engine.batch.review import Review, gap_order
from jixiao.engine.numbers import fixed
from jixiao.report.batch_words import word
from jixiao.report.console import make_console
from jixiao.report.notes import Note
from jixiao.report.ranking import failed_files
from jixiao.report.table import wrapped
from jixiao.report.words import bracketed, colon, escaped
from jixiao.report.wrap import width_of, wrap

SHOWN_PROJECTS = 10


def _claim(item: Review) -> str:
    parts = []
    if item.claimed_total is not None:
        parts.append(fixed(item.claimed_total, item.places))
    if item.claimed_grade is not None:
        parts.append(escaped(item.claimed_grade))
    return " ".join(parts)


def _signed(value: object) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"


def overview(reviews: Sequence[Review], lang: str, width: int = 120) -> Table:
    """One row per department, the largest gaps first; ⚑ before the name of each one flagged.
    Every column but the name is as wide as what it holds; the name takes the rest and runs on
    to a second line rather than being cut short."""
    keys = ("name", "code", "claimed", "computed", "gap", "grade_gap")
    rows = []
    for item in sorted(reviews, key=gap_order):
        rows.append(
            (
                ("⚑ " if item.flagged else "") + escaped(item.name),
                escaped(item.code),
                _claim(item) or word("no_claims", lang),
                f"{fixed(item.total, item.places)} {escaped(item.grade.get(lang))}",
                "" if item.points_gap is None else _signed(fixed(item.points_gap, item.places)),
                "" if item.grade_gap is None else _signed(item.grade_gap),
            )
        )
    widths = [
        max([width_of(word(key, lang)), *(width_of(row[i]) for row in rows)])
        for i, key in enumerate(keys)
    ]
    room = width - sum(widths[1:]) - 3 * len(keys) - 1  # rich's padding and edges
    widths[0] = max(min(widths[0], room), 8)
    table = Table(
        title=word("review", lang),
        box=box.SIMPLE_HEAVY,
        caption=RichText(f"⚑ {word('flagged', lang)}", style="dim"),
    )
    for key, size in zip(keys, widths, strict=True):
        table.add_column(word(key, lang), justify="right" if "gap" in key else "left", width=size)
    for row in rows:
        name = RichText("\n".join(wrap(row[0], widths[0], 2)))
        if row[0].startswith("⚑"):
            name.stylize("bold red", 0, 1)
        claimed = RichText(row[2], style="" if row[2] != word("no_claims", lang) else "dim")
        table.add_row(name, row[1], claimed, *row[3:])
    return table


def details(item: Review, lang: str, width: int) -> Group:
    """Why one department is flagged, each line wrapped where a reader expects the break."""
    lines: list[RenderableType] = []

    def say(text: str, indent: int, style: str = "", lead: str = "") -> None:
        lines.append(wrapped([Note(text, style, lead)], width, indent))

    say(f"{item.name}（{item.code}）· {item.source}", 0, "bold")
    say(f"{word('reasons', lang)}{colon(lang)}", 2, "bold red")
    for reason in item.reasons:
        say(reason.get(lang), 4, lead="· ")
    if item.shortfalls:
        say(f"{word('explained_by', lang)}{colon(lang)}", 2, "bold")
        for short in item.shortfalls:
            score = f"{fixed(short.score, item.places)}/{fixed(short.points, item.places)}"
            lost = f"{word('lost', lang)} {fixed(short.lost, item.places)}"
            say(f"{short.code} {short.label.get(lang)}  {score}  {lost}", 4)
            for reason in short.reasons:
                say(reason.get(lang), 8, "dim")
    if item.projects:
        count = bracketed(f"{len(item.projects)}/{item.project_count}", lang)
        say(f"{word('projects', lang)}{count}{colon(lang)}", 2, "bold")
        for project in item.projects[:SHOWN_PROJECTS]:
            score = "" if project.self_score is None else f"{fixed(project.self_score, 2)} "
            say(f"{project.name}  {score}{project.self_grade or ''}", 4)
        if len(item.projects) > SHOWN_PROJECTS:
            say(f"… +{len(item.projects) - SHOWN_PROJECTS}", 4)
    for note in item.notes:
        say(note.get(lang), 2, "yellow", f"{word('notes', lang)}{colon(lang)}")
    lines.append(RichText(""))
    return Group(*lines)


def build_review(reviews: Sequence[Review], lang: str, width: int = 120) -> Group:
    parts: list[RenderableType] = []
    if reviews:
        parts.append(overview(reviews, lang, width))
    for item in sorted(reviews, key=gap_order):
        if item.flagged or item.notes:
            parts.append(details(item, lang, width))
    return Group(*parts)


def render_review(
    reviews: Sequence[Review],
    failures: Sequence[tuple[str, Sequence[str]]] = (),
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    console = make_console(file, width)
    console.print(build_review(reviews, lang, console.width))
    if failures:  # one line per problem, never wrapped, so that a path can be copied
        console.print(failed_files(failures, lang), soft_wrap=True)
