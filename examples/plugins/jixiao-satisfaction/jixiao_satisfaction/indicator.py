"""满意度 satisfaction: how many of the people surveyed were satisfied, and how many were asked.

Facts read ([satisfaction], every field optional):
- surveyed_on (date): when the survey was held; a date outside the evaluated year is a warning
- surveyed_by (text): who held it, e.g. "第三方机构"
- sample_size (count): valid questionnaires
- satisfied (count): respondents satisfied (满意 and 基本满意), or instead
- rate (quantity, percent 0–100): the satisfaction rate as the survey report states it

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
    Text,
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
            help='who held the survey, e.g. "第三方机构"',
        ),
        Field("sample_size", "count", Text("有效样本量（份）", "valid questionnaires")),
        Field(
            "satisfied",
            "count",
            Text("满意人数（含基本满意）", "respondents satisfied"),
            help="give satisfied or rate, not both",
        ),
        Field(
            "rate",
            "quantity",
            Text("满意率（%）", "satisfaction rate (%)"),
            help="the rate in percent as the survey report states it, e.g. 92.5",
        ),
    ),
    help="the survey of the public or of the people the department serves",
)

MEASURES = (
    MeasureSpec("satisfaction_rate", Ratio, Text("满意度", "satisfaction rate")),
    MeasureSpec("sample_size", Quantity, Text("调查样本量", "sample size")),
)


def validate(facts: Facts) -> Sequence[tuple[str, str]]:
    """Errors that need more than one field; each names the field to fix."""
    data = facts.section(SECTION)
    problems = []
    if "satisfied" in data and "rate" in data:
        problems.append((f"{SECTION}.rate", "give satisfied or rate, not both"))
    if "rate" in data and data["rate"] > 100:
        problems.append((f"{SECTION}.rate", f"is {data['rate']}; a rate in percent is at most 100"))
    size = data.get("sample_size")
    for key in ("satisfied", "rate"):
        if key in data and size is None:
            problems.append((f"{SECTION}.sample_size", f"is required when {key} is given"))
    if size is not None and data.get("satisfied", 0) > size:
        problems.append(
            (
                f"{SECTION}.satisfied",
                f"is {data['satisfied']}, more than sample_size {size}; the satisfied are "
                "part of those surveyed",
            )
        )
    return problems


def compute(facts: Facts) -> Computed:
    data = facts.section(SECTION)
    size = data.get("sample_size")
    if size is None or ("satisfied" not in data and "rate" not in data):
        absent = [key for key in ("sample_size", "satisfied") if key not in data]
        gone = missing(SECTION, *absent)
        return Computed({"satisfaction_rate": gone, "sample_size": gone})
    if size == 0:
        none = Missing(Text("调查有效样本量为0", "the survey has no valid questionnaire"))
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
                Text(
                    f"满意度调查日期{surveyed_on}不在评价年度{facts.department.year}内",
                    f"the survey of {surveyed_on} is not in the evaluated year "
                    f"{facts.department.year}",
                ),
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
