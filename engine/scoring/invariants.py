"""What every scorecard must satisfy before anything reports it, checked independently of the
code that built it.

Each row lies between 0 and its points and is its exact score rounded; each dimension is the sum
of its rows' scores, re-based over the applicable ones and rounded once, lies between 0 and its
weight, and is N/A only when all its rows are; the total is the sum of the dimensions, re-based
likewise, lies between 0 and 100, and has the grade of its band. Worked out here on integers,
apart from the engine's code. A card that breaks one of these was
not built by the engine as written (an installed plugin may have patched it, or score has a
bug), and it is a failure, never a result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from jixiao.engine.errors import ScoreError
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard
from jixiao.engine.words.message import Template, Words


class InconsistentResult(ScoreError):
    """A scorecard that breaks an invariant: `broken` says which; `suspects`, the plugins not
    bundled with score that were installed (exit 3 when there are any, else 4: a bug)."""

    def __init__(self, broken: Words, suspects: tuple[str, ...]) -> None:
        self.broken = broken
        self.suspects = suspects
        super().__init__(self.render("zh"))

    @property
    def exit_code(self) -> int:
        return 3 if self.suspects else 4

    def message(self) -> Words:
        if self.suspects:
            return BY_A_PLUGIN(broken=self.broken, plugins=list(self.suspects))
        return BY_SCORE(broken=self.broken)

    def render(self, lang: str = "zh") -> str:
        return self.message().get(lang)


def check(card: Scorecard, ruleset: Ruleset, suspects: Iterable[str]) -> None:
    """Raise InconsistentResult when `card` breaks an invariant."""
    broken = next(_broken(card, ruleset), None)
    if broken is not None:
        raise InconsistentResult(broken, tuple(suspects))


def _rounded(numerator: int, denominator: int, ruleset: Ruleset) -> int:
    """numerator / denominator rounded to the ruleset's places, in units of its last place:
    worked out on integers here, apart from the engine's rounding, so that what is checked is
    not checked by itself."""
    below = abs(denominator)
    whole, rest = divmod(abs(numerator) * 10**ruleset.places, below)
    half_up = ruleset.mode == "half_up" and 2 * rest >= below
    half_even = ruleset.mode == "half_even" and (
        2 * rest > below or (2 * rest == below and whole % 2 == 1)
    )
    if half_up or half_even:
        whole += 1
    units: int = whole
    return units if (numerator < 0) == (denominator < 0) else -units


def _units(value: Decimal, ruleset: Ruleset) -> int | None:
    """A score in units of the last place, or None when it has more places than it may."""
    numerator, denominator = value.as_integer_ratio()
    units, rest = divmod(numerator * 10**ruleset.places, denominator)
    return None if rest else units


def _sum(values: Iterable[Decimal]) -> tuple[int, int]:
    total = Decimal(0)
    for value in values:
        total += value  # points and weights: a few digits, added exactly
    return total.as_integer_ratio()


# one part of a level as the check sees it: its points, its status and its score in units
Part = tuple[Decimal, str, int]


def _broken(card: Scorecard, ruleset: Ruleset) -> Iterator[Words]:
    levels = ruleset.levels
    dimensions: list[Part] = []
    for dimension in card.dimensions:
        rows: dict[str, Part] = {}
        for sub in dimension.subindicators:
            units = 0
            if sub.status == "scored":
                units_or_none = None if sub.score is None else _units(sub.score, ruleset)
                exact = sub.exact
                points_n, points_d = sub.points.as_integer_ratio()
                if (
                    units_or_none is None
                    or exact is None
                    or exact.numerator < 0
                    or exact.numerator * points_d > points_n * exact.denominator
                    or units_or_none != _rounded(exact.numerator, exact.denominator, ruleset)
                ):
                    yield ROW_OUTSIDE(code=sub.code, score=_shown(sub.score), points=sub.points)
                    return
                units = units_or_none
            rows[sub.id] = (sub.points, sub.status, units)
        parts = list(rows.values())
        if dimension.groups:
            parts = []
            for group in dimension.groups:
                inside = [rows[sub.id] for sub in group.subindicators]
                broken = _level(inside, group.points, levels.group, group, ruleset)
                if not isinstance(broken, tuple):
                    yield broken
                    return
                parts.append(broken)
        checked = _level(parts, dimension.weight, levels.dimension, dimension, ruleset)
        if not isinstance(checked, tuple):
            yield checked
            return
        dimensions.append(checked)
    total = _units(card.total, ruleset)
    if total is None or not 0 <= card.total <= 100:
        yield TOTAL_OUTSIDE(total=card.total)
        return
    if _expected(dimensions, levels.total, ruleset, failed_counts=True) not in (None, total):
        yield TOTAL_NOT_THE_SUM(total=card.total)
        return
    band = next(
        (
            g
            for g in ruleset.grades
            if g.min <= card.total and (g.below is None or card.total < g.below)
        ),
        None,
    )
    if band is not None and card.grade != band:
        yield WRONG_GRADE(total=card.total, grade=card.grade.label, band=band.label)


def _level(
    parts: list[Part],
    full: Decimal,
    policy: str,
    result: DimensionResult | GroupResult,
    ruleset: Ruleset,
) -> Part | Words:
    """Check one level (a group or a dimension) against its parts: its status, its range and
    its score; the level as a part of the one above, or what is wrong with it."""
    statuses = {status for _, status, _ in parts}
    if "failed" in statuses:
        expected_status = "failed"
    elif "scored" in statuses or policy == "full_points":
        expected_status = "scored"
    else:
        expected_status = "not_applicable"
    if result.status != expected_status:
        return NOT_THE_SUM(name=result.label, score=result.score or Decimal(0))
    if result.status != "scored":
        return (full, result.status, 0)
    score = result.score
    units = None if score is None else _units(score, ruleset)
    if score is None or units is None or not 0 <= score <= full:
        return LEVEL_OUTSIDE(name=result.label, score=_shown(score), points=full)
    expected = _expected(parts, policy, ruleset, full=full)
    if expected is not None and units != expected:
        return NOT_THE_SUM(name=result.label, score=score)
    return (full, "scored", units)


def _expected(
    parts: list[Part],
    policy: str,
    ruleset: Ruleset,
    *,
    full: Decimal | None = None,
    failed_counts: bool = False,
) -> int | None:
    """The score of a level in units, worked out on integers from its parts: Σ scored units
    re-based to `full` over the applicable parts ("rebase"), or plus the points of the N/A
    ones ("full_points"). The total counts a failed dimension as 0 (`failed_counts`). None:
    nothing to check (no part counts)."""
    scale = 10**ruleset.places
    counted = [
        (points, units)
        for points, status, units in parts
        if status == "scored" or (failed_counts and status == "failed")
    ]
    if policy == "full_points":
        untouched_n, untouched_d = _sum(p for p, status, _ in parts if status == "not_applicable")
        summed = sum(units for _, units in counted)
        return _rounded(summed * untouched_d + untouched_n * scale, scale * untouched_d, ruleset)
    if not counted:
        return None
    whole = full if full is not None else sum((p for p, _, _ in parts), Decimal(0))
    weight_n, weight_d = whole.as_integer_ratio()
    points_n, points_d = _sum(points for points, _ in counted)
    summed = sum(units for _, units in counted)
    return _rounded(summed * weight_n * points_d, scale * weight_d * points_n, ruleset)


def _shown(score: Decimal | None) -> str:
    return "—" if score is None else str(score)


ROW_OUTSIDE = Template(
    "invariant.row",
    "三级指标 {code} 的得分（{score}）有误：应在0至{points:pts}分之间，并按评价规则的小数位数取舍",
    "{code} scores {score}, which is not its exact score rounded within 0 to {points:pts}",
)
LEVEL_OUTSIDE = Template(
    "invariant.level",
    "指标“{name}”得分为{score}，超出0至{points:pts}分的范围",
    "{name} scores {score}, outside 0 to {points:pts}",
)
NOT_THE_SUM = Template(
    "invariant.sum",
    "指标“{name}”得{score:pts}分，与其下各项得分的合计（不适用指标按比例折算）不符",
    "{name} scores {score:pts}, which is not the sum of its parts (re-based over the "
    "applicable ones)",
)
TOTAL_OUTSIDE = Template(
    "invariant.total",
    "总分{total:pts}分，不在0至100分之间",
    "the total {total:pts} is outside 0 to 100",
)
TOTAL_NOT_THE_SUM = Template(
    "invariant.total_sum",
    "总分{total:pts}分，与各一级指标得分的合计（不适用指标按比例折算）不符",
    "the total {total:pts} is not the sum of the dimensions (re-based over the applicable ones)",
)
WRONG_GRADE = Template(
    "invariant.grade",
    "总分{total:pts}分，评价等级却为{grade}，应为{band}",
    "the total {total:pts} is graded {grade}, but its band is {band}",
)
BY_A_PLUGIN = Template(
    "invariant.by_plugin",
    "计分结果未通过自检：{broken}。本次不输出评分结果。已安装的插件 {plugins:list} 可能改动了 "
    "score 的计分代码；请卸载或修复插件后重新运行",
    "the result failed score's own checks: {broken}. It is not reported. An installed plugin "
    "({plugins:list}) may have changed score's code; uninstall or fix it and run again",
)
BY_SCORE = Template(
    "invariant.by_score",
    "计分结果未通过自检：{broken}。本次不输出评分结果。这是 score 程序本身的缺陷，"
    "不是填报数据的问题；请将本提示报告给 score 的维护人员",
    "the result failed score's own checks: {broken}. It is not reported. This is a bug in "
    "score, not a problem of the department's file; please report it to score's maintainers",
)
