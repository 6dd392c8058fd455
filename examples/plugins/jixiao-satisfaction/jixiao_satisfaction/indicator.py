"""满意度 satisfaction: how many of the people surveyed were satisfied, and how many were asked.

Facts read ([satisfaction], every field optional):
- surveyed_on (date): when the survey was held; a date outside the evaluated year is a warning
- surveyed_by (text): who held it, e.g. "第三方机构"
- sample_size (count): valid questionnaires
- satisfied (count): respondents satisfied (满意 and 基本满意), or instead
- rate (percent, 0–100): the satisfaction rate as the survey report states it

Measures produced:
- satisfaction_rate (Ratio satisfied / sample_size, in persons; when only `rate` is given the
  numerator is rate% × sample_size, exactly) — the sample is the ratio's denominator, which is
  what the `sampled_tiers` rule kind reads
- sample_size (Quantity, persons)
Both are Missing when the section or the sample size is absent, or the sample is 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.plugin_api import (
    HUNDRED,
    Computed,
    Facts,
    Field,
    Finding,
    Indicator,
    Measure,
    MeasureSpec,
    Missing,
    Quantity,
    Ratio,
    Section,
    Template,
    Text,
    Words,
    exact,
    missing,
)

SECTION = "satisfaction"
PERSONS = Text("人", "respondents")
SURVEYED = Text("有效样本", "surveyed")

FACTS = Section(
    SECTION,
    Text("社会公众或服务对象满意度", "Satisfaction of the public or of service users"),
    (
        Field("surveyed_on", "date", Text("调查日期", "survey date")),
        Field(
            "surveyed_by",
            "text",
            Text("调查实施方", "surveyed by"),
            help=Text('调查的实施方，如 "第三方机构"', 'who held the survey, e.g. "第三方机构"'),
        ),
        Field("sample_size", "count", Text("有效样本量", "valid questionnaires")),
        Field(
            "satisfied",
            "count",
            Text("满意人数（含基本满意）", "respondents satisfied"),
            help=Text("满意人数与满意率只填一项", "give satisfied or rate, not both"),
        ),
        Field(
            "rate",
            "percent",
            Text("满意率", "satisfaction rate"),
            help=Text(
                "调查报告所写的满意率，如 92.5 表示92.5%", "the rate as the survey report states it"
            ),
        ),
    ),
    help=Text(
        "对社会公众或服务对象的满意度调查", "the survey of the public or of the people served"
    ),
)

MEASURES = (
    MeasureSpec("satisfaction_rate", Ratio, Text("满意度", "satisfaction rate")),
    MeasureSpec("sample_size", Quantity, Text("调查样本量", "sample size")),
)


# What the plugin says, in Chinese and English, each under an id of its own: the engine shows
# it in the reader's language, with the values formatted as the placeholders say.
BOTH_GIVEN = Template(
    "satisfaction.both_given",
    "满意人数与满意率只填一项",
    "give satisfied or rate, not both",
)
RATE_ABOVE_100 = Template(
    "satisfaction.rate_above_100",
    "为 {rate:num}；满意率以百分数填写，不超过100",
    "is {rate:num}; a rate in percent is at most 100",
)
SAMPLE_REQUIRED = Template(
    "satisfaction.sample_required",
    "填写了{given}时必须填写有效样本量",
    "is required when {given} is given",
)
SATISFIED_ABOVE_SAMPLE = Template(
    "satisfaction.satisfied_above_sample",
    "满意人数{satisfied:num}超过有效样本量{size:num}；满意的人是被调查者的一部分",
    "is {satisfied:num}, more than sample_size {size:num}; the satisfied are part of those "
    "surveyed",
)
NO_QUESTIONNAIRE = Template(
    "satisfaction.no_questionnaire",
    "调查有效样本量为0",
    "the survey has no valid questionnaire",
)
OUTSIDE_YEAR = Template(
    "satisfaction.outside_year",
    "满意度调查日期{on:date}不在评价年度{year}年内",
    "the survey of {on:date} is not in the evaluated year {year}",
)


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    """Errors that need more than one field; each names the field to fix."""
    data = facts.section(SECTION)
    problems: list[tuple[str, Words]] = []
    if "satisfied" in data and "rate" in data:
        problems.append((f"{SECTION}.rate", BOTH_GIVEN))
    if "rate" in data and data["rate"] > 100:
        problems.append((f"{SECTION}.rate", RATE_ABOVE_100(rate=data["rate"])))
    size = data.get("sample_size")
    for key in ("satisfied", "rate"):
        if key in data and size is None:
            problems.append((f"{SECTION}.sample_size", SAMPLE_REQUIRED(given=key)))
    if size is not None and data.get("satisfied", 0) > size:
        above = SATISFIED_ABOVE_SAMPLE(satisfied=data["satisfied"], size=size)
        problems.append((f"{SECTION}.satisfied", above))
    return problems


def compute(facts: Facts) -> Computed:
    data = facts.section(SECTION)
    size = data.get("sample_size")
    if size is None or ("satisfied" not in data and "rate" not in data):
        absent = [key for key in ("sample_size", "satisfied") if key not in data]
        gone = missing(SECTION, *absent)
        return Computed({"satisfaction_rate": gone, "sample_size": gone})
    if size == 0:
        none = Missing(NO_QUESTIONNAIRE)
        return Computed({"satisfaction_rate": none, "sample_size": none})
    if "satisfied" in data:
        numerator = exact(data["satisfied"])
        label = Text("满意人数", "satisfied")
    else:
        numerator = exact(data["rate"]) * size / HUNDRED
        label = Text("满意人数（按满意率折算）", "satisfied (from the rate)")
    values: dict[str, Measure] = {
        "satisfaction_rate": Ratio(numerator, exact(size), label, SURVEYED, "人"),
        "sample_size": Quantity(exact(size), PERSONS),
    }
    findings = []
    surveyed_on = data.get("surveyed_on")
    if surveyed_on is not None and surveyed_on.year != facts.department.year:
        findings.append(
            Finding(
                "warning",
                "survey_outside_year",
                OUTSIDE_YEAR(on=surveyed_on, year=facts.department.year),
                f"{SECTION}.surveyed_on",
            )
        )
    return Computed(values, tuple(findings))


INDICATOR = Indicator(
    id="satisfaction",
    label=Text("满意度", "Satisfaction"),
    sections=(FACTS,),
    measures=MEASURES,
    compute=compute,
    validate=validate,
    version="0.1.0",
)
