"""How a facts file is laid out as a workbook, for the one who writes it (report/xlsx_template.py)
and the one who reads it (engine/facts/workbook.py): which sections go on which sheet, the
columns, and how a cell says what TOML says (是/否, 不适用, a list of texts).

A sheet of fields has a header row and one row per field: 项目 (the label), 填法 (how it is
written), 填写 (the input cell), 说明 and 字段名 (the key, `budget.adjusted`). A sheet of records
(targets, projects) has a header row of labels, a row of 填法, a row of keys (`targets.name`),
then one record per row. The reader goes by the keys, not by positions: a row or a column added
by the person filling it in, or a sheet renamed or moved, reads the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

from attrs import frozen

from jixiao.engine.facts.fields import Field, Section
from jixiao.engine.words.text import Text

# the columns of a sheet of fields, in order
LABEL_HEADER = Text("项目", "Item")
FORM_HEADER = Text("填法", "How to fill in")
VALUE_HEADER = Text("填写", "Value")
NOTE_HEADER = Text("佐证材料及备注", "Evidence and notes")
HELP_HEADER = Text("说明", "Notes on the field")
KEY_HEADER = Text("字段名", "Field key")
FIELD_COLUMNS = (LABEL_HEADER, FORM_HEADER, VALUE_HEADER, NOTE_HEADER, HELP_HEADER, KEY_HEADER)
VALUE_COLUMN = 3  # C: 预算收支!C5 is the adjusted budget
NOTE_COLUMN = 4  # the department's own: the evidence's name or number, never read
HELP_COLUMN = 5
KEY_COLUMN = 6
RECORD_NOTE = Text("备注", "Notes")  # a records sheet's last column, never read
# the workbook's ruleset, when the year alone would not choose it: a row of 基本信息
RULESET_KEY = "score.ruleset"
RULESET_LABEL = Text("评价规则", "Ruleset")
HEADER_ROW = 3  # after the sheet's title and its one line of help
RECORD_KEY_ROW = 5  # a records sheet: labels on 3, how to fill in on 4, the keys on 5
RECORD_ROWS = 200  # rows made ready (validated, unlocked) for records

# What a cell says for what TOML writes as true, false and "n/a": the drop-down's words.
YES = Text("是", "yes")
NO = Text("否", "no")
NOT_APPLICABLE = Text("不适用", "n/a")
NONE_WORD = {"zh": "无", "en": "none"}  # what a list cell of no texts says
# a list cell saying there is nothing: [] (after a full stop is taken off its end)
NONE_WORDS = (
    *("无", "暂无", "没有", "无问题", "没有问题", "未发现问题"),
    *("none", "[]", "n/a", "/", "-", "—", "——", "－"),
)
LIST_SEPARATORS = re.compile(r"[；;\n]")


def says_none(text: str) -> bool:
    """Whether a list cell's text says there is nothing: 无, 无。, 暂无, /, []…"""
    return text.strip().rstrip("。.；;").strip().lower() in NONE_WORDS


DIGITS = 15  # the significant digits a double keeps for every decimal: what Excel shows
MAX_COLUMNS = 64  # of a sheet, read; a records section of more fields has no workbook


def significant_digits(number: Decimal) -> int:
    return len(number.normalize().as_tuple().digits)


LIST_JOINER = {"zh": "；", "en": "; "}

# the owner of a ruleset's own facts: engine.ruleset.declared.DECLARED, not imported from there
# (that module is loaded only for a ruleset that declares facts; a test keeps the two the same)
DECLARED_OWNER = "ruleset"
INSTRUCTIONS = Text("填写说明", "Instructions")
CORE_SHEET = Text("基本信息", "Department")
RULESET_SHEET = Text("指标数据", "Indicator facts")
LISTS_SHEET = "_lists"  # the hidden sheet the drop-downs' choices are listed on

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def as_key(text: object) -> str | None:
    """The key a cell holds, or None: names joined by dots, each a name a section or field may
    have (`budget.adjusted`, `disclosure.budget.published`); read as a person may have typed
    it again (full-width dots, a zero-width space pasted in). `v1.2` and `2025.03.05` are no
    keys."""
    if not isinstance(text, str):
        return None
    key = unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).strip()
    parts = key.split(".")
    return key if len(parts) > 1 and all(part.isidentifier() for part in parts) else None


FORBIDDEN_IN_NAMES = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31  # Excel's limit


@frozen
class SheetPlan:
    """One sheet: its name and the sections it holds (a records sheet holds one)."""

    name: Text
    sections: tuple[Section, ...]

    @property
    def records(self) -> bool:
        return self.sections[0].array


def sheet_plans(groups: Sequence[tuple[str, Sequence[Section]]]) -> list[SheetPlan]:
    """A sheet for each group's sections of fields (the core's, each indicator's, the
    ruleset's own) and one for each section of records, in the template's order."""
    plans = []
    for owner, sections in groups:
        fields = tuple(section for section in sections if not section.array)
        if fields:
            if owner == "":
                name = CORE_SHEET
            elif owner == DECLARED_OWNER and len(fields) > 1:
                name = RULESET_SHEET
            else:
                name = fields[0].label
            plans.append(SheetPlan(name, fields))
        plans.extend(SheetPlan(s.label, (s,)) for s in sections if s.array)
    return plans


def sheet_names(plans: Sequence[SheetPlan], lang: str) -> list[str]:
    """Each plan's sheet name in `lang`, as Excel allows it: 31 characters, none of []:*?/\\,
    and unique (case aside)."""
    taken = {INSTRUCTIONS.get(lang).lower(), LISTS_SHEET}
    names = []
    for plan in plans:
        base = FORBIDDEN_IN_NAMES.sub("", plan.name.get(lang)).strip("' ")[:MAX_SHEET_NAME]
        name, count = base or "Sheet", 1
        while name.lower() in taken:
            count += 1
            suffix = f" {count}"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def choice_words(spec: Field, lang: str) -> tuple[str, ...]:
    """The words a choice's drop-down offers: in Chinese, the Chinese word a field gives for a
    choice (定量 for "quantitative", ≥ for ">="), which it reads as that choice."""
    if lang == "en":
        return spec.choices
    words = []
    for choice in spec.choices:
        said = next((word for word, meant in spec.aliases if meant == choice), choice)
        words.append(said)
    return tuple(words)


def help_of(part: Field | Section, lang: str) -> str:
    """What a field's or section's help says in a workbook: its `cell_help`, where its `help`
    speaks of how TOML writes it, else its help."""
    words = part.cell_help or part.help
    return words if isinstance(words, str) else words.get(lang)


def yes_no_words(lang: str) -> dict[object, str]:
    return {True: YES.get(lang), False: NO.get(lang), "n/a": NOT_APPLICABLE.get(lang)}


# what a drop-down's word means, in either language
WORD_VALUES: dict[str, object] = {
    **{YES.get(lang): True for lang in ("zh", "en")},
    **{NO.get(lang): False for lang in ("zh", "en")},
    **{NOT_APPLICABLE.get(lang): "n/a" for lang in ("zh", "en")},
}
