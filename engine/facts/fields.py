"""How an indicator declares the facts it reads, so the core can validate every file the same way.

An indicator lists `Section`s; each holds `Field`s with a type from FIELD_TYPES. The core merges
the sections of every installed indicator, refuses unknown keys (suggesting the nearest known
one), checks types and ranges, and hands the indicator typed values: money as exact Decimal,
dates as datetime.date. Cross-field checks (in use ≤ total) are the indicator's own `check`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from attrs import frozen

from jixiao.engine.errors import shown
from jixiao.engine.text import Text

# Largest amount accepted, in 万元 (a trillion yuan is 10^8 万元): beyond this is a typing slip.
MAX_MONEY = Decimal(10) ** 10
NOT_APPLICABLE_WORDS = ("n/a", "不适用")
MIN_YEAR, MAX_YEAR = 2000, 2100

FIELD_TYPES = {
    "money": "an amount in 万元, a number without unit or quotes, e.g. 968.909901",
    "number": "a number without unit or quotes, e.g. 12.5",
    "quantity": "a number ≥ 0 without unit or quotes, e.g. 12.5",
    "count": "a whole number ≥ 0, e.g. 3",
    "year": f"a year from {MIN_YEAR} to {MAX_YEAR} without quotes, e.g. 2025",
    "score": "a score from 0 to 100, e.g. 92.5",
    "bool": "true or false (without quotes)",
    "bool_or_na": 'true, false or "n/a" (不适用)',
    "date": "a date such as 2025-02-10",
    "text": "text in quotes",
    "choice": "one of the listed words",
    "text_list": 'a list of texts, e.g. ["账实不符"] or [] for none',
}


@frozen
class Field:
    name: str
    type: str
    label: Text
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""  # one line for the facts template

    def expected(self) -> str:
        if self.type == "choice":
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        return FIELD_TYPES[self.type]


@frozen
class Section:
    """A TOML table (`budget`, `disclosure.budget`) or array of tables (`targets`)."""

    name: str
    label: Text
    fields: tuple[Field, ...]
    array: bool = False
    max_items: int = 1000
    help: str = ""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


Converted = tuple[Any, str | None]  # the typed value, or None and why the raw value is wrong
Converter = Callable[["Field", Any], Converted]


def convert(spec: Field, raw: Any) -> Converted:
    """Check one raw TOML value against its field type: (typed value, None) or (None, why not)."""
    converter = CONVERTERS.get(spec.type)
    if converter is None:
        raise ValueError(f"unknown field type {spec.type!r}")
    return converter(spec, raw)


# control characters: below 32 except tab and newline, and DEL
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CONTROL_MESSAGE = (
    "holds control characters (such as ESC), which can garble the screen of "
    "whoever reads the result; type the text again without them"
)
_NUMBER_RANGES = {
    "money": (Decimal(0), MAX_MONEY),
    "quantity": (Decimal(0), MAX_MONEY),
    "score": (Decimal(0), Decimal(100)),
    "number": (-MAX_MONEY, MAX_MONEY),
}


def _number(spec: Field, raw: Any) -> Converted:
    kind = type(raw)
    if kind is Decimal or kind is int:  # the usual case first: a number within its range
        value = raw if kind is Decimal else Decimal(raw)
        low, high = _NUMBER_RANGES[spec.type]
        if value.is_finite() and low <= value <= high:
            return value, None
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        if isinstance(raw, str) and any(ch.isdigit() for ch in raw):
            return None, (
                f"expected {spec.expected()}, found {shown(raw)}: "
                "write the number alone, without quotes or units (万元 is implied)"
            )
        return _wrong(spec, raw)
    value = Decimal(raw)
    if not value.is_finite():
        return None, f"expected {spec.expected()}, found {shown(raw)} (not a finite number)"
    if spec.type in ("money", "quantity", "score") and value < 0:
        return None, f"expected {spec.expected()}, found a negative number {shown(raw)}"
    if spec.type == "score" and value > 100:
        return None, f"expected {spec.expected()}, found {shown(raw)} (above 100)"
    return None, (
        f"expected {spec.expected()}, found {shown(raw)}, which is implausibly large"
        + ("; was it typed in 元? divide by 10000 for 万元" if spec.type == "money" else "")
    )


def _count(spec: Field, raw: Any) -> Converted:
    if type(raw) is int and raw >= 0:
        return raw, None
    return _wrong(spec, raw)


def _year(spec: Field, raw: Any) -> Converted:
    if type(raw) is int and MIN_YEAR <= raw <= MAX_YEAR:
        return raw, None
    return _wrong(spec, raw)


def _bool(spec: Field, raw: Any) -> Converted:
    return (raw, None) if type(raw) is bool else _wrong(spec, raw)


def _bool_or_na(spec: Field, raw: Any) -> Converted:
    if type(raw) is bool:
        return raw, None
    if isinstance(raw, str) and raw.strip().lower() in NOT_APPLICABLE_WORDS:
        return "n/a", None
    return _wrong(spec, raw)


def _date(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    return _wrong(spec, raw)


def _text(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, str):
        if _CONTROL.search(raw) is not None:
            return None, _CONTROL_MESSAGE
        if raw.strip():
            return raw.strip(), None
    return _wrong(spec, raw)


def _choice(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, str) and raw in spec.choices:
        return raw, None
    return _wrong(spec, raw)


def _text_list(spec: Field, raw: Any) -> Converted:
    if not isinstance(raw, list):
        return _wrong(spec, raw)
    if any(isinstance(text, str) and _CONTROL.search(text) is not None for text in raw):
        return None, _CONTROL_MESSAGE
    if all(isinstance(text, str) and text.strip() for text in raw):
        return tuple(text.strip() for text in raw), None
    return _wrong(spec, raw)


CONVERTERS: dict[str, Converter] = {
    "money": _number,
    "number": _number,
    "quantity": _number,
    "score": _number,
    "count": _count,
    "year": _year,
    "bool": _bool,
    "bool_or_na": _bool_or_na,
    "date": _date,
    "text": _text,
    "choice": _choice,
    "text_list": _text_list,
}


def _wrong(spec: Field, raw: Any) -> Converted:
    hint = ""
    if spec.type in ("bool", "bool_or_na") and raw in ("是", "否", "有", "无", "yes", "no"):
        hint = " (write true for 是, false for 否)"
    return None, f"expected {spec.expected()}, found {shown(raw)}{hint}"


def merge_sections(groups: list[tuple[str, tuple[Section, ...]]]) -> dict[str, Section]:
    """One section per name across every indicator; two declarations of a field must agree."""
    merged: dict[str, Section] = {}
    for owner, sections in groups:
        for section in sections:
            known = merged.get(section.name)
            if known is None:
                merged[section.name] = section
                continue
            if known.array != section.array:
                raise ValueError(
                    f"{owner}: section {section.name} declared both as table and array"
                )
            fields = list(known.fields)
            for new in section.fields:
                old = known.field(new.name)
                if old is None:
                    fields.append(new)
                elif (old.type, old.choices) != (new.type, new.choices):
                    raise ValueError(
                        f"{owner}: field {section.name}.{new.name} declared as {new.type}, "
                        f"another indicator declares it as {old.type}"
                    )
            merged[section.name] = Section(
                section.name, known.label, tuple(fields), known.array, known.max_items, known.help
            )
    return merged


__all__ = [
    "CONVERTERS",
    "FIELD_TYPES",
    "Converted",
    "Field",
    "Section",
    "convert",
    "merge_sections",
]
