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

from .errors import shown
from .text import Text

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


@frozen
class Converted:
    value: Any = None
    error: str | None = None


def convert(spec: Field, raw: Any) -> Converted:
    """Check one raw TOML value against its field type; return the typed value or why not."""
    value = quick(spec, raw)
    return full_check(spec, raw) if value is CHECK else Converted(value)


def full_check(spec: Field, raw: Any) -> Converted:
    """convert without its quick path: every rule of every field type, and every message."""
    kind = spec.type
    if kind in ("money", "number", "quantity", "score"):
        return _number(spec, raw)
    if kind == "count":
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            return _wrong(spec, raw)
        return Converted(raw)
    if kind == "year":
        if isinstance(raw, bool) or not isinstance(raw, int) or not MIN_YEAR <= raw <= MAX_YEAR:
            return _wrong(spec, raw)
        return Converted(raw)
    if kind == "bool":
        return Converted(raw) if isinstance(raw, bool) else _wrong(spec, raw)
    if kind == "bool_or_na":
        if isinstance(raw, bool):
            return Converted(raw)
        if isinstance(raw, str) and raw.strip().lower() in NOT_APPLICABLE_WORDS:
            return Converted("n/a")
        return _wrong(spec, raw)
    if kind == "date":
        return _date(spec, raw)
    if kind in ("text", "text_list") and _has_control(raw):
        return Converted(
            error="holds control characters (such as ESC), which can garble the screen of "
            "whoever reads the result; type the text again without them"
        )
    if kind == "text":
        if isinstance(raw, str) and raw.strip():
            return Converted(raw.strip())
        return _wrong(spec, raw)
    if kind == "choice":
        if isinstance(raw, str) and raw in spec.choices:
            return Converted(raw)
        return _wrong(spec, raw)
    if kind == "text_list":
        if isinstance(raw, list) and all(isinstance(x, str) and x.strip() for x in raw):
            return Converted(tuple(x.strip() for x in raw))
        return _wrong(spec, raw)
    raise ValueError(f"unknown field type {kind!r}")


# control characters: below 32 except tab and newline, and DEL
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _has_control(raw: Any) -> bool:
    texts = raw if isinstance(raw, list) else [raw]
    return any(isinstance(text, str) and _CONTROL.search(text) is not None for text in texts)


CHECK: Any = object()  # quick's answer when only `convert` can tell: an error, or a rarer form


Quick = Callable[[Field, Any], Any]


def quick(spec: Field, raw: Any) -> Any:
    """The typed value of a raw value in the form files usually hold, as `convert` gives it;
    CHECK for anything else (then `convert` gives the value or the error). Validating a file
    converts about a hundred values: this is the path nearly all of them take."""
    return quick_for(spec)(spec, raw)


def quick_for(spec: Field) -> Quick:
    """The function `quick` applies for this field: f(spec, raw) -> value or CHECK."""
    return _QUICK.get(spec.type, _defer)


def _defer(spec: Field, raw: Any) -> Any:
    return CHECK


def _quick_number(spec: Field, raw: Any) -> Any:
    kind = type(raw)
    if kind is Decimal:
        value = raw
    elif kind is int:
        value = Decimal(raw)
    else:
        return CHECK
    if not value.is_finite():
        return CHECK
    low, high = _NUMBER_RANGES[spec.type]
    return value if low <= value <= high else CHECK


_NUMBER_RANGES = {
    "money": (Decimal(0), MAX_MONEY),
    "quantity": (Decimal(0), MAX_MONEY),
    "score": (Decimal(0), Decimal(100)),
    "number": (-MAX_MONEY, MAX_MONEY),
}


def _quick_count(spec: Field, raw: Any) -> Any:
    return raw if type(raw) is int and raw >= 0 else CHECK


def _quick_year(spec: Field, raw: Any) -> Any:
    return raw if type(raw) is int and MIN_YEAR <= raw <= MAX_YEAR else CHECK


def _quick_bool(spec: Field, raw: Any) -> Any:
    return raw if type(raw) is bool else CHECK


def _quick_date(spec: Field, raw: Any) -> Any:
    return raw if type(raw) is dt.date else CHECK


def _quick_text(spec: Field, raw: Any) -> Any:
    if type(raw) is not str or _CONTROL.search(raw) is not None:
        return CHECK
    return raw.strip() or CHECK


def _quick_choice(spec: Field, raw: Any) -> Any:
    return raw if type(raw) is str and raw in spec.choices else CHECK


def _quick_text_list(spec: Field, raw: Any) -> Any:
    if type(raw) is not list:
        return CHECK
    texts = []
    for text in raw:
        if type(text) is not str or _CONTROL.search(text) is not None:
            return CHECK
        stripped = text.strip()
        if not stripped:
            return CHECK
        texts.append(stripped)
    return tuple(texts)


_QUICK: dict[str, Quick] = {
    "money": _quick_number,
    "number": _quick_number,
    "quantity": _quick_number,
    "score": _quick_number,
    "count": _quick_count,
    "year": _quick_year,
    "bool": _quick_bool,
    "bool_or_na": _quick_bool,
    "date": _quick_date,
    "text": _quick_text,
    "choice": _quick_choice,
    "text_list": _quick_text_list,
}


def _describe(raw: Any) -> str:
    return shown(raw)


def _wrong(spec: Field, raw: Any) -> Converted:
    hint = ""
    if spec.type in ("bool", "bool_or_na") and raw in ("是", "否", "有", "无", "yes", "no"):
        hint = " (write true for 是, false for 否)"
    return Converted(error=f"expected {spec.expected()}, found {_describe(raw)}{hint}")


def _number(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        if isinstance(raw, str) and any(ch.isdigit() for ch in raw):
            return Converted(
                error=f"expected {spec.expected()}, found {_describe(raw)}: "
                "write the number alone, without quotes or units (万元 is implied)"
            )
        return _wrong(spec, raw)
    value = Decimal(raw)
    if not value.is_finite():
        return Converted(
            error=f"expected {spec.expected()}, found {shown(raw)} (not a finite number)"
        )
    if spec.type in ("money", "quantity", "score") and value < 0:
        return Converted(error=f"expected {spec.expected()}, found a negative number {shown(raw)}")
    if spec.type == "score" and value > 100:
        return Converted(error=f"expected {spec.expected()}, found {shown(raw)} (above 100)")
    if abs(value) > MAX_MONEY:
        return Converted(
            error=f"expected {spec.expected()}, found {shown(raw)}, which is implausibly large"
            + ("; was it typed in 元? divide by 10000 for 万元" if spec.type == "money" else "")
        )
    return Converted(value)


def _date(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, dt.datetime):
        return Converted(raw.date())
    if isinstance(raw, dt.date):
        return Converted(raw)
    if isinstance(raw, str):
        try:
            return Converted(dt.date.fromisoformat(raw.strip()))
        except ValueError:
            pass
    return _wrong(spec, raw)


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
    "CHECK",
    "FIELD_TYPES",
    "Field",
    "Quick",
    "Section",
    "convert",
    "merge_sections",
    "quick",
    "quick_for",
]
