"""预算执行 budget execution: how the budget was executed, from the [budget] facts.

Facts read ([budget], 万元): initial, adjusted (required); actual, or its two parts
basic_actual and project_actual (actual is their sum when left out; when all three are given
they must agree); carry_over (optional, derived when absent);
sangong_budget, sangong_actual, public_funds_budget, public_funds_actual (required).

Measures produced (all ratios):
- execution_rate = actual / adjusted
- carry_over_rate = carry_over / adjusted, carry_over = max(0, adjusted − actual) when not given
- sangong_rate = sangong_actual / sangong_budget
- adjustment_rate = |adjusted − initial| / initial
- public_funds_rate = public_funds_actual / public_funds_budget
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from jixiao.engine.plugin_api import (
    ZERO,
    Computed,
    Facts,
    Field,
    Finding,
    Indicator,
    MeasureSpec,
    Ratio,
    Section,
    Template,
    Text,
    Words,
    exact,
    hookimpl,
)

SECTION = "budget"
MONEY = "万元"  # the unit of every amount in [budget]


def _money(name: str, zh: str, en: str, required: bool = True, **more: Any) -> Field:
    example = EXAMPLES[name]
    return Field(name, "money", Text(zh, en), required=required, example=example, **more)


# the template's examples, one consistent budget (actual = basic + project)
EXAMPLES = {
    "initial": "2400",
    "adjusted": "2640",
    "actual": "2455.2",
    "basic_actual": "1136.4",
    "project_actual": "1318.8",
    "carry_over": "184.8",
    "sangong_budget": "12",
    "sangong_actual": "11.4",
    "public_funds_budget": "180",
    "public_funds_actual": "176.5",
}


PARTS = ("basic_actual", "project_actual")
FACTS = Section(
    SECTION,
    Text("预算收支", "Budget and spending"),
    (
        _money("initial", "年初预算数", "initial budget"),
        _money("adjusted", "调整后预算数", "adjusted budget"),
        _money("actual", "实际支出数", "actual spending", False, alternatives=PARTS),
        _money(
            "basic_actual",
            "基本支出",
            "basic spending",
            False,
            help=Text("实际支出数的一部分", "part of actual"),
        ),
        _money(
            "project_actual",
            "项目支出",
            "project spending",
            False,
            help=Text("实际支出数的一部分", "part of actual"),
        ),
        _money(
            "carry_over",
            "结转结余",
            "carry-over and surplus",
            False,
            help=Text(
                "不填时按 调整后预算数 − 实际支出数 计算（不小于0）",
                "derived as max(0, adjusted − actual) when left out",
            ),
        ),
        _money("sangong_budget", "“三公”经费预算数", "三公 budget"),
        _money("sangong_actual", "“三公”经费实际支出", "三公 actual spending"),
        _money("public_funds_budget", "公用经费预算数", "public-funds budget"),
        _money("public_funds_actual", "公用经费实际支出", "public-funds actual spending"),
    ),
    help=Text("金额均以万元为单位", "amounts in 万元"),
)

LABELS = {spec.name: spec.label for spec in FACTS.fields}
ACTUAL = Text("实际支出", "actual spending")
CARRY_OVER = Text("结转结余", "carry-over")
DERIVED = Text(  # not given: worked out, and said so
    "结转结余（按调整后预算−实际支出计）", "carry-over (adjusted − actual)"
)
ADJUSTED = Text("调整后预算", "adjusted budget")
MEASURES = (
    MeasureSpec("execution_rate", Ratio, Text("预算执行率", "execution rate")),
    MeasureSpec("carry_over_rate", Ratio, Text("结转结余率", "carry-over rate")),
    MeasureSpec("sangong_rate", Ratio, Text("“三公”经费控制率", "三公 control rate")),
    MeasureSpec("adjustment_rate", Ratio, Text("预算调整率", "budget adjustment rate")),
    MeasureSpec("public_funds_rate", Ratio, Text("公用经费控制率", "public-funds control rate")),
)

PARTS_DISAGREE = Template(
    "budget.parts_disagree",
    "实际支出数为{actual:money}万元，但基本支出与项目支出之和为{parts:money}万元；"
    "两者应相等，请核对",
    "is {actual:money}, but basic_actual + project_actual = {parts:money}; "
    "they must add up to actual",
)
CARRY_OVER_GIVEN = Template(
    "budget.carry_over_given",
    "结转结余按填报数{carry:money}万元计算（调整后预算−实际支出为{derived:money}万元）",
    "carry-over taken as given, {carry:money} 万元; adjusted − actual is {derived:money} 万元",
)
LARGER_THAN_BUDGET = Template(
    "budget.larger_than_budget",
    "为{amount:money}万元，超过了整个调整后预算数{adjusted:money}万元："
    "是否按“元”填写了？金额以万元为单位，元数除以10000即为万元数",
    "is {amount:money} 万元, more than the whole adjusted budget of "
    "{adjusted:money} 万元: was it typed in 元? amounts are in 万元",
)
# amounts that are parts of the budget: one larger than the whole was typed in the wrong unit
WITHIN_BUDGET = ("sangong_budget", "sangong_actual", "public_funds_budget", "public_funds_actual")


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    data = facts.section(SECTION)
    parts = [data[key] for key in PARTS if key in data]
    if len(parts) == 2 and "actual" in data and sum(parts) != data["actual"]:
        disagree = PARTS_DISAGREE(actual=data["actual"], parts=sum(parts))
        return [(f"{SECTION}.actual", disagree)]
    return []


def actual_spending(data: Mapping[str, Any]) -> Fraction:
    """Actual spending as given, or as the sum of its two parts."""
    if "actual" in data:
        return exact(data["actual"])
    return sum((exact(data[key]) for key in PARTS), ZERO)


def compute(facts: Facts) -> Computed:
    data = facts.section(SECTION)
    adjusted, initial = exact(data["adjusted"]), exact(data["initial"])
    actual = actual_spending(data)
    derived = max(ZERO, adjusted - actual)
    findings = _larger_than_budget(data)
    if "carry_over" in data:
        carry = exact(data["carry_over"])
        if carry != derived:
            given = CARRY_OVER_GIVEN(carry=carry, derived=derived)
            findings.append(Finding("info", "carry_over_given", given, f"{SECTION}.carry_over"))
    else:
        carry = derived
    values = {
        "execution_rate": Ratio(actual, adjusted, ACTUAL, ADJUSTED, MONEY),
        "carry_over_rate": Ratio(
            carry, adjusted, CARRY_OVER if "carry_over" in data else DERIVED, ADJUSTED, MONEY
        ),
        "sangong_rate": Ratio(
            exact(data["sangong_actual"]),
            exact(data["sangong_budget"]),
            Text("“三公”经费支出", "三公 spending"),
            Text("“三公”经费预算", "三公 budget"),
            MONEY,
        ),
        "adjustment_rate": Ratio(
            abs(adjusted - initial),
            initial,
            Text("预算调整额", "budget adjustment"),
            Text("年初预算", "initial budget"),
            MONEY,
        ),
        "public_funds_rate": Ratio(
            exact(data["public_funds_actual"]),
            exact(data["public_funds_budget"]),
            Text("公用经费支出", "public-funds spending"),
            Text("公用经费预算", "public-funds budget"),
            MONEY,
        ),
    }
    return Computed(values, tuple(findings))


def _larger_than_budget(data: Mapping[str, Any]) -> list[Finding]:
    """Parts of the budget larger than the whole: typed in 元? (exact Decimals compared)."""
    adjusted = data["adjusted"]
    found = []
    for key in WITHIN_BUDGET:
        if adjusted > 0 and data[key] > adjusted:
            said = LARGER_THAN_BUDGET(amount=data[key], adjusted=adjusted)
            where = f"{SECTION}.{key}"
            found.append(Finding("warning", "larger_than_budget", said, where, LABELS[key]))
    return found


INDICATOR = Indicator(
    id="budget_execution",
    label=Text("预算执行", "Budget execution"),
    sections=(FACTS,),
    measures=MEASURES,
    compute=compute,
    validate=validate,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
