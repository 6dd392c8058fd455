"""The built-in measure kinds a ruleset declares measures with, registered through the plugin
hook like any third-party kind: ratio, change_rate, difference, sum, comparison, count,
checklist and days_between. Each follows the project's conventions through the measure it
returns: a Ratio of 0/0 is N/A and x/0 an error (engine/scoring/conventions.py), unless the
row's rule says otherwise (`zero_over_zero`)."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jixiao.engine.hookspecs import hookimpl
from jixiao.engine.measures.kinds import NUMBERS, RECORDS, Fact, FactRef, MeasureInput, MeasureKind
from jixiao.engine.measures.types import (
    ChangeRate,
    Checklist,
    ChecklistItem,
    FindingList,
    Judgement,
    Measure,
    Quantity,
    Ratio,
)
from jixiao.engine.numbers import exact, plain
from jixiao.engine.rules.params import Param, Problems
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

MONEY_UNIT = Text("万元", "10k yuan")
DAYS = Text("天", "days")
ITEMS = Text("项", "items")


def _number(fact: Fact) -> Fraction:
    return exact(fact.value)


def _sum(facts: tuple[Fact, ...]) -> Fraction:
    return sum((_number(fact) for fact in facts), Fraction(0))


def _label(facts: tuple[Fact, ...]) -> Text:
    """The label of one fact, or of several added up: 基本支出＋项目支出."""
    return Text("＋".join(f.label.zh for f in facts), " + ".join(f.label.en for f in facts))


def _parts(value: Any) -> tuple[Fact, ...]:
    return value if isinstance(value, tuple) else (value,)


def ratio_unit(given: MeasureInput, facts: tuple[Fact, ...]) -> str:
    """The unit of a ratio's parts: the ruleset's, else 万元 for amounts, else none."""
    if given.unit:
        return given.unit
    return "万元" if all(f.type == "money" for f in facts) else ""


def quantity_unit(given: MeasureInput, facts: tuple[Fact, ...]) -> Text:
    if given.unit:
        return Text(given.unit, given.unit)
    return MONEY_UNIT if all(f.type == "money" for f in facts) else Text("", "")


PARTS = Text("一个事实，或几个事实之和的列表", "one fact, or a list of facts to add up")


class RatioKind(MeasureKind):
    name = "ratio"
    label = Text("比率", "ratio")
    produces = Ratio
    facts = (
        FactRef("numerator", NUMBERS, Text("分子：" + PARTS.zh, "numerator: " + PARTS.en), "list"),
        FactRef(
            "denominator", NUMBERS, Text("分母：" + PARTS.zh, "denominator: " + PARTS.en), "list"
        ),
    )
    params = (
        Param(
            "part_of_whole",
            "bool",
            Text(
                "分子是分母的一部分（完成数/计划数、满意数/样本数）：分子大于分母的文件不予接受",
                "the numerator is part of the denominator (done / planned, satisfied / sample): "
                "a file where it is larger is refused",
            ),
            default=False,
        ),
    )

    def check(self, given: MeasureInput) -> Problems:
        top, bottom = _parts(given.facts["numerator"]), _parts(given.facts["denominator"])
        if _sum(bottom) < 0:
            return [("denominator", NEGATIVE_BASE(base=_label(bottom), value=_sum(bottom)))]
        if not given.params["part_of_whole"]:
            return []
        if _sum(top) <= _sum(bottom):
            return []
        said = PART_ABOVE_WHOLE(
            part=_label(top), part_value=_sum(top), whole=_label(bottom), whole_value=_sum(bottom)
        )
        return [("numerator", said)]

    def compute(self, given: MeasureInput) -> Measure:
        top, bottom = _parts(given.facts["numerator"]), _parts(given.facts["denominator"])
        unit = ratio_unit(given, (*top, *bottom))
        return Ratio(_sum(top), _sum(bottom), _label(top), _label(bottom), unit)


class ChangeRateKind(MeasureKind):
    """(this year − last year) / last year, signed: a fall is negative."""

    name = "change_rate"
    label = Text("变动率", "change rate")
    produces = Ratio
    facts = (
        FactRef("current", NUMBERS, Text("本年数", "this year's figure"), "list"),
        FactRef("previous", NUMBERS, Text("上年数", "last year's figure"), "list"),
    )

    def check(self, given: MeasureInput) -> Problems:
        before = _parts(given.facts["previous"])
        if _sum(before) < 0:  # a change on a negative base has no sign a reader can trust
            return [("previous", NEGATIVE_BASE(base=_label(before), value=_sum(before)))]
        return []

    def compute(self, given: MeasureInput) -> Measure:
        now, before = _parts(given.facts["current"]), _parts(given.facts["previous"])
        unit = ratio_unit(given, (*now, *before))
        change = Text(
            f"{_label(now).zh}较{_label(before).zh}增减",
            f"change of {_label(now).en} on {_label(before).en}",
        )
        return ChangeRate(
            _sum(now) - _sum(before),
            _sum(before),
            change,
            _label(before),
            unit,
            current_label=_label(now),
        )


class Difference(MeasureKind):
    name = "difference"
    label = Text("差额", "difference")
    produces = Quantity
    facts = (
        FactRef("minuend", NUMBERS, Text("被减数", "what is subtracted from"), "list"),
        FactRef("subtrahend", NUMBERS, Text("减数", "what is subtracted"), "list"),
    )

    def compute(self, given: MeasureInput) -> Measure:
        left, right = _parts(given.facts["minuend"]), _parts(given.facts["subtrahend"])
        return Quantity(_sum(left) - _sum(right), quantity_unit(given, (*left, *right)))


class Sum(MeasureKind):
    name = "sum"
    label = Text("合计", "sum")
    produces = Quantity
    facts = (FactRef("of", NUMBERS, Text("相加的事实列表", "the facts to add up"), "list"),)

    def compute(self, given: MeasureInput) -> Measure:
        parts = _parts(given.facts["of"])
        return Quantity(_sum(parts), quantity_unit(given, parts))


HOLDS = "holds"
# each test's sign, and how the left side stands to the right
TESTS: dict[str, tuple[str, Callable[[Fraction, Fraction], bool]]] = {
    "at_most": ("≤", operator.le),
    "below": ("<", operator.lt),
    "at_least": ("≥", operator.ge),
    "above": (">", operator.gt),
    "equal": ("=", operator.eq),
}


class Comparison(MeasureKind):
    """Whether one fact stands to another as the ruleset says (结余 ≤ 上年结转): a checklist of
    one item, `holds`, that a `checklist` rule scores (`items = { holds = 2 }`)."""

    name = "comparison"
    label = Text("比较", "comparison")
    produces = Checklist
    facts = (
        FactRef("left", NUMBERS, Text("左边的事实（或其和）", "the left side (or a sum)"), "list"),
        FactRef(
            "right", NUMBERS, Text("右边的事实（或其和）", "the right side (or a sum)"), "list"
        ),
    )
    params = (
        Param(
            "test",
            "choice",
            Text("左边与右边的关系", "how the left side stands to the right"),
            required=True,
            choices=tuple(TESTS),
        ),
    )

    def items(self, facts: Mapping[str, Any], params: Mapping[str, Any]) -> Mapping[str, Text]:
        left, right = _label(_parts(facts["left"])), _label(_parts(facts["right"]))
        sign = TESTS[params["test"]][0]
        return {HOLDS: Text(f"{left.zh}{sign}{right.zh}", f"{left.en} {sign} {right.en}")}

    def compute(self, given: MeasureInput) -> Measure:
        left, right = _parts(given.facts["left"]), _parts(given.facts["right"])
        holds = TESTS[given.params["test"]][1](_sum(left), _sum(right))
        return Checklist((ChecklistItem(HOLDS, given.items[HOLDS], holds),))


class Count(MeasureKind):
    """How many items a list of texts holds, or how many records an array section has."""

    name = "count"
    label = Text("计数", "count")
    produces = Quantity
    facts = (
        FactRef(
            "of",
            ("text_list", RECORDS),
            Text(
                "文字列表字段，或数组部分（[[...]]）", "a list-of-texts field, or an array section"
            ),
        ),
    )

    def compute(self, given: MeasureInput) -> Measure:
        fact: Fact = given.facts["of"]
        unit = Text(given.unit, given.unit) if given.unit else ITEMS
        return Quantity(Fraction(len(fact.value)), unit)


class ChecklistKind(MeasureKind):
    """Yes/no facts as one checklist: `items = { exists = "rules.exist", … }`."""

    name = "checklist"
    label = Text("清单", "checklist")
    produces = Checklist
    facts = (
        FactRef(
            "items", ("bool",), Text("各项及其是/否事实", "each item and its yes/no fact"), "table"
        ),
    )

    def items(self, facts: Mapping[str, Any], params: Mapping[str, Any]) -> Mapping[str, Text]:
        return {key: fact.label for key, fact in facts["items"].items()}

    def compute(self, given: MeasureInput) -> Measure:
        named: Mapping[str, Fact] = given.facts["items"]
        return Checklist(
            tuple(ChecklistItem(key, fact.label, fact.value) for key, fact in named.items())
        )


class DaysBetween(MeasureKind):
    """end − start in calendar days; negative when the end comes first."""

    name = "days_between"
    label = Text("间隔天数", "days between")
    produces = Quantity
    facts = (
        FactRef("start", ("date",), Text("起始日期", "the first date")),
        FactRef("end", ("date",), Text("截止日期", "the second date")),
    )

    def compute(self, given: MeasureInput) -> Measure:
        start: Fact = given.facts["start"]
        end: Fact = given.facts["end"]
        return Quantity(Fraction((end.value - start.value).days), DAYS)


class Listed(MeasureKind):
    """The texts of a list as things found (late funds, violations), for `per_finding`."""

    name = "listed"
    label = Text("问题清单", "list of findings")
    produces = FindingList
    facts = (FactRef("of", ("text_list",), Text("文字列表字段", "a list-of-texts field")),)

    def compute(self, given: MeasureInput) -> Measure:
        fact: Fact = given.facts["of"]
        return FindingList(tuple(fact.value))


class JudgementKind(MeasureKind):
    """An evaluator's judgement: a level, a share of the points within the band the ruleset
    gives that level, and a reason. A share outside its band refuses the file."""

    name = "judgement"
    label = Text("评价人判断", "evaluator's judgement")
    produces = Judgement
    facts = (
        FactRef("level", ("choice",), Text("所评等级（选择字段）", "the level chosen (a choice)")),
        FactRef(
            "percent",
            ("percent", "number", "score"),
            Text("得分率（占分值的百分比）", "the share of the points, as a percentage"),
        ),
        FactRef("reason", ("text",), Text("评分理由（文字字段）", "the reason (a text)")),
    )
    params = (
        Param(
            "bands",
            "table",
            Text(
                "各等级的得分率区间，如 { 好 = [80, 100], 较好 = [60, 80], 一般 = [0, 60] }",
                "each level's band of shares, e.g. { 好 = [80, 100], 较好 = [60, 80] }",
            ),
            required=True,
        ),
    )

    def validate(self, params: Mapping[str, Any], types: Mapping[str, tuple[str, ...]]) -> Problems:
        bands = params["bands"]
        if not bands:
            return [("bands", BANDS_SHAPE)]
        for level, band in bands.items():
            if _band(band) is None:
                return [(f"bands.{level}", BANDS_SHAPE)]
        return []

    def items(self, facts: Mapping[str, Any], params: Mapping[str, Any]) -> Mapping[str, Text]:
        shown = {}
        for level, band in params["bands"].items():
            low, high = _band(band) or (Fraction(0), Fraction(0))
            if high < 100:  # a band's top is the next band's bottom, and belongs to that one
                shown[level] = Text(
                    f"{level} {plain(low)}%–{plain(high)}%（不含{plain(high)}%）",
                    f"{level} {plain(low)}% to below {plain(high)}%",
                )
                continue
            shown[level] = Text(
                f"{level} {plain(low)}%–{plain(high)}%", f"{level} {plain(low)}–{plain(high)}%"
            )
        return shown

    def check(self, given: MeasureInput) -> Problems:
        level, share = given.facts["level"].value, exact(given.facts["percent"].value)
        band = _band(given.params["bands"].get(level))
        if band is None:
            return [("level", NO_BAND(level=level, levels=list(given.params["bands"])))]
        low, high = band
        if high == 100 and low <= share <= high:
            return []
        if high == 100:
            return [("percent", OUT_OF_BAND(level=level, share=share, low=low, high=high))]
        if not low <= share < high:  # 80 is 好's, not 较好's: a share is in one band only
            said = OUT_OF_OPEN_BAND if low else BELOW_BAND_TOP
            return [("percent", said(level=level, share=share, low=low, high=high))]
        return []

    def compute(self, given: MeasureInput) -> Measure:
        return Judgement(
            given.facts["level"].value,
            exact(given.facts["percent"].value),
            given.facts["reason"].value,
        )


def _band(raw: Any) -> tuple[Fraction, Fraction] | None:
    """A band [low, high] of percentages, 0 ≤ low < high ≤ 100, or None."""
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    if not all(isinstance(v, int | Decimal) and not isinstance(v, bool) for v in raw):
        return None
    low, high = exact(raw[0]), exact(raw[1])
    return (low, high) if 0 <= low < high <= 100 else None


BANDS_SHAPE = Template(
    "measure.judgement.bands",
    "每个等级一个 [下限, 上限] 的得分率区间（0至100，下限小于上限），如 好 = [80, 100]",
    "each level needs a band [low, high] of shares from 0 to 100, low below high, e.g. "
    "好 = [80, 100]",
)
NO_BAND = Template(
    "measure.judgement.no_band",
    "评价规则没有为等级“{level}”规定得分率区间；可以写：{levels:list}",
    "the ruleset gives no band for the level '{level}'; expected one of {levels:list}",
)
OUT_OF_BAND = Template(
    "measure.judgement.out_of_band",
    "等级“{level}”的得分率应在{low:num}%至{high:num}%之间，填写的是{share:num}%；"
    "请按所评等级重新打分，或改评等级",
    "a share for '{level}' must be from {low:num}% to {high:num}%, found {share:num}%: score "
    "within the level's band, or choose another level",
)


NEGATIVE_BASE = Template(
    "measure.negative_base",
    "{base}为负数（{value:num}），不能作为比率或变动率的基数；请核对",
    "{base} is negative ({value:num}) and cannot be the base of a ratio or change rate: check it",
)
PART_ABOVE_WHOLE = Template(
    "measure.part_above_whole",
    "{part}（{part_value:num}）大于{whole}（{whole_value:num}）；前者是后者的一部分，不能更大，请核对",
    "{part} ({part_value:num}) is more than {whole} ({whole_value:num}), of which it is a part: "
    "check both",
)
BELOW_BAND_TOP = Template(
    "measure.judgement.below_top",
    "等级“{level}”的得分率应低于{high:num}%，填写的是{share:num}%；请按所评等级重新打分，或改评等级",
    "a share for '{level}' must be below {high:num}%, found {share:num}%: score within the "
    "level's band, or choose another level",
)
OUT_OF_OPEN_BAND = Template(
    "measure.judgement.out_of_open_band",
    "等级“{level}”的得分率应不低于{low:num}%、低于{high:num}%，填写的是{share:num}%；"
    "请按所评等级重新打分，或改评等级",
    "a share for '{level}' must be at least {low:num}% and below {high:num}%, found "
    "{share:num}%: score within the level's band, or choose another level",
)


BUILTIN_MEASURE_KINDS: tuple[type[MeasureKind], ...] = (
    RatioKind,
    ChangeRateKind,
    Difference,
    Sum,
    Comparison,
    Count,
    ChecklistKind,
    DaysBetween,
    Listed,
    JudgementKind,
)


@hookimpl
def score_measure_kinds() -> list[MeasureKind]:
    return [kind() for kind in BUILTIN_MEASURE_KINDS]
