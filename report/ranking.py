"""The batch summary (rich): the ranking, the grade distribution as bars, mean and median, and
the files that could not be scored. Reads only summary rows, never whole scorecards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text as RichText

from jixiao.engine.batch.summary import Summary, distribution, mean, median, ranking
from jixiao.engine.numbers import fixed
from jixiao.report.batch_words import word
from jixiao.report.console import make_console
from jixiao.report.words import bracketed, colon, escaped

BAR_WIDTH = 40
GRADE_STYLE = ("bold green", "bold cyan", "bold yellow", "bold red")


def _style(rank: int) -> str:
    return GRADE_STYLE[rank] if rank < len(GRADE_STYLE) else ""


def weakest_text(summary: Summary, lang: str) -> str:
    weakest = summary.weakest()
    if weakest is None or weakest.score is None:
        return ""
    places = summary.places
    label = escaped(weakest.label.get(lang))
    return f"{label} {fixed(weakest.score, places)}/{fixed(weakest.weight, places)}"


def ranking_table(summaries: Sequence[Summary], lang: str) -> Table:
    table = Table(title=word("ranking", lang), box=box.SIMPLE_HEAVY)
    table.add_column(word("rank", lang), justify="right")
    table.add_column(word("name", lang), overflow="fold", min_width=20)  # never cut short
    table.add_column(word("code", lang), no_wrap=True)
    table.add_column(word("total", lang), justify="right")
    table.add_column(word("grade", lang))
    table.add_column(word("weakest", lang))
    for ranked in ranking(summaries):
        row = ranked.summary
        total = fixed(row.total, row.places) + ("" if row.complete else " *")
        table.add_row(
            str(ranked.rank),
            escaped(row.name),
            escaped(row.code),
            total,
            RichText(escaped(row.grade.get(lang)), style=_style(row.grade_rank)),
            weakest_text(row, lang),
        )
    if any(not row.complete for row in summaries):
        table.caption = f"* {word('incomplete', lang)}"
    return table


def distribution_bars(summaries: Sequence[Summary], lang: str) -> RichText:
    counts = distribution(summaries)
    most = max((count for _, count in counts), default=0)
    labels = [escaped(label.get(lang)) for label, _ in counts]
    label_width = max((len(label) for label in labels), default=0)
    text = RichText(f"{word('distribution', lang)}\n", style="bold")
    for rank, (label, (_, count)) in enumerate(zip(labels, counts, strict=True)):
        length = round(BAR_WIDTH * count / most) if most else 0
        text.append(f"  {label:<{label_width}}  ")
        text.append("█" * length, style=_style(rank))
        text.append(f" {count}\n")
    text.rstrip()
    return text


def build_summary(summaries: Sequence[Summary], failed: int, lang: str) -> Group:
    parts: list[RenderableType] = []
    if summaries:
        parts += [ranking_table(summaries, lang), distribution_bars(summaries, lang)]
        average, middle = mean(summaries), median(summaries)
        places = max(s.places for s in summaries)
        stats = RichText()
        said = colon(lang)
        stats.append(f"{word('mean', lang)}{said}", style="bold")
        stats.append(fixed(average, places) if average is not None else "")
        stats.append(f"    {word('median', lang)}{said}", style="bold")
        stats.append(fixed(middle, places) if middle is not None else "")
        stats.append(f"    {word('scored', lang)}{said}{len(summaries)}")
        stats.append(f"    {word('failed', lang)}{said}{failed}")
        parts.append(stats)
    return Group(*parts)


def failed_files(failures: Sequence[tuple[str, Sequence[str]]], lang: str) -> RichText:
    heading = word("failed_files", lang) + bracketed(str(len(failures)), lang)
    failed = RichText(heading + "\n", style="bold red")
    for source, reasons in failures:  # a file's name may hold a line break: `error: …`
        failed.append(f"  {escaped(source)}\n", style="red")
        for reason in reasons:
            failed.append(f"    {escaped(reason)}\n")
    failed.rstrip()
    return failed


def render_summary(
    summaries: Sequence[Summary],
    failures: Sequence[tuple[str, Sequence[str]]],
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    console = make_console(file, width)
    console.print(build_summary(summaries, len(failures), lang))
    if failures:  # one line per problem, never wrapped, so that a path can be copied
        console.print(failed_files(failures, lang), soft_wrap=True)
