"""Review of self-evaluations (复核): the department's claims against the computed result.

A facts file may carry `[self_evaluation] total, grade` and its projects' `self_score` /
`self_grade`. The review measures how far the claims are above what the facts support, names
the sub-indicators that lost the most points, and flags the department when a gap reaches the
thresholds of the ruleset's optional `[review]` table. Pure: reads and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from attrs import frozen

from jixiao.engine.facts.model import Facts
from jixiao.engine.ruleset.model import Grade, Ruleset
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

GapBasis = Literal["total", "grade", "none"]


@frozen
class Shortfall:
    """A sub-indicator that lost points, with the reasons it lost them."""

    code: str
    label: Text
    points: Decimal
    score: Decimal
    lost: Decimal
    reasons: tuple[Words, ...]


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
    reasons: tuple[Words, ...]  # why the department is flagged; empty when it is not
    notes: tuple[Words, ...] = ()
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


@frozen
class _Claim:
    """What the department claims: a total, a grade (and its band), and the band either implies."""

    total: Decimal | None
    grade: str | None
    rank: int | None  # the claimed grade's band, None when none (or an unknown one) was claimed
    implied: int | None  # the band the claim stands for: the grade's, else the total's
    notes: tuple[Words, ...]


UNKNOWN_GRADE = Template(
    "review.unknown_grade",
    "自评等级“{grade}”不是评价规则中的等级（{known:list}），无法比较",
    "the claimed grade “{grade}” is not a grade of the ruleset ({known:list})",
)
TOTAL_NOT_IN_GRADE = Template(
    "review.total_not_in_grade",
    "自评总分{total:pts}分对应的等级与自评等级“{grade}”不一致",
    "the claimed total {total:pts} does not fall in the claimed grade “{grade}”",
)
TOTAL_ABOVE = Template(
    "review.total_above",
    "自评总分{claimed:pts}分比计算得分{total:pts}分高{gap:pts}分（复核阈值{threshold:pts}分）",
    "the claimed total {claimed:pts} is {gap:pts} points above the computed {total:pts} "
    "(review threshold {threshold:pts})",
)
GRADE_SHORT = Template(
    "review.grade_short",
    "自评等级{grade}至少需{min:pts}分，计算得分{total:pts}分，差{gap:pts}分"
    "（复核阈值{threshold:pts}分）",
    "the claimed grade {grade} needs at least {min:pts}; the computed total {total:pts} is "
    "{gap:pts} points short (review threshold {threshold:pts})",
)
GRADE_ABOVE = Template(
    "review.grade_above",
    "自评等级{claimed}高于计算等级{computed}（高{bands}档）",
    "the claimed grade {claimed} is {bands} band(s) above the computed grade {computed}",
)
TOTAL_GRADE_ABOVE = Template(
    "review.total_grade_above",
    "自评总分{claimed_total:pts}分属{claimed}，高于计算等级{computed}（高{bands}档）",
    "the claimed total {claimed_total:pts} is in {claimed}, {bands} band(s) above the computed "
    "grade {computed}",
)
PROJECTS_ABOVE = Template(
    "review.projects_above",
    "{count}个项目的自评等级高于部门整体的计算等级{computed}{full}，请核实项目自评依据",
    "{count} project(s) self-graded above the department's computed grade {computed}{full}: "
    "check what the projects' self-evaluations rest on",
)
FULL_MARKS = Template(
    "review.full_marks", "，其中{count}个自评满分100分", " ({count} of them self-scored 100)"
)


def _claim(facts: Facts, ruleset: Ruleset) -> _Claim:
    grades = ruleset.grades
    raw_total, raw_grade = facts.claims.get("total"), facts.claims.get("grade")
    total = None if raw_total is None else Decimal(raw_total)
    grade = None if raw_grade is None else str(raw_grade)
    rank = None if grade is None else _band(grade, grades)
    notes: list[Words] = []
    if grade is not None and rank is None:
        notes.append(UNKNOWN_GRADE(grade=grade, known=[g.label for g in grades]))
    implied = rank
    if total is not None:
        from_total = _rank_of(ruleset.grade_for(total), grades)
        if rank is not None and rank != from_total:
            notes.append(TOTAL_NOT_IN_GRADE(total=total, grade=grade))
        implied = rank if rank is not None else from_total
    return _Claim(total, grade, rank, implied, tuple(notes))


def _points_gap(
    claim: _Claim, card: Scorecard, grades: tuple[Grade, ...]
) -> tuple[Decimal | None, GapBasis]:
    """How far the claim is above the computed total: from the claimed total, or else to the
    band of the claimed grade (0 when the total is in it)."""
    if claim.total is not None:
        gap, basis = claim.total - card.total, "total"
    elif claim.rank is not None:
        band, basis = grades[claim.rank], "grade"
        if card.total < band.min:
            gap = band.min - card.total
        elif band.below is not None and card.total >= band.below:
            gap = band.below - card.total
        else:
            gap = Decimal(0)
    else:
        return None, "none"
    return gap.quantize(Decimal(1).scaleb(-card.places)), basis  # type: ignore[return-value]


def _gap_reasons(
    claim: _Claim, card: Scorecard, ruleset: Ruleset, gap: Decimal | None, basis: GapBasis
) -> list[Words]:
    settings, grades = ruleset.review, ruleset.grades
    reasons: list[Words] = []
    threshold = settings.flag_points
    if gap is not None and gap > 0 and gap >= threshold:
        if basis == "total":
            reasons.append(
                TOTAL_ABOVE(claimed=claim.total, total=card.total, gap=gap, threshold=threshold)
            )
        else:
            band = grades[claim.rank or 0]
            short = GRADE_SHORT(
                grade=band.label, min=band.min, total=card.total, gap=gap, threshold=threshold
            )
            reasons.append(short)
    grade_gap = _grade_gap(claim, card, grades)
    if settings.flag_grade_gap and grade_gap is not None and grade_gap > 0:
        claimed = grades[_rank_of(card.grade, grades) - grade_gap].label
        computed = card.grade.label
        if claim.rank is None:  # no grade claimed: the grade is the claimed total's
            above = TOTAL_GRADE_ABOVE(
                claimed_total=claim.total, claimed=claimed, computed=computed, bands=grade_gap
            )
        else:
            above = GRADE_ABOVE(claimed=claimed, computed=computed, bands=grade_gap)
        reasons.append(above)
    return reasons


def _grade_gap(claim: _Claim, card: Scorecard, grades: tuple[Grade, ...]) -> int | None:
    """Bands between the claimed and the computed grade; above 0 when the claim is higher."""
    return None if claim.implied is None else _rank_of(card.grade, grades) - claim.implied


def _projects_above(
    projects: list[ProjectClaim], card: Scorecard, ruleset: Ruleset
) -> tuple[list[ProjectClaim], list[Words]]:
    """Projects self-graded (or self-scored) above the department's computed grade."""
    grades = ruleset.grades
    computed = _rank_of(card.grade, grades)
    above = []
    for project in projects:
        rank = None if project.self_grade is None else _band(project.self_grade, grades)
        if rank is None and project.self_score is not None:
            rank = _rank_of(ruleset.grade_for(project.self_score), grades)
        if ruleset.review.flag_projects and rank is not None and rank < computed:
            above.append(project)
    if not above:
        return above, []
    full = sum(1 for p in above if p.self_score is not None and p.self_score >= 100)
    reason = PROJECTS_ABOVE(
        count=len(above), computed=card.grade.label, full=FULL_MARKS(count=full) if full else ""
    )
    return above, [reason]


def review(facts: Facts, card: Scorecard, ruleset: Ruleset) -> Review:
    """Compare the department's claims in `facts` with its computed `card`."""
    claim = _claim(facts, ruleset)
    gap, basis = _points_gap(claim, card, ruleset.grades)
    reasons = _gap_reasons(claim, card, ruleset, gap, basis)
    projects = project_claims(facts)
    above, project_reasons = _projects_above(projects, card, ruleset)
    dept = card.department
    return Review(
        source=card.source,
        name=dept.name,
        code=dept.code,
        year=dept.year,
        claimed_total=claim.total,
        claimed_grade=claim.grade,
        total=card.total,
        grade=card.grade.label,
        points_gap=gap,
        gap_basis=basis,
        grade_gap=_grade_gap(claim, card, ruleset.grades),
        shortfalls=shortfalls(card, ruleset.review.explain_top),
        projects=tuple(above),
        project_count=len(projects),
        reasons=(*reasons, *project_reasons),
        notes=claim.notes,
        places=card.places,
    )


def gap_order(item: Review) -> tuple[int, Decimal, int, str]:
    """Sort key: flagged first, then the largest points gap, then the largest grade gap."""
    gap = item.points_gap if item.points_gap is not None else Decimal("-Infinity")
    return (0 if item.flagged else 1, -gap, -(item.grade_gap or 0), item.source)
