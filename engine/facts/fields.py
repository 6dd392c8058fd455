"""How an indicator declares the facts it reads, so the core can validate every file the same way.

An indicator lists `Section`s; each holds `Field`s with a type from FIELD_TYPES. The core merges
the sections of every installed indicator, refuses unknown keys (suggesting the nearest known
one), checks types and ranges, and hands the indicator typed values: money as exact Decimal,
dates as datetime.date. Cross-field checks (in use ≤ total) are the indicator's own `validate`.

A value typed the way people write it on paper, with one plain meaning, is accepted with a note
(是/否 for true/false, "2025年3月5日" for a date, "1,234.56" for a number, "98%" for a
percentage); whatever could mean two things is refused with what to write instead, and the
unit of an amount is never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from attrs import evolve, field, frozen

from jixiao.engine.errors import shown
from jixiao.engine.words.message import Message, Template, Words
from jixiao.engine.words.text import Text

# Largest amount accepted, in 万元 (a trillion yuan is 10^8 万元): beyond this is a typing slip.
MAX_MONEY = Decimal(10) ** 10
NOT_APPLICABLE_WORDS = ("n/a", "不适用")
MIN_YEAR, MAX_YEAR = 2000, 2100

FIELD_TYPES = {
    "money": Text(
        "以万元为单位的金额，只写数字，不加单位、不加引号，如 968.909901",
        "an amount in 万元, a number without unit or quotes, e.g. 968.909901",
    ),
    "number": Text(
        "数字，不加单位、不加引号，如 12.5", "a number without unit or quotes, e.g. 12.5"
    ),
    "quantity": Text(
        "不小于0的数字，不加单位、不加引号，如 12.5",
        "a number ≥ 0 without unit or quotes, e.g. 12.5",
    ),
    "percent": Text("百分数，只写数字，如 98 表示98%", "a percentage as a number, e.g. 98 for 98%"),
    "count": Text("不小于0的整数，如 3", "a whole number ≥ 0, e.g. 3"),
    "year": Text(
        f"{MIN_YEAR}至{MAX_YEAR}之间的年份，不加引号，如 2025",
        f"a year from {MIN_YEAR} to {MAX_YEAR} without quotes, e.g. 2025",
    ),
    "score": Text("0至100的分数，如 92.5", "a score from 0 to 100, e.g. 92.5"),
    "bool": Text("true（是）或 false（否），不加引号", "true or false (without quotes)"),
    "bool_or_na": Text(
        'true（是）、false（否）或 "n/a"（不适用）', 'true, false or "n/a" (不适用)'
    ),
    "date": Text("日期，如 2025-02-10", "a date such as 2025-02-10"),
    "text": Text("用英文双引号括起的文字", "text in quotes"),
    "choice": Text("所列的词之一", "one of the listed words"),
    "text_list": Text(
        '文字列表，如 ["账实不符"]；没有则写 []',
        'a list of texts, e.g. ["账实不符"] or [] for none',
    ),
}


# What a workbook's cell of each type holds, said to the one filling it in.
CELL_TYPES = {
    **FIELD_TYPES,
    "money": Text(
        "以万元为单位的金额，只填数字，不加单位，如 2640.5",
        "an amount in 万元, a number without a unit, e.g. 2640.5",
    ),
    "number": Text("数字，不加单位，如 12.5", "a number without a unit, e.g. 12.5"),
    "quantity": Text("不小于0的数字，不加单位，如 12.5", "a number ≥ 0 without a unit, e.g. 12.5"),
    "year": Text(
        f"{MIN_YEAR}至{MAX_YEAR}之间的年份，如 2025", f"a year from {MIN_YEAR} to {MAX_YEAR}"
    ),
    "bool": Text("从下拉列表选择“是”或“否”", "yes or no, chosen from the cell's list"),
    "bool_or_na": Text(
        "从下拉列表选择“是”“否”或“不适用”", "yes, no or n/a, chosen from the cell's list"
    ),
    "text": Text("文字", "text"),
    "text_list": Text(
        "文字，多项用“；”隔开，没有填“无”", "texts separated by “;”, or “none” for none"
    ),
}


@frozen
class Field:
    name: str
    type: str
    label: Text
    required: bool = False
    choices: tuple[str, ...] = ()
    help: Text | str = ""  # one line for the facts template
    # the same said for a workbook's cell, where `help` speaks of how TOML writes it
    cell_help: Text | str = ""
    # required unless every one of these is given instead (actual, or its two parts)
    alternatives: tuple[str, ...] = ()
    # other words for a choice, each with its one meaning: ("定量", "quantitative")
    aliases: tuple[tuple[str, str], ...] = ()
    # an example value as TOML writes it (`"达成"`, `200`), for the facts template; by default
    # one of the field's type
    example: str = ""

    # read from a workbook's cell: what is expected is said as a cell is filled in, not as
    # TOML writes it (是/否 from the list, not true or false)
    in_cells: bool = field(default=False, eq=False, repr=False)

    def expected(self) -> Words:
        if self.type == "choice":
            if self.in_cells:
                said = {meant: word for word, meant in reversed(self.aliases)}
                return ONE_OF_IN_CELLS(choices=[said.get(c, c) for c in self.choices])
            return ONE_OF(choices=[f'"{c}"' for c in self.choices])
        return (CELL_TYPES if self.in_cells else FIELD_TYPES)[self.type]


@frozen
class Section:
    """A TOML table (`budget`, `disclosure.budget`) or array of tables (`targets`)."""

    name: str
    label: Text
    fields: tuple[Field, ...]
    array: bool = False
    max_items: int = 1000
    help: Text | str = ""
    cell_help: Text | str = ""  # `help` for a workbook, where it speaks of TOML

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


# the typed value (None when there is none), why the raw value is wrong, and a note when it was
# accepted from a form with one plain meaning
Converted = tuple[Any, Words | None, Words | None]
Converter = Callable[["Field", Any], Converted]


def convert(spec: Field, raw: Any) -> Converted:
    """Check one raw TOML value against its field type: (typed value, None, note or None), or
    (None, why not, None)."""
    converter = CONVERTERS.get(spec.type)
    if converter is None:
        raise ValueError(f"unknown field type {spec.type!r}")
    return converter(spec, raw)


# control characters: below 32 except tab and newline, and DEL
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_NUMBER_RANGES = {
    "money": (Decimal(0), MAX_MONEY),
    "quantity": (Decimal(0), MAX_MONEY),
    "percent": (Decimal(0), MAX_MONEY),
    "score": (Decimal(0), Decimal(100)),
    "number": (-MAX_MONEY, MAX_MONEY),
}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－％", "0123456789.,-%")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234.56


def _number(spec: Field, raw: Any) -> Converted:
    kind = type(raw)
    if kind is Decimal or kind is int:  # the usual case first: a number within its range
        value = raw if kind is Decimal else Decimal(raw)
        low, high = _NUMBER_RANGES[spec.type]
        if value.is_finite() and low <= value <= high:
            return value, None, None
    if isinstance(raw, str):
        return _number_text(spec, raw)
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal):
        return _wrong(spec, raw)
    return _out_of_range(spec, raw, Decimal(raw))


def _out_of_range(spec: Field, raw: Any, value: Decimal) -> Converted:
    if not value.is_finite():
        return None, NOT_FINITE(expected=spec.expected(), found=shown(raw)), None
    if spec.type in ("money", "quantity", "percent", "score") and value < 0:
        return None, NEGATIVE(expected=spec.expected(), found=shown(raw)), None
    if spec.type == "score" and value > 100:
        return None, ABOVE_100(expected=spec.expected(), found=shown(raw)), None
    if spec.type == "money":
        return None, TOO_LARGE_MONEY(expected=spec.expected(), found=shown(raw)), None
    return None, TOO_LARGE(expected=spec.expected(), found=shown(raw)), None


def _number_text(spec: Field, raw: str) -> Converted:
    """A number written as text: "1,234.56", "98%" for a percentage, "2640万元" for an amount,
    read with a note; any other unit is refused, and never converted."""
    text = raw.strip().translate(_FULL_WIDTH)
    unit = ""
    for suffix in ("万元", "%", "元", "万"):
        if text.endswith(suffix):
            # 12万 is 12万元 for an amount; beside any other number it is no unit of its own
            text, unit = text[: -len(suffix)].strip(), "万元" if suffix == "万" else suffix
            break
    if _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        if any(ch.isdigit() for ch in raw):
            return None, _number_in_text(spec, raw), None
        return _wrong(spec, raw)
    if unit == "元" and spec.type == "money":
        return None, IN_YUAN(found=shown(raw), number=text), None
    if unit == "%" and spec.type != "percent":
        if spec.type == "money":
            return None, MONEY_PERCENT(found=shown(raw)), None
        said = PERCENT_HERE_IN_CELLS if spec.in_cells else PERCENT_HERE
        return None, said(found=shown(raw), number=text), None
    if unit and unit != {"money": "万元", "percent": "%"}.get(spec.type):
        return None, _number_in_text(spec, raw), None
    low, high = _NUMBER_RANGES[spec.type]
    if not (value.is_finite() and low <= value <= high):
        return _out_of_range(spec, raw, value)
    return value, None, READ_AS(found=shown(raw), value=value)


def _number_in_text(spec: Field, raw: Any) -> Words:
    said = NUMBER_IN_TEXT_IN_CELLS if spec.in_cells else NUMBER_IN_TEXT
    return said(expected=spec.expected(), found=shown(raw))


def _count(spec: Field, raw: Any) -> Converted:
    if type(raw) is int and raw >= 0:
        return raw, None, None
    return _whole_text(spec, raw, lambda whole: whole >= 0)


def _year(spec: Field, raw: Any) -> Converted:
    if type(raw) is int and MIN_YEAR <= raw <= MAX_YEAR:
        return raw, None, None
    return _whole_text(spec, raw, lambda whole: MIN_YEAR <= whole <= MAX_YEAR)


def _whole_text(spec: Field, raw: Any, fits: Callable[[int], bool]) -> Converted:
    """A whole number written as text ("2025", a cell formatted as text), read with a note."""
    text = raw.strip().translate(_FULL_WIDTH) if isinstance(raw, str) else ""
    if text.isascii() and text.isdigit() and len(text) < 16 and fits(int(text)):
        return int(text), None, READ_AS(found=shown(raw), value=int(text))
    return _wrong(spec, raw)


_YES = ("是", "有", "yes", "true", "对")
_NO = ("否", "没有", "no", "false", "不是")


def _yes_no(spec: Field, value: bool) -> str:
    """true or false as the file would say it: 是 or 否 in a workbook's cell."""
    if spec.in_cells:
        return "“是”" if value else "“否”"
    return "true" if value else "false"


def _bool(spec: Field, raw: Any) -> Converted:
    if type(raw) is bool:
        return raw, None, None
    word = raw.strip().lower() if isinstance(raw, str) else None
    if word in _YES or word in _NO or word == "无":
        value = word in _YES
        return value, None, READ_AS(found=shown(raw), value=_yes_no(spec, value))
    return _wrong(spec, raw)


def _bool_or_na(spec: Field, raw: Any) -> Converted:
    if type(raw) is bool:
        return raw, None, None
    word = raw.strip().lower() if isinstance(raw, str) else None
    if word in NOT_APPLICABLE_WORDS:
        return "n/a", None, None
    if word in ("无", "没有"):  # no such business (n/a), or no such rule set (false)?
        said = NONE_IS_TWO_THINGS_IN_CELLS if spec.in_cells else NONE_IS_TWO_THINGS
        return None, said(found=shown(raw)), None
    if word in _YES or word in _NO:
        value = word in _YES
        return value, None, READ_AS(found=shown(raw), value=_yes_no(spec, value))
    return _wrong(spec, raw)


_DATE_FORMS = (
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$"),
)


def _date(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, dt.datetime):
        return raw.date(), None, None
    if isinstance(raw, dt.date):
        return raw, None, None
    if isinstance(raw, str):
        text = raw.strip().translate(_FULL_WIDTH)
        for form in _DATE_FORMS:
            match = form.match(text)
            if match:
                try:
                    day = dt.date(*(int(part) for part in match.groups()))
                except ValueError:
                    return None, NO_SUCH_DATE(found=shown(raw)), None
                note = None if text == day.isoformat() else READ_AS(found=shown(raw), value=day)
                return day, None, note
    return _wrong(spec, raw)


def _text(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, str):
        if _CONTROL.search(raw) is not None:
            return None, CONTROL, None
        if raw.strip():
            return raw.strip(), None, None
        return None, EMPTY(label=spec.label), None
    return _wrong(spec, raw)


def _choice(spec: Field, raw: Any) -> Converted:
    if isinstance(raw, str) and raw in spec.choices:
        return raw, None, None
    meant = dict(spec.aliases).get(raw.strip()) if isinstance(raw, str) else None
    if meant is not None:  # 定量 for "quantitative": a word the field declares, read silently
        return meant, None, None
    return _wrong(spec, raw)


def _text_list(spec: Field, raw: Any) -> Converted:
    if not isinstance(raw, list):
        return _wrong(spec, raw)
    if any(isinstance(text, str) and _CONTROL.search(text) is not None for text in raw):
        return None, CONTROL, None
    if all(isinstance(text, str) and text.strip() for text in raw):
        return tuple(text.strip() for text in raw), None, None
    return _wrong(spec, raw)


CONVERTERS: dict[str, Converter] = {
    "money": _number,
    "number": _number,
    "quantity": _number,
    "percent": _number,
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
    return None, WRONG(expected=spec.expected(), found=shown(raw)), None


class ConflictingSections(ValueError):
    """Two indicators declare the same facts differently."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.get("en"))
        self.message = message


TABLE_AND_ARRAY = Template(
    "facts.table_and_array",
    "{owner}：[{section}] 既被声明为表，又被声明为数组",
    "{owner}: section {section} declared both as table and array",
)
TYPES_DIFFER = Template(
    "facts.types_differ",
    "{owner}：字段 {section}.{name} 声明为 {new}，另一个指标声明为 {old}",
    "{owner}: field {section}.{name} declared as {new}, another indicator declares it as {old}",
)

REQUIRED_IN_ANOTHERS = Template(
    "facts.required_in_anothers",
    "{owner}：将 {name} 声明为其他指标的部分 [{section}] 中的必填字段；"
    "在其他指标的部分中只能声明选填字段（required=False），必填字段请放在本指标的部分中",
    "{owner}: makes {name} required in [{section}], which another indicator declares; a field "
    "in another indicator's section must be optional (required=False): put a required one in a "
    "section of its own",
)


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
                raise ConflictingSections(TABLE_AND_ARRAY(owner=owner, section=section.name))
            fields = list(known.fields)
            for new in section.fields:
                old = known.field(new.name)
                if old is None and (new.required or new.alternatives):
                    # it would make every department's file that lacks it unusable
                    raise ConflictingSections(
                        REQUIRED_IN_ANOTHERS(owner=owner, section=section.name, name=new.name)
                    )
                if old is None:
                    fields.append(new)
                elif new.required and not old.required:  # it would refuse files that omit it
                    raise ConflictingSections(
                        REQUIRED_IN_ANOTHERS(owner=owner, section=section.name, name=new.name)
                    )
                elif (old.type, old.choices) != (new.type, new.choices):
                    raise ConflictingSections(
                        TYPES_DIFFER(
                            owner=owner,
                            section=section.name,
                            name=new.name,
                            new=new.type,
                            old=old.type,
                        )
                    )
            merged[section.name] = Section(
                section.name, known.label, tuple(fields), known.array, known.max_items, known.help
            )
    return merged


ONE_OF = Template("facts.one_of", "以下之一：{choices:list}", "one of {choices:list}")
ONE_OF_IN_CELLS = Template(
    "facts.one_of_in_cells",
    "从下拉列表选择以下之一：{choices:list}",
    "one of {choices:list}, chosen from the cell's list",
)


def in_cells(spec: Field) -> Field:
    """The field as a workbook's cell holds it (see Field.in_cells)."""
    return spec if spec.in_cells else evolve(spec, in_cells=True)


WRONG = Template(
    "facts.wrong", "应为{expected}，填写的是 {found}", "expected {expected}, found {found}"
)
NOT_FINITE = Template(
    "facts.not_finite",
    "应为{expected}，填写的是 {found}（不是有限的数字）",
    "expected {expected}, found {found} (not a finite number)",
)
NEGATIVE = Template(
    "facts.negative",
    "应为{expected}，填写的是负数 {found}",
    "expected {expected}, found a negative number {found}",
)
ABOVE_100 = Template(
    "facts.above_100",
    "应为{expected}，填写的是 {found}（超过100）",
    "expected {expected}, found {found} (above 100)",
)
TOO_LARGE = Template(
    "facts.too_large",
    "应为{expected}，填写的是 {found}，大得不合常理",
    "expected {expected}, found {found}, which is implausibly large",
)
TOO_LARGE_MONEY = Template(
    "facts.too_large_money",
    "应为{expected}，填写的是 {found}，大得不合常理；是否按“元”填写了？金额以万元为单位",
    "expected {expected}, found {found}, which is implausibly large; was it typed in 元? "
    "amounts are in 万元",
)
NUMBER_IN_TEXT = Template(
    "facts.number_in_text",
    "应为{expected}，填写的是 {found}：只写数字，不加引号和单位",
    "expected {expected}, found {found}: write the number alone, without quotes or units",
)
NUMBER_IN_TEXT_IN_CELLS = Template(  # what a cell expects says already: a number, no unit
    "facts.number_in_text_in_cells",
    "应为{expected}，填写的是 {found}",
    "expected {expected}, found {found}",
)
IN_YUAN = Template(
    "facts.in_yuan",
    "{found} 是以“元”为单位的金额，本表金额以万元为单位：请换算成万元后只写数字"
    "（{number}元除以10000）",
    "{found} is an amount in 元; amounts here are in 万元: convert it and write the number alone "
    "({number} 元 divided by 10000)",
)
MONEY_PERCENT = Template(
    "facts.money_percent",
    "金额不能写成百分数（{found}）：请填写以万元为单位的金额",
    "an amount cannot be a percentage ({found}): give it in 万元",
)
PERCENT_HERE = Template(
    "facts.percent_here",
    '填写的是 {found}：只写数字 {number}，单位写在 unit = "%"',
    'found {found}: write the number {number} alone, and the unit as unit = "%"',
)
PERCENT_HERE_IN_CELLS = Template(
    "facts.percent_here_in_cells",
    "填写的是 {found}：只填数字 {number}，不加“%”",
    "found {found}: type the number {number} alone, without %",
)
READ_AS = Template("facts.read_as", "已将 {found} 读作 {value}", "read {found} as {value}")
NONE_IS_TWO_THINGS = Template(
    "facts.none_is_two_things",
    '{found} 有两种意思：本部门没有这项业务，请写 "n/a"（不适用）；'
    "有这项业务但没有建立这项制度，请写 false",
    '{found} can mean two things: the department has no such business, then write "n/a" '
    "(不适用); or it has the business but no such rule set, then write false",
)
NONE_IS_TWO_THINGS_IN_CELLS = Template(
    "facts.none_is_two_things_in_cells",
    "{found} 有两种意思：本部门没有这项业务，请选“不适用”；有这项业务但没有建立这项制度，请选“否”",
    "{found} can mean two things: the department has no such business, then choose n/a; or "
    "it has the business but no such rule set, then choose no",
)
NO_SUCH_DATE = Template(
    "facts.no_such_date",
    "{found} 不是一个真实的日期；日期写作 2025-02-10",
    "{found} is not a real date; write it as 2025-02-10",
)
EMPTY = Template("facts.empty", "不能为空：请填写{label}", "is empty: give the {label}")
CONTROL = Template(
    "facts.control",
    "含有控制字符（如 ESC），可能扰乱阅读结果者的屏幕；请重新输入这段文字",
    "holds control characters (such as ESC), which can garble the screen of whoever reads the "
    "result; type the text again without them",
)


__all__ = [
    "CONVERTERS",
    "FIELD_TYPES",
    "Converted",
    "Field",
    "Section",
    "convert",
    "merge_sections",
]
