"""Review of self-evaluations (复核): the department's claims against the computed result.

A facts file may carry `[self_evaluation] total, grade` and its projects' `self_score` /
`self_grade`. The review measures how far the claims are above what the facts support, names
the sub-indicators that lost the most points, and flags the department when a gap reaches the
thresholds of the ruleset's optional `[review]` table. Pure: reads and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from attrs import frozen

from jixiao.engine.facts.model import Facts
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.ruleset.review_settings import REVIEW_KEYS, ReviewSettings, review_settings
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.text import Text

if TYPE_CHECKING:
    from jixiao.engine.ruleset.model import Ruleset

GapBasis = Literal["total", "grade", "none"]
# the [review] settings live in review_settings (read with every ruleset); named here as before
__all__ = [
    "REVIEW_KEYS",
    "GapBasis",
    "ProjectClaim",
    "Review",
    "ReviewSettings",
    "Shortfall",
    "gap_order",
    "project_claims",
    "review",
    "review_settings",
    "shortfalls",
]


@frozen
class Shortfall:
    """A sub-indicator that lost points, with the reasons it lost them."""

    code: str
    label: Text
    points: Decimal
    score: Decimal
    lost: Decimal
    reasons: tuple[Text, ...]


@frozen
class ProjectClaim:
    name: str
    self_score: Decimal | None
    self_grade: str | None


@frozen
class Review:
    source: str
    name: str
    code: str
    year: int
    claimed_total: Decimal | None
    claimed_grade: str | None
    total: Decimal
    grade: Text
    points_gap: Decimal | None  # claim − computed; > 0 means claimed above what the facts support
    gap_basis: GapBasis  # "grade" when only a grade was claimed: the gap to that band
    grade_gap: int | None  # bands between the claimed and computed grade; > 0 claimed higher
    shortfalls: tuple[Shortfall, ...]
    projects: tuple[ProjectClaim, ...]  # self-graded above the computed grade (flag_projects)
    project_count: int
    reasons: tuple[Text, ...]  # why the department is flagged; empty when it is not
    notes: tuple[Text, ...] = ()
    places: int = 2  # decimal places of the scores, from the ruleset's rounding

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


def _band(label: str, grades: tuple[Grade, ...]) -> int | None:
    wanted = label.strip()
    for rank, grade in enumerate(grades):
        if wanted in (grade.label.zh, grade.label.en):
            return rank
    return None


def _rank_of(grade: Grade, grades: tuple[Grade, ...]) -> int:
    return grades.index(grade)


def shortfalls(card: Scorecard, top: int) -> tuple[Shortfall, ...]:
    """The `top` sub-indicators that lost the most points (report order breaks ties)."""
    lost = []
    for dimension in card.dimensions:
        for sub in dimension.subindicators:
            if sub.status != "scored" or sub.score is None or sub.score >= sub.points:
                continue
            reasons = tuple(d.reason for d in sub.deductions if d.points)
            lost.append(
                Shortfall(
                    sub.code, sub.label, sub.points, sub.score, sub.points - sub.score, reasons
                )
            )
    lost.sort(key=lambda s: s.lost, reverse=True)  # stable: ties stay in report order
    return tuple(lost[:top])


def project_claims(facts: Facts) -> list[ProjectClaim]:
    claims = []
    for record in facts.records("projects"):
        score, grade = record.get("self_score"), record.get("self_grade")
        if score is None and grade is None:
            continue
        claims.append(
            ProjectClaim(
                str(record.get("name", "")),
                None if score is None else Decimal(score),
                None if grade is None else str(grade),
            )
        )
    return claims


def review(facts: Facts, card: Scorecard, ruleset: Ruleset) -> Review:
    """Compare the department's claims in `facts` with its computed `card`."""
    settings = ruleset.review
    grades = ruleset.grades
    computed_rank = _rank_of(card.grade, grades)
    notes: list[Text] = []
    reasons: list[Text] = []
    places = card.places

    claimed_total = facts.claims.get("total")
    claimed_total = None if claimed_total is None else Decimal(claimed_total)
    claimed_grade = facts.claims.get("grade")
    claimed_grade = None if claimed_grade is None else str(claimed_grade)
    claimed_rank = None if claimed_grade is None else _band(claimed_grade, grades)
    if claimed_grade is not None and claimed_rank is None:
        known = "、".join(g.label.zh for g in grades)
        notes.append(
            Text(
                f"自评等级“{claimed_grade}”不是评价规则中的等级（{known}），无法比较",
                f"the claimed grade {claimed_grade!r} is not a grade of the ruleset ({known})",
            )
        )
    if claimed_total is None and claimed_rank is not None:
        claimed_rank_from = claimed_rank
    elif claimed_total is not None:
        claimed_rank_from = _rank_of(ruleset.grade_for(claimed_total), grades)
        if claimed_rank is not None and claimed_rank != claimed_rank_from:
            notes.append(
                Text(
                    f"自评总分{claimed_total}对应的等级与自评等级“{claimed_grade}”不一致",
                    f"the claimed total {claimed_total} does not fall in the claimed grade "
                    f"{claimed_grade!r}",
                )
            )
        claimed_rank_from = claimed_rank if claimed_rank is not None else claimed_rank_from
    else:
        claimed_rank_from = None

    points_gap: Decimal | None = None
    basis: GapBasis = "none"
    if claimed_total is not None:
        points_gap, basis = claimed_total - card.total, "total"
    elif claimed_rank is not None:
        band = grades[claimed_rank]
        basis = "grade"
        if card.total < band.min:
            points_gap = band.min - card.total
        elif band.below is not None and card.total >= band.below:
            points_gap = band.below - card.total
        else:
            points_gap = Decimal(0)
    if points_gap is not None:
        points_gap = points_gap.quantize(Decimal(1).scaleb(-places))

    grade_gap = None if claimed_rank_from is None else computed_rank - claimed_rank_from
    if points_gap is not None and points_gap > 0 and points_gap >= settings.flag_points:
        if basis == "total":
            reasons.append(
                Text(
                    f"自评总分{claimed_total}比计算得分{card.total}高{points_gap}分"
                    f"（复核阈值{settings.flag_points}分）",
                    f"the claimed total {claimed_total} is {points_gap} points above the computed "
                    f"{card.total} (review threshold {settings.flag_points})",
                )
            )
        else:
            band = grades[claimed_rank or 0]
            reasons.append(
                Text(
                    f"自评等级{band.label.zh}至少需{band.min}分，计算得分{card.total}，"
                    f"差{points_gap}分（复核阈值{settings.flag_points}分）",
                    f"the claimed grade {band.label.en} needs at least {band.min}; the computed "
                    f"total {card.total} is {points_gap} points short "
                    f"(review threshold {settings.flag_points})",
                )
            )
    if settings.flag_grade_gap and grade_gap is not None and grade_gap > 0:
        claimed = grades[computed_rank - grade_gap].label
        reasons.append(
            Text(
                f"自评等级{claimed.zh}高于计算等级{card.grade.label.zh}（高{grade_gap}档）",
                f"the claimed grade {claimed.en} is {grade_gap} band(s) above the computed "
                f"grade {card.grade.label.en}",
            )
        )

    projects = project_claims(facts)
    above = []
    for project in projects:
        rank = None if project.self_grade is None else _band(project.self_grade, grades)
        if rank is None and project.self_score is not None:
            rank = _rank_of(ruleset.grade_for(project.self_score), grades)
        if settings.flag_projects and rank is not None and rank < computed_rank:
            above.append(project)
    if above:
        full = sum(1 for p in above if p.self_score is not None and p.self_score >= 100)
        full_zh = f"，其中{full}个自评满分100分" if full else ""
        full_en = f" ({full} of them self-scored 100)" if full else ""
        reasons.append(
            Text(
                f"{len(above)}个项目自评等级高于部门整体计算等级{card.grade.label.zh}{full_zh}",
                f"{len(above)} project(s) self-graded above the department's computed grade "
                f"{card.grade.label.en}{full_en}",
            )
        )

    dept = card.department
    explain = shortfalls(card, settings.explain_top)
    return Review(
        source=card.source,
        name=dept.name,
        code=dept.code,
        year=dept.year,
        claimed_total=claimed_total,
        claimed_grade=claimed_grade,
        total=card.total,
        grade=card.grade.label,
        points_gap=points_gap,
        gap_basis=basis,
        grade_gap=grade_gap,
        shortfalls=explain,
        projects=tuple(above),
        project_count=len(projects),
        reasons=tuple(reasons),
        notes=tuple(notes),
        places=places,
    )


def gap_order(item: Review) -> tuple[int, Decimal, int, str]:
    """Sort key: flagged first, then the largest points gap, then the largest grade gap."""
    gap = item.points_gap if item.points_gap is not None else Decimal("-Infinity")
    return (0 if item.flagged else 1, -gap, -(item.grade_gap or 0), item.source)
