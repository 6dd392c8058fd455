"""预决算公开 disclosure: were the budget and final accounts published, on time and complete.

Facts read: [disclosure] self_evaluation_published; [disclosure.budget] and
[disclosure.final_accounts] each: published, approved_on, published_on, and the contents
sangong_total, sangong_by_item, performance_targets, empty_tables_explained (true/false).

Measures produced:
- budget_publication, final_accounts_publication (Publication: published? days after approval)
- budget_contents, final_accounts_contents (Checklist of the four contents)
- self_evaluation_publication (Checklist with the single item `published`)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jixiao.engine.plugin_api import (
    Checklist,
    Computed,
    Facts,
    Field,
    Finding,
    Indicator,
    Measure,
    MeasureSpec,
    Publication,
    Section,
    Template,
    Text,
    Words,
    checklist,
    hookimpl,
    missing,
)

CONTENTS = {
    "sangong_total": Text("“三公”经费总数", "三公 total"),
    "sangong_by_item": Text("“三公”经费分项数", "三公 by item"),
    "performance_targets": Text("绩效目标", "performance targets"),
    "empty_tables_explained": Text("空表说明", "empty tables explained"),
}
DOCUMENTS = {
    "budget": Text("部门预算", "department budget"),
    "final_accounts": Text("部门决算", "final accounts"),
}
SELF_EVALUATION = {"published": Text("绩效自评结果已公开", "self-evaluation results published")}


def _document_section(key: str, label: Text) -> Section:
    return Section(
        f"disclosure.{key}",
        Text(f"{label.zh}公开", f"{label.en} disclosure"),
        (
            Field("published", "bool", Text("是否公开", "published")),
            Field("approved_on", "date", Text("批复日期", "approval date")),
            Field("published_on", "date", Text("公开日期", "publication date")),
            *(Field(item, "bool", text) for item, text in CONTENTS.items()),
        ),
    )


SECTIONS = (
    Section(
        "disclosure",
        Text("预决算公开", "Disclosure"),
        (
            Field(
                "self_evaluation_published",
                "bool",
                Text("绩效自评结果是否公开", "self-evaluation results published"),
            ),
        ),
    ),
    *(_document_section(key, label) for key, label in DOCUMENTS.items()),
)

MEASURES = (
    *(
        MeasureSpec(
            f"{key}_publication",
            Publication,
            Text(f"{label.zh}公开时限", f"{label.en} publication"),
        )
        for key, label in DOCUMENTS.items()
    ),
    *(
        MeasureSpec(
            f"{key}_contents",
            Checklist,
            Text(f"{label.zh}公开内容", f"{label.en} contents"),
            CONTENTS,
        )
        for key, label in DOCUMENTS.items()
    ),
    MeasureSpec(
        "self_evaluation_publication",
        Checklist,
        Text("绩效自评结果公开", "self-evaluation disclosure"),
        SELF_EVALUATION,
    ),
)


BEFORE_APPROVAL = Template(
    "disclosure.before_approval",
    "公开日期{published:date}早于批复日期{approved:date}；应在批复之后公开，请核对两个日期",
    "is {published:date}, before the approval on {approved:date}; "
    "a document is published after it is approved",
)
DATE_BUT_UNPUBLISHED = Template(
    "disclosure.date_but_unpublished",
    "填写了公开日期，但“是否公开”为 false；两者矛盾，请删去其中一个",
    "is given but published = false; remove one of them",
)


def validate(facts: Facts) -> Sequence[tuple[str, Words]]:
    problems: list[tuple[str, Words]] = []
    for key in DOCUMENTS:
        data = facts.section(f"disclosure.{key}")
        approved, published = data.get("approved_on"), data.get("published_on")
        where = f"disclosure.{key}.published_on"
        if approved and published and published < approved:
            problems.append((where, BEFORE_APPROVAL(published=published, approved=approved)))
        if data.get("published") is False and published is not None:
            problems.append((where, DATE_BUT_UNPUBLISHED()))
    return problems


def _publication(data: Mapping[str, Any], section: str) -> Measure:
    if "published" not in data:
        return missing(section, "published")
    return Publication(data["published"], data.get("approved_on"), data.get("published_on"))


# the years a document's dates may fall in, from the year evaluated: the year's budget is
# approved and published in the year; its final accounts in the year or the next
YEARS = {"budget": (0,), "final_accounts": (0, 1)}
OTHER_YEAR = Template(
    "disclosure.other_year",
    "为{on:date}，不在{expected:list}年内：是否照抄了往年的日期？请核对",
    "is {on:date}, in none of the years {expected:list}: copied from another year? check it",
)


def compute(facts: Facts) -> Computed:
    values: dict[str, Measure] = {}
    found: list[Finding] = []
    year = facts.department.year
    for key in DOCUMENTS:
        section = f"disclosure.{key}"
        data = facts.section(section)
        values[f"{key}_publication"] = _publication(data, section)
        values[f"{key}_contents"] = checklist(data, CONTENTS)
        expected = [year + offset for offset in YEARS[key]]
        for field in ("approved_on", "published_on"):
            on = data.get(field)
            if on is not None and on.year not in expected:
                said = OTHER_YEAR(on=on, expected=expected)
                found.append(Finding("warning", "date_other_year", said, f"{section}.{field}"))
    published = facts.section("disclosure").get("self_evaluation_published")
    values["self_evaluation_publication"] = checklist({"published": published}, SELF_EVALUATION)
    return Computed(values, tuple(found))


INDICATOR = Indicator(
    id="disclosure",
    label=Text("预决算公开", "Disclosure"),
    sections=SECTIONS,
    measures=MEASURES,
    compute=compute,
    validate=validate,
)


@hookimpl
def score_indicators() -> list[Indicator]:
    return [INDICATOR]
