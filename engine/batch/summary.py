"""Small summary rows of scored departments, and the batch statistics computed from them.

A batch keeps one Summary per department (a few hundred bytes) instead of whole scorecards: the
ranking, the grade distribution, the mean and median and the CSV export all read only these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from attrs import frozen

from jixiao.engine.numbers import round_fraction
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.words.text import Text


@frozen
class DimensionScore:
    id: str
    label: Text
    weight: Decimal
    score: Decimal | None  # None when not applicable or failed


@frozen
class Summary:
    source: str
    name: str
    code: str
    year: int
    total: Decimal
    grade: Text
    grade_rank: int  # 0 is the ruleset's top band
    grades: tuple[Text, ...]  # the ruleset's bands, top first
    dimensions: tuple[DimensionScore, ...]
    complete: bool
    places: int

    def weakest(self) -> DimensionScore | None:
        """The scored dimension with the lowest share of its weight (report order breaks ties)."""
        scored = [d for d in self.dimensions if d.score is not None and d.weight > 0]
        if not scored:
            return None
        return min(scored, key=lambda d: Fraction(d.score or 0) / Fraction(d.weight))

    def grade_index(self, label: str) -> int | None:
        """Where a grade named in zh or en sits in this department's bands (0 = top)."""
        for index, grade in enumerate(self.grades):
            if label.strip() in (grade.zh, grade.en):
                return index
        return None


def summarize(card: Scorecard, grades: Sequence[Grade]) -> Summary:
    bands = tuple(grades)
    return Summary(
        source=card.source,
        name=card.department.name,
        code=card.department.code,
        year=card.department.year,
        total=card.total,
        grade=card.grade.label,
        grade_rank=bands.index(card.grade) if card.grade in bands else len(bands),
        grades=tuple(g.label for g in bands),
        dimensions=tuple(
            DimensionScore(d.id, d.label, d.weight, d.score if d.status == "scored" else None)
            for d in card.dimensions
        ),
        complete=card.complete,
        places=card.places,
    )


@frozen
class Ranked:
    rank: int
    summary: Summary


def ranking(summaries: Iterable[Summary]) -> list[Ranked]:
    """Highest total first; equal totals share a rank (1, 2, 2, 4) and are listed by file."""
    ordered = sorted(summaries, key=lambda s: (-s.total, s.source))
    ranked: list[Ranked] = []
    for position, summary in enumerate(ordered, start=1):
        if ranked and ranked[-1].summary.total == summary.total:
            ranked.append(Ranked(ranked[-1].rank, summary))
        else:
            ranked.append(Ranked(position, summary))
    return ranked


def distribution(summaries: Sequence[Summary]) -> list[tuple[Text, int]]:
    """How many departments fall in each grade band, every band listed (top first)."""
    bands: list[Text] = []
    for summary in summaries:
        for grade in summary.grades:
            if grade not in bands:
                bands.append(grade)
    return [(band, sum(1 for s in summaries if s.grade == band)) for band in bands]


def _places(summaries: Sequence[Summary]) -> int:
    return max((s.places for s in summaries), default=2)


def mean(summaries: Sequence[Summary]) -> Decimal | None:
    if not summaries:
        return None
    exact_mean = sum((Fraction(s.total) for s in summaries), Fraction(0)) / len(summaries)
    return round_fraction(exact_mean, _places(summaries))


def median(summaries: Sequence[Summary]) -> Decimal | None:
    if not summaries:
        return None
    totals = sorted(Fraction(s.total) for s in summaries)
    middle = len(totals) // 2
    value = totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2
    return round_fraction(value, _places(summaries))


def same_department(summaries: Sequence[Summary]) -> list[list[Summary]]:
    """The departments scored from more than one file (the same code and year), each group in
    file order: a file handed in twice, or two departments given one code, would otherwise be
    ranked twice and counted twice in the mean without a word."""
    groups: dict[tuple[str, int], list[Summary]] = {}
    for summary in summaries:
        groups.setdefault((summary.code.strip(), summary.year), []).append(summary)
    return [group for group in groups.values() if len(group) > 1]
