"""One CSV row per department (`--format csv`): UTF-8 with a BOM so that Excel reads Chinese.

Columns: name, code, year, one column per dimension (in ruleset order; a batch of several
rulesets gets the union, first seen first), total, grade, file. Scores are decimal strings with
the ruleset's places; a dimension that does not apply (or failed) is left empty.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO

from jixiao.engine.batch.summary import Summary
from jixiao.engine.numbers import fixed
from jixiao.engine.words.text import Text
from jixiao.report.batch_words import word

BOM = "\ufeff"


def _columns(summaries: Sequence[Summary]) -> list[tuple[str, Text]]:
    columns: list[tuple[str, Text]] = []
    for summary in summaries:
        for dim in summary.dimensions:
            if dim.id not in (known for known, _ in columns):
                columns.append((dim.id, dim.label))
    return columns


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """A department's own text, made inert: Excel runs a cell starting with = + - @ as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(summaries: Sequence[Summary], lang: str = "zh") -> Iterable[list[str]]:
    columns = _columns(summaries)
    yield [
        word("name", lang),
        word("code", lang),
        word("year", lang),
        *(label.get(lang) for _, label in columns),
        word("total", lang),
        word("grade", lang),
        word("file", lang),
    ]
    for summary in summaries:
        scores = {d.id: d.score for d in summary.dimensions}
        cells = []
        for dim_id, _ in columns:
            value = scores.get(dim_id)
            cells.append("" if value is None else fixed(value, summary.places))
        yield [
            cell(summary.name),
            cell(summary.code),
            str(summary.year),
            *cells,
            fixed(summary.total, summary.places),
            cell(summary.grade.get(lang)),
            cell(summary.source),
        ]


def write_csv(summaries: Sequence[Summary], file: IO[str], lang: str = "zh") -> None:
    """Write the BOM, the header and one row per department (in the order given)."""
    file.write(BOM)
    writer = csv.writer(file, lineterminator="\r\n")
    writer.writerows(csv_rows(summaries, lang))
