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
from jixiao.report.ranking import failed_files
from jixiao.report.words import bracketed, colon

SHOWN_PROJECTS = 10


def _claim(item: Review) -> str:
    parts = []
    if item.claimed_total is not None:
        parts.append(fixed(item.claimed_total, item.places))
    if item.claimed_grade is not None:
        parts.append(item.claimed_grade)
    return " ".join(parts)


def _signed(value: object) -> str:
    text = str(value)
    return text if text.startswith("-") else f"+{text}"


def overview(reviews: Sequence[Review], lang: str) -> Table:
    table = Table(title=word("review", lang), box=box.SIMPLE_HEAVY)
    for key in ("name", "code", "claimed", "computed", "gap", "grade_gap", "flagged"):
        table.add_column(word(key, lang), justify="right" if "gap" in key else "left")
    for item in sorted(reviews, key=gap_order):
        table.add_row(
            item.name,
            item.code,
            _claim(item) or RichText(word("no_claims", lang), style="dim"),
            f"{fixed(item.total, item.places)} {item.grade.get(lang)}",
            "" if item.points_gap is None else _signed(fixed(item.points_gap, item.places)),
            "" if item.grade_gap is None else _signed(item.grade_gap),
            RichText("⚑", style="bold red") if item.flagged else "",
        )
    return table


def details(item: Review, lang: str) -> RichText:
    text = RichText(f"{item.name}（{item.code}）· {item.source}\n", style="bold")
    text.append(f"  {word('reasons', lang)}{colon(lang)}\n", style="bold red")
    for reason in item.reasons:
        text.append(f"    · {reason.get(lang)}\n")
    if item.shortfalls:
        text.append(f"  {word('explained_by', lang)}{colon(lang)}\n", style="bold")
        for short in item.shortfalls:
            text.append(
                f"    {short.code} {short.label.get(lang)}  "
                f"{fixed(short.score, item.places)}/{fixed(short.points, item.places)}  "
                f"{word('lost', lang)} {fixed(short.lost, item.places)}\n"
            )
            for reason in short.reasons:
                text.append(f"        {reason.get(lang)}\n", style="dim")
    if item.projects:
        text.append(
            f"  {word('projects', lang)}"
            f"{bracketed(f'{len(item.projects)}/{item.project_count}', lang)}{colon(lang)}\n",
            style="bold",
        )
        for project in item.projects[:SHOWN_PROJECTS]:
            score = "" if project.self_score is None else f"{project.self_score.normalize():f} "
            text.append(f"    {project.name}  {score}{project.self_grade or ''}\n")
        if len(item.projects) > SHOWN_PROJECTS:
            text.append(f"    … +{len(item.projects) - SHOWN_PROJECTS}\n")
    for note in item.notes:
        text.append(f"  {word('notes', lang)}{colon(lang)}{note.get(lang)}\n", style="yellow")
    text.rstrip()
    return text


def build_review(reviews: Sequence[Review], lang: str) -> Group:
    parts: list[RenderableType] = []
    if reviews:
        parts.append(overview(reviews, lang))
    for item in sorted(reviews, key=gap_order):
        if item.flagged or item.notes:
            parts.append(details(item, lang))
    return Group(*parts)


def render_review(
    reviews: Sequence[Review],
    failures: Sequence[tuple[str, Sequence[str]]] = (),
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    console = make_console(file, width)
    console.print(build_review(reviews, lang))
    if failures:  # one line per problem, never wrapped, so that a path can be copied
        console.print(failed_files(failures, lang), soft_wrap=True)
