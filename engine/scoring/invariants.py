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
from jixiao.engine.scoring.results import DimensionResult, Scorecard
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


def _broken(card: Scorecard, ruleset: Ruleset) -> Iterator[Words]:
    scale = 10**ruleset.places
    counted: list[tuple[DimensionResult, int]] = []
    for dimension in card.dimensions:
        applicable: list[Decimal] = []
        scored = 0
        statuses = {sub.status for sub in dimension.subindicators}
        for sub in dimension.subindicators:
            if sub.status != "scored":
                continue
            units = None if sub.score is None else _units(sub.score, ruleset)
            exact = sub.exact
            points_n, points_d = sub.points.as_integer_ratio()
            if (
                units is None
                or exact is None
                or exact.numerator < 0
                or exact.numerator * points_d > points_n * exact.denominator
                or units != _rounded(exact.numerator, exact.denominator, ruleset)
            ):
                yield ROW_OUTSIDE(code=sub.code, score=_shown(sub.score), points=sub.points)
                return
            applicable.append(sub.points)
            scored += units
        expected_status = (
            "failed"
            if "failed" in statuses
            else "scored"
            if "scored" in statuses
            else "not_applicable"
        )
        if dimension.status != expected_status:
            yield NOT_THE_SUM(name=dimension.label, score=dimension.score or Decimal(0))
            return
        if dimension.status == "not_applicable":
            continue
        if dimension.status == "failed":
            counted.append((dimension, 0))
            continue
        score = dimension.score
        units = None if score is None else _units(score, ruleset)
        if score is None or units is None or not 0 <= score <= dimension.weight:
            yield LEVEL_OUTSIDE(name=dimension.label, score=_shown(score), points=dimension.weight)
            return
        weight_n, weight_d = dimension.weight.as_integer_ratio()
        points_n, points_d = _sum(applicable)  # Σ scored units × weight / Σ points, rounded once
        if units != _rounded(scored * weight_n * points_d, scale * weight_d * points_n, ruleset):
            yield NOT_THE_SUM(name=dimension.label, score=score)
            return
        counted.append((dimension, units))
    total = _units(card.total, ruleset)
    if total is None or not 0 <= card.total <= 100:
        yield TOTAL_OUTSIDE(total=card.total)
        return
    if counted:
        weight_n, weight_d = _sum(d.weight for d, _ in counted)
        full_n, full_d = _sum(d.weight for d in card.dimensions)
        summed = sum(units for _, units in counted)
        if total != _rounded(summed * full_n * weight_d, scale * full_d * weight_n, ruleset):
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


def _shown(score: Decimal | None) -> str:
    return "—" if score is None else str(score)


ROW_OUTSIDE = Template(
    "invariant.row",
    "三级指标 {code} 的得分（{score}）有误：应在0至{points:pts}分之间，并按评价规则的小数位数取舍",
    "{code} scores {score}, which is not its exact score rounded within 0 to {points:pts}",
)
LEVEL_OUTSIDE = Template(
    "invariant.level",
    "一级指标“{name}”得分为{score}，超出0至{points:pts}分的范围",
    "{name} scores {score}, outside 0 to {points:pts}",
)
NOT_THE_SUM = Template(
    "invariant.sum",
    "一级指标“{name}”得{score:pts}分，与其下三级指标得分的合计（不适用指标按比例折算）不符",
    "{name} scores {score:pts}, which is not the sum of its sub-indicators (re-based over the "
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
