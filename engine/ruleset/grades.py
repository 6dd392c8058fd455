"""The grade bands (评价等级) of a ruleset: they must cover 0 to 100 without a gap or an overlap."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from jixiao.engine.numbers import plain
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.ruleset.model import Grade

GRADE_KEYS = ("label", "label_en", "min", "below", "style")


def grade_bands(doc: RulesetDocument, raw: Any) -> tuple[Grade, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(g, dict) for g in raw):
        doc.fail(
            "grades",
            "is required: grade bands written as [[grades]] tables with label, min and below",
        )
        return ()
    grades: list[Grade] = []
    for index, band in enumerate(raw):
        path = f"grades[{index}]"
        doc.unknown_keys(band, GRADE_KEYS, path)
        low = doc.number(band, "min", f"{path}.min")
        high = doc.number(band, "below", f"{path}.below") if "below" in band else None
        if "label" not in band:
            doc.fail(f"{path}.label", 'is required: the grade\'s name, e.g. label = "优秀"')
        if low is None or ("below" in band and high is None):
            continue
        if high is not None and high <= low:
            doc.fail(f"{path}.below", f"must be above min ({plain(low)})")
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
            f"the bands leave a gap: nothing covers 0 to {ordered[-1].min}; "
            "give the lowest band min = 0",
        )
    if ordered[0].below is not None:
        doc.fail(
            "grades",
            f"the bands leave a gap: nothing covers {ordered[0].below} to 100;"
            " leave out `below` on the top band",
        )
    for upper, lower in pairwise(ordered):
        if lower.below is None:
            doc.fail(
                "grades",
                f"band {lower.label.zh} has no `below` but is not the top "
                f"band; set below = {upper.min}",
            )
        elif lower.below > upper.min:
            doc.fail(
                "grades",
                f"bands {lower.label.zh} and {upper.label.zh} overlap from "
                f"{upper.min} to {lower.below}; set below = {upper.min}",
            )
        elif lower.below < upper.min:
            doc.fail(
                "grades",
                f"the bands leave a gap from {lower.below} to {upper.min} "
                f"between {lower.label.zh} and {upper.label.zh}; set below = {upper.min} "
                f"on band {lower.label.zh}",
            )
