"""The ruleset's `[review]` table (复核 thresholds): read with every ruleset, so kept apart from
the review itself, which only `score review` and the Markdown report load."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

REVIEW_KEYS = ("flag_points", "flag_grade_gap", "explain_top", "flag_projects")


@frozen
class ReviewSettings:
    """The ruleset's `[review]` table; these defaults apply when the table is left out."""

    flag_points: Decimal = Decimal(5)  # flag a claim this many points above the computed total
    flag_grade_gap: bool = True  # flag a claimed grade above the computed grade
    explain_top: int = 3  # how many sub-indicators (largest points lost) explain a gap
    flag_projects: bool = True  # flag projects self-graded above the department's computed grade


def review_settings(raw: Any) -> tuple[ReviewSettings, list[tuple[str, str]]]:
    """Validate a ruleset's `[review]` table: the settings and (key, message) problems."""
    if not isinstance(raw, Mapping):
        return ReviewSettings(), [("review", "expected a table: [review] with flag_points = 5 …")]
    problems: list[tuple[str, str]] = []
    for key in raw:
        if key not in REVIEW_KEYS:
            from jixiao.engine.errors import unknown_key

            problems.append((f"review.{key}", unknown_key(key, list(REVIEW_KEYS), "[review]")))
    defaults = ReviewSettings()
    points = raw.get("flag_points", defaults.flag_points)
    if isinstance(points, bool) or not isinstance(points, int | Decimal) or not 0 <= points <= 100:
        problems.append(("review.flag_points", f"expected points from 0 to 100, found {points!r}"))
        points = defaults.flag_points
    top = raw.get("explain_top", defaults.explain_top)
    if isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= 50:
        problems.append(("review.explain_top", f"expected a whole number 0–50, found {top!r}"))
        top = defaults.explain_top
    flags = {}
    for key in ("flag_grade_gap", "flag_projects"):
        value = raw.get(key, getattr(defaults, key))
        if not isinstance(value, bool):
            problems.append((f"review.{key}", f"expected true or false, found {value!r}"))
            value = getattr(defaults, key)
        flags[key] = value
    settings = ReviewSettings(Decimal(points), flags["flag_grade_gap"], top, flags["flag_projects"])
    return settings, problems
