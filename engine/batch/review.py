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
from jixiao.engine.text import Text

GapBasis = Literal["total", "grade", "none"]


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


@frozen
class _Claim:
    """What the department claims: a total, a grade (and its band), and the band either implies."""

    total: Decimal | None
    grade: str | None
    rank: int | None  # the claimed grade's band, None when none (or an unknown one) was claimed
    implied: int | None  # the band the claim stands for: the grade's, else the total's
    notes: tuple[Text, ...]


def _claim(facts: Facts, ruleset: Ruleset) -> _Claim:
    grades = ruleset.grades
    raw_total, raw_grade = facts.claims.get("total"), facts.claims.get("grade")
    total = None if raw_total is None else Decimal(raw_total)
    grade = None if raw_grade is None else str(raw_grade)
    rank = None if grade is None else _band(grade, grades)
    notes: list[Text] = []
    if grade is not None and rank is None:
        known = "、".join(g.label.zh for g in grades)
        notes.append(
            Text(
                f"自评等级“{grade}”不是评价规则中的等级（{known}），无法比较",
                f"the claimed grade {grade!r} is not a grade of the ruleset ({known})",
            )
        )
    implied = rank
    if total is not None:
        from_total = _rank_of(ruleset.grade_for(total), grades)
        if rank is not None and rank != from_total:
            notes.append(
                Text(
                    f"自评总分{total}对应的等级与自评等级“{grade}”不一致",
                    f"the claimed total {total} does not fall in the claimed grade {grade!r}",
                )
            )
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
) -> list[Text]:
    settings, grades = ruleset.review, ruleset.grades
    reasons: list[Text] = []
    threshold = settings.flag_points
    if gap is not None and gap > 0 and gap >= threshold:
        if basis == "total":
            reasons.append(
                Text(
                    f"自评总分{claim.total}比计算得分{card.total}高{gap}分（复核阈值{threshold}分）",
                    f"the claimed total {claim.total} is {gap} points above the computed "
                    f"{card.total} (review threshold {threshold})",
                )
            )
        else:
            band = grades[claim.rank or 0]
            reasons.append(
                Text(
                    f"自评等级{band.label.zh}至少需{band.min}分，计算得分{card.total}，"
                    f"差{gap}分（复核阈值{threshold}分）",
                    f"the claimed grade {band.label.en} needs at least {band.min}; the computed "
                    f"total {card.total} is {gap} points short (review threshold {threshold})",
                )
            )
    grade_gap = _grade_gap(claim, card, grades)
    if settings.flag_grade_gap and grade_gap is not None and grade_gap > 0:
        claimed = grades[_rank_of(card.grade, grades) - grade_gap].label
        reasons.append(
            Text(
                f"自评等级{claimed.zh}高于计算等级{card.grade.label.zh}（高{grade_gap}档）",
                f"the claimed grade {claimed.en} is {grade_gap} band(s) above the computed "
                f"grade {card.grade.label.en}",
            )
        )
    return reasons


def _grade_gap(claim: _Claim, card: Scorecard, grades: tuple[Grade, ...]) -> int | None:
    """Bands between the claimed and the computed grade; above 0 when the claim is higher."""
    return None if claim.implied is None else _rank_of(card.grade, grades) - claim.implied


def _projects_above(
    projects: list[ProjectClaim], card: Scorecard, ruleset: Ruleset
) -> tuple[list[ProjectClaim], list[Text]]:
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
    full_zh = f"，其中{full}个自评满分100分" if full else ""
    full_en = f" ({full} of them self-scored 100)" if full else ""
    reason = Text(
        f"{len(above)}个项目自评等级高于部门整体计算等级{card.grade.label.zh}{full_zh}",
        f"{len(above)} project(s) self-graded above the department's computed grade "
        f"{card.grade.label.en}{full_en}",
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
