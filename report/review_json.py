"""JSON shapes of the batch: a file that could not be scored, and a review (复核).

Both are plain dicts with decimal strings, written one per line (JSON Lines) in a batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from jixiao.engine.batch.review import Review
from jixiao.engine.errors import Problem, say
from jixiao.engine.numbers import fixed
from jixiao.engine.words.message import Words
from jixiao.report.json_report import message_id

SCHEMA_VERSION = 1


def error_dict(
    source: str,
    problems: Sequence[Problem] = (),
    error: str = "unusable input",
    messages: Sequence[Words | str] = (),
    lang: str = "zh",
) -> dict[str, Any]:
    """A file that could not be scored: every problem with its field and line.

    `error` is "unusable input" (exit 2), "plugin failed" (3) or "internal error" (4); the last
    two carry `messages` instead of problems.
    """
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "error": error,
        "problems": [
            {
                "file": p.file,
                "field": p.field,
                "label": None if p.label is None else p.label.get(lang),
                "line": p.line,
                "cell": p.cell,
                "message": p.text(lang),
                "message_id": message_id(p.message),
            }
            for p in problems
        ],
    }
    if messages:
        document["messages"] = [say(m, lang) for m in messages]
    return document


def review_dict(item: Review, lang: str = "zh") -> dict[str, Any]:
    def _number(value: Decimal | None) -> str | None:
        return None if value is None else fixed(value, item.places)

    return {
        "schema_version": SCHEMA_VERSION,
        "source": item.source,
        "department": {"name": item.name, "code": item.code, "year": item.year},
        "claimed": {"total": _number(item.claimed_total), "grade": item.claimed_grade},
        "computed": {"total": _number(item.total), "grade": item.grade.get(lang)},
        "points_gap": _number(item.points_gap),
        "gap_basis": item.gap_basis,
        "grade_gap": item.grade_gap,
        "flagged": item.flagged,
        "reasons": [r.get(lang) for r in item.reasons],
        "explained_by": [
            {
                "code": s.code,
                "label": s.label.get(lang),
                "points": _number(s.points),
                "score": _number(s.score),
                "lost": _number(s.lost),
                "reasons": [r.get(lang) for r in s.reasons],
            }
            for s in item.shortfalls
        ],
        "projects_above_computed_grade": [
            {"name": p.name, "self_score": _number(p.self_score), "self_grade": p.self_grade}
            for p in item.projects
        ],
        "project_count": item.project_count,
        "notes": [n.get(lang) for n in item.notes],
    }
