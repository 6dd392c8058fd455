"""The grade bands (评价等级) of a ruleset: they must cover 0 to 100 without a gap or an overlap."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.model import Grade
from jixiao.engine.words.message import Template

GRADE_KEYS = ("label", "label_en", "min", "below", "style")

REQUIRED = Template(
    "grades.required",
    "必须填写：评价等级，写成若干个 [[grades]] 表，各有 label、min 和 below",
    "is required: grade bands written as [[grades]] tables with label, min and below",
)
LABEL_REQUIRED = Template(
    "grades.label",
    '必须填写：等级名称，如 label = "优秀"',
    'is required: the grade\'s name, e.g. label = "优秀"',
)
BELOW_NOT_ABOVE_MIN = Template(
    "grades.below", "应大于 min（{low:num}）", "must be above min ({low:num})"
)
GAP_AT_ZERO = Template(
    "grades.gap_zero",
    "等级没有覆盖0至{low}分；请把最低一档写成 min = 0",
    "the bands leave a gap: nothing covers 0 to {low}; give the lowest band min = 0",
)
GAP_AT_TOP = Template(
    "grades.gap_top",
    "等级没有覆盖{below}至100分；最高一档不写 below",
    "the bands leave a gap: nothing covers {below} to 100; leave out `below` on the top band",
)
NO_BELOW = Template(
    "grades.no_below",
    "等级“{band}”没有 below，但它不是最高一档；请写 below = {upper}",
    "band {band} has no `below` but is not the top band; set below = {upper}",
)
OVERLAP = Template(
    "grades.overlap",
    "等级“{lower}”与“{upper}”在{upper_min}至{below}分重叠；请写 below = {upper_min}",
    "bands {lower} and {upper} overlap from {upper_min} to {below}; set below = {upper_min}",
)
GAP = Template(
    "grades.gap",
    "等级“{lower}”与“{upper}”之间，{below}至{upper_min}分没有覆盖；"
    "请在“{lower}”一档写 below = {upper_min}",
    "the bands leave a gap from {below} to {upper_min} between {lower} and {upper}; "
    "set below = {upper_min} on band {lower}",
)


def grade_bands(doc: RulesetDocument, raw: Any) -> tuple[Grade, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(g, dict) for g in raw):
        doc.fail(
            "grades",
            REQUIRED(),
        )
        return ()
    grades: list[Grade] = []
    for index, band in enumerate(raw):
        path = f"grades[{index}]"
        doc.unknown_keys(band, GRADE_KEYS, path)
        low = doc.number(band, "min", f"{path}.min")
        high = doc.number(band, "below", f"{path}.below") if "below" in band else None
        if "label" not in band:
            doc.fail(f"{path}.label", LABEL_REQUIRED())
        if low is None or ("below" in band and high is None):
            continue
        if high is not None and high <= low:
            doc.fail(f"{path}.below", BELOW_NOT_ABOVE_MIN(low=low))
            continue
        style = band.get("style", "")
        grades.append(
            Grade(
                text_of(band, "label", "?"),
                Decimal(band["min"]),  # as written: plain() would round past 6 places
                None if high is None else Decimal(band["below"]),
                style if isinstance(style, str) else "",
            )
        )
    if len(grades) != len(raw):
        return ()
    ordered = tuple(sorted(grades, key=lambda g: g.min, reverse=True))
    _cover(doc, ordered)
    return ordered


def _cover(doc: RulesetDocument, ordered: tuple[Grade, ...]) -> None:
    """The bands, highest first, must cover 0 to 100 with neither a gap nor an overlap."""
    if ordered[-1].min != 0:
        doc.fail(
            "grades",
            GAP_AT_ZERO(low=ordered[-1].min),
        )
    if ordered[0].below is not None:
        doc.fail(
            "grades",
            GAP_AT_TOP(below=ordered[0].below),
        )
    for upper, lower in pairwise(ordered):
        if lower.below is None:
            doc.fail(
                "grades",
                NO_BELOW(band=lower.label, upper=upper.min),
            )
        elif lower.below > upper.min:
            doc.fail(
                "grades",
                OVERLAP(
                    lower=lower.label, upper=upper.label, upper_min=upper.min, below=lower.below
                ),
            )
        elif lower.below < upper.min:
            doc.fail(
                "grades",
                GAP(lower=lower.label, upper=upper.label, upper_min=upper.min, below=lower.below),
            )
