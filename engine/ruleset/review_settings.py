"""The ruleset's `[review]` table (复核 thresholds): read with every ruleset, so kept apart from
the review itself, which only `score review` and the Markdown report load."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from attrs import frozen

from jixiao.engine.errors import shown
from jixiao.engine.words.message import Template, Words

REVIEW_KEYS = ("flag_points", "flag_grade_gap", "explain_top", "flag_projects")


@frozen
class ReviewSettings:
    """The ruleset's `[review]` table; these defaults apply when the table is left out."""

    flag_points: Decimal = Decimal(5)  # flag a claim this many points above the computed total
    flag_grade_gap: bool = True  # flag a claimed grade above the computed grade
    explain_top: int = 3  # how many sub-indicators (largest points lost) explain a gap
    flag_projects: bool = True  # flag projects self-graded above the department's computed grade


NOT_A_TABLE = Template(
    "review.not_a_table",
    "应为一个表：[review]，其中如 flag_points = 5 …",
    "expected a table: [review] with flag_points = 5 …",
)
POINTS = Template(
    "review.flag_points",
    "应为0到100的分数，填写的是 {found}",
    "expected points from 0 to 100, found {found}",
)
TOP = Template(
    "review.explain_top",
    "应为0–50的整数，填写的是 {found}",
    "expected a whole number 0–50, found {found}",
)
FLAG = Template(
    "review.flag", "应为 true 或 false，填写的是 {found}", "expected true or false, found {found}"
)


def review_settings(raw: Any) -> tuple[ReviewSettings, list[tuple[str, Words]]]:
    """Validate a ruleset's `[review]` table: the settings and (key, message) problems."""
    if not isinstance(raw, Mapping):
        return ReviewSettings(), [("review", NOT_A_TABLE)]
    problems: list[tuple[str, Words]] = []
    for key in raw:
        if key not in REVIEW_KEYS:
            from jixiao.engine.errors import unknown_key

            problems.append((f"review.{key}", unknown_key(key, list(REVIEW_KEYS), "[review]")))
    defaults = ReviewSettings()
    points = raw.get("flag_points", defaults.flag_points)
    if (
        isinstance(points, bool)
        or not isinstance(points, int | Decimal)
        or (isinstance(points, Decimal) and not points.is_finite())  # nan cannot be compared
        or not 0 <= points <= 100
    ):
        problems.append(("review.flag_points", POINTS(found=shown(points))))
        points = defaults.flag_points
    top = raw.get("explain_top", defaults.explain_top)
    if isinstance(top, bool) or not isinstance(top, int) or not 0 <= top <= 50:
        problems.append(("review.explain_top", TOP(found=shown(top))))
        top = defaults.explain_top
    flags = {}
    for key in ("flag_grade_gap", "flag_projects"):
        value = raw.get(key, getattr(defaults, key))
        if not isinstance(value, bool):
            problems.append((f"review.{key}", FLAG(found=shown(value))))
            value = getattr(defaults, key)
        flags[key] = value
    settings = ReviewSettings(Decimal(points), flags["flag_grade_gap"], top, flags["flag_projects"])
    return settings, problems
