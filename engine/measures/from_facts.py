"""Helpers for indicator authors: turn validated facts into measures without repeating yourself."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jixiao.engine.measures.types import Checklist, ChecklistItem, FindingList, Missing, Ratio
from jixiao.engine.numbers import exact
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text


def missing(section: str, *keys: str, what: Words | None = None) -> Missing:
    """No evidence for a measure: the facts `section.key` were not given. Without `what` the
    engine says so naming each fact by its label (未填写在用固定资产、固定资产总额)."""
    return Missing(what, tuple(f"{section}.{key}" for key in keys))


def ratio(
    data: Mapping[str, Any],
    section: str,
    numerator: str,
    denominator: str,
    labels: tuple[Text, Text],
    unit: str,
) -> Ratio | Missing:
    """numerator / denominator from two fields of one section, or Missing naming what is absent."""
    absent = [key for key in (numerator, denominator) if key not in data]
    if absent:
        return missing(section, *absent)
    return Ratio(exact(data[numerator]), exact(data[denominator]), labels[0], labels[1], unit)


def checklist(data: Mapping[str, Any], items: Mapping[str, Text]) -> Checklist:
    """Yes/no items from a section; an item not given is None (no evidence)."""
    return Checklist(
        tuple(
            ChecklistItem(key, label, data.get(key) if isinstance(data.get(key), bool) else None)
            for key, label in items.items()
        )
    )


def findings(data: Mapping[str, Any], section: str, key: str) -> FindingList | Missing:
    """A list of findings; absent means the department said nothing, which is not "none"."""
    if key not in data:
        return Missing(None, (f"{section}.{key}",), EMPTY_LIST_HINT(key=key))
    return FindingList(tuple(data[key]))


EMPTY_LIST_HINT = Template(
    "measures.findings_hint",
    "没有问题请写 {key} = []（工作簿中填“无”）",
    "write {key} = [] when there are none (“none” in a workbook)",
)


def amount(data: Mapping[str, Any], key: str) -> Decimal | None:
    value = data.get(key)
    return value if isinstance(value, Decimal) else None
