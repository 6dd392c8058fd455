"""What an indicator measures from the facts, before any rule gives it points.

An indicator returns one of these per declared measure. Rule kinds say which types they accept;
the engine handles the conventions shared by every rule (0/0 is N/A, x/0 is an error, missing
evidence earns nothing) so that no rule kind re-implements them.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any, TypeAlias

from attrs import Factory, field, frozen

from jixiao.engine.numbers import fixed, percent, plain
from jixiao.engine.words.message import Words
from jixiao.engine.words.render import date, money
from jixiao.engine.words.text import Text

# units of a ratio's parts in English: 万元 is 10,000 yuan; a count of items needs no unit
UNITS_EN = {"万元": " (10k yuan)", "项": ""}


@frozen
class Ratio:
    """numerator / denominator, kept as both parts so the report can show them."""

    numerator: Fraction
    denominator: Fraction
    numerator_label: Text
    denominator_label: Text
    unit: str  # of both parts: "万元", "人", "项"; "" for none. No default: a headcount is no sum
    excluded: int = 0  # items the department marked not applicable (checklist shares)
    # numerator / denominator, None when the denominator is 0; worked out once, since every
    # rule, description and JSON view reads it
    value: Fraction | None = field(
        init=False,
        eq=False,
        repr=False,
        default=Factory(lambda ratio: ratio.quotient(), takes_self=True),
    )

    def quotient(self) -> Fraction | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def describe(self, lang: str) -> str:
        unit = UNITS_EN.get(self.unit, self.unit) if lang == "en" else self.unit
        shown = money if self.unit == "万元" else plain  # amounts with two decimals at least
        num = f"{self.numerator_label.get(lang)} {shown(self.numerator)}{unit}"
        den = f"{self.denominator_label.get(lang)} {shown(self.denominator)}{unit}"
        value = self.value
        return f"{num} / {den} = {percent(value) if value is not None else '—'}"

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "numerator": plain(self.numerator),
            "denominator": plain(self.denominator),
            "value": None if value is None else plain(value, 6),
        }


@frozen
class ChangeRate(Ratio):
    """(this year − last year) / last year, kept as a Ratio of the change and last year's figure
    (rules score it as any ratio), shown as an officer writes it: （本年 − 上年）÷ 上年."""

    current_label: Text = field(factory=lambda: Text("", ""))

    def describe(self, lang: str) -> str:
        unit = UNITS_EN.get(self.unit, self.unit) if lang == "en" else self.unit
        shown = money if self.unit == "万元" else plain
        now = f"{self.current_label.get(lang)} {shown(self.numerator + self.denominator)}{unit}"
        before = f"{self.denominator_label.get(lang)} {shown(self.denominator)}{unit}"
        value = self.value
        rate = percent(value) if value is not None else "—"
        return (
            f"（{now} − {before}）÷ {before} = {rate}"
            if lang != "en"
            else (f"({now} − {before}) / {before} = {rate}")
        )


@frozen
class Quantity:
    """A plain number with a unit (days, a count)."""

    value: Fraction
    unit: Text

    def describe(self, lang: str) -> str:
        return f"{plain(self.value)} {self.unit.get(lang)}"

    def to_json(self) -> dict[str, Any]:
        return {"value": plain(self.value)}


@frozen
class ChecklistItem:
    key: str
    label: Text
    present: bool | None  # None: the department gave no evidence either way


@frozen
class Checklist:
    items: tuple[ChecklistItem, ...]

    def get(self, key: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.key == key), None)

    def describe(self, lang: str) -> str:
        yes = sum(1 for item in self.items if item.present)
        unknown = sum(1 for item in self.items if item.present is None)
        if lang == "zh":
            text = f"{len(self.items)}项中具备{yes}项"
            return text + (f"，{unknown}项未填写" if unknown else "")
        text = f"{yes} of {len(self.items)} hold"
        return text + (f", {unknown} not answered" if unknown else "")

    def to_json(self) -> dict[str, Any]:
        return {"items": {item.key: item.present for item in self.items}}


@frozen
class FindingList:
    """Things found wrong (asset findings, violations): each costs points under a rule."""

    items: tuple[str, ...]

    def describe(self, lang: str) -> str:
        if lang == "zh":
            return f"发现问题{len(self.items)}项" if self.items else "未发现问题"
        return f"{len(self.items)} found" if self.items else "none found"

    def to_json(self) -> dict[str, Any]:
        return {"count": len(self.items), "items": list(self.items)}


@frozen
class Publication:
    """Whether and how quickly something was published after its approval."""

    published: bool
    approved_on: dt.date | None = None
    published_on: dt.date | None = None

    @property
    def days(self) -> int | None:
        if self.approved_on is None or self.published_on is None:
            return None
        return (self.published_on - self.approved_on).days

    def describe(self, lang: str) -> str:
        if not self.published:
            return "未公开" if lang == "zh" else "not published"
        if self.days is None:
            return "已公开，日期不全" if lang == "zh" else "published, dates incomplete"
        assert self.approved_on is not None and self.published_on is not None
        approved, published = date(self.approved_on, lang), date(self.published_on, lang)
        if lang == "zh":
            return f"{approved}批复，{published}公开，间隔{self.days}日"
        return f"approved {approved}, published {published}: {self.days} days"

    def to_json(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "approved_on": None if self.approved_on is None else self.approved_on.isoformat(),
            "published_on": None if self.published_on is None else self.published_on.isoformat(),
            "days": self.days,
        }


@frozen
class Target:
    """One performance target (绩效指标) with what was achieved."""

    name: str
    qualitative: bool
    direction: str = ">="  # ">=" higher is better, "<=" lower is better
    target: Fraction | None = None
    actual: Fraction | None = None
    unit: str = ""
    weight: Fraction = Fraction(1)
    level: str | None = None  # qualitative: 达成 / 部分达成 / 未达成
    category: str = ""  # the bureau's grouping: 共性/个性, 产出/效益/满意度, 数量/质量/时效/成本
    tags: tuple[str, ...] = ()

    def in_any(self, names: tuple[str, ...]) -> bool:
        """Whether its category or one of its tags is among `names`."""
        return self.category in names or any(tag in names for tag in self.tags)


@frozen
class TargetList:
    items: tuple[Target, ...]

    def describe(self, lang: str) -> str:
        return f"{len(self.items)}项目标" if lang == "zh" else f"{len(self.items)} targets"

    def to_json(self) -> dict[str, Any]:
        return {"count": len(self.items)}


@frozen
class ScoredItem:
    name: str
    score: Fraction
    weight: Fraction | None  # None: no weight given (e.g. a project without a budget figure)


@frozen
class ScoreList:
    """Scores to average, e.g. projects' self-evaluation scores weighted by their budgets."""

    items: tuple[ScoredItem, ...]

    def weighted(self) -> bool:
        """Whether the mean is weighted: every item has a weight, and they add up to above 0."""
        weights = [item.weight for item in self.items]
        return all(w is not None for w in weights) and sum(w or 0 for w in weights) > 0

    def mean(self) -> Fraction:
        """The weighted mean when `weighted()`, else the plain mean (weighted_mean's)."""
        if self.weighted():
            total = sum((item.weight or Fraction(0) for item in self.items), Fraction(0))
            return (
                sum((item.score * (item.weight or 0) for item in self.items), Fraction(0)) / total
            )
        return sum((item.score for item in self.items), Fraction(0)) / len(self.items)

    def describe(self, lang: str) -> str:
        if not self.items:
            return "无" if lang == "zh" else "none"
        mean, count = fixed(self.mean()), len(self.items)
        if self.weighted():
            if lang == "zh":
                return f"{count}项，按预算加权平均{mean}分"
            return f"{count} items, budget-weighted mean {mean}"
        if lang == "zh":
            return f"{count}项，简单平均{mean}分"
        return f"{count} items, plain mean {mean}"

    def to_json(self) -> dict[str, Any]:
        return {"count": len(self.items)}


@frozen
class Judgement:
    """An evaluator's judgement of a row: the level chosen, the share of the row's points it
    earns (a percentage within the level's band, which the ruleset declares and validation
    checks) and the written reason. Reports mark it as judgement, not measurement."""

    level: str
    percent: Fraction
    reason: str

    def describe(self, lang: str) -> str:
        share = f"{plain(self.percent)}%"  # as the evaluator wrote it
        if lang == "zh":
            return f"评价人判断：{self.level}，得分率{share}；理由：{self.reason}"
        return f"evaluator's judgement: {self.level}, {share} of the points; reason: {self.reason}"

    def to_json(self) -> dict[str, Any]:
        return {
            "judgement": True,
            "level": self.level,
            "percent": plain(self.percent),
            "reason": self.reason,
        }


@frozen
class Missing:
    """The department gave no evidence for a measure: it earns nothing, with a warning."""

    reason: Words | None  # None: the engine says which facts are missing, by their labels
    fields: tuple[str, ...] = field(factory=tuple)
    hint: Words | None = None  # how to give the evidence, said after the engine's words

    def describe(self, lang: str) -> str:
        if self.reason is None:
            return ("未填写 " if lang == "zh" else "not given: ") + ", ".join(self.fields)
        return self.reason.get(lang)

    def to_json(self) -> dict[str, Any]:
        return {"missing": list(self.fields)}


Measure: TypeAlias = (
    Ratio
    | Quantity
    | Checklist
    | FindingList
    | Publication
    | TargetList
    | ScoreList
    | Judgement
    | Missing
)
MEASURE_TYPES: tuple[type, ...] = (
    Ratio,
    Quantity,
    Checklist,
    FindingList,
    Publication,
    TargetList,
    ScoreList,
    Judgement,
    Missing,
)
