"""在职人员控制率 staffing control: staff in post against the authorised establishment."""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.engine.plugin_api import (
    Facts,
    Field,
    Indicator,
    Measure,
    MeasureSpec,
    Ratio,
    Section,
    Template,
    Text,
    Words,
    hookimpl,
    ratio,
)

SECTION = "staffing"

FACTS = Section(
    SECTION,
    Text("人员编制", "Staffing"),
    (
        Field("authorised", "count", Text("核定编制数", "authorised posts")),
        Field("in_post", "count", Text("实有在职人数", "staff in post")),
    ),
)

MEASURES = (MeasureSpec("staffing_rate", Ratio, Text("在职人员控制率", "staffing rate")),)


NO_POSTS = Template(
    "staffing.no_posts",
    "核定编制数为0，但有{in_post:num}人在职；请填写核定编制数",
    "is 0 while {in_post:num} staff are in post; give the posts",
)


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    data = facts.section(SECTION)
    if data.get("in_post", 0) > 0 and data.get("authorised") == 0:
        return [(f"{SECTION}.authorised", NO_POSTS(in_post=data["in_post"]))]
    return []


def compute(facts: Facts) -> dict[str, Measure]:
    data = facts.section(SECTION)
    labels = (Text("在职人数", "in post"), Text("编制数", "authorised"))
    return {"staffing_rate": ratio(data, SECTION, "in_post", "authorised", labels, unit="人")}


STAFFING = Indicator(
    id="staffing",
    label=Text("人员控制", "Staffing control"),
    sections=(FACTS,),
    measures=MEASURES,
    compute=compute,
    validate=validate,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [STAFFING]
