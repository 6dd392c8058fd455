"""The fill-in workbook (`score init dept.xlsx`): the facts template as a workbook a finance
officer fills in Excel or WPS, blank or pre-filled from a facts file (`--from dept.toml`).

Laid out as engine/facts/sheets.py says, so that engine/facts/workbook.py reads it back: a first
sheet of instructions, a sheet of fields for each indicator's sections (label, how to fill it
in, the yellow input cell, notes, and the key in a grey column a person can ignore), and a sheet
for each kind of record (targets, projects) with one record per row. Every input cell is
validated as its field's type says: a 是/否 (and 不适用) or a choice drop-down, a date, a number
≥ 0. Labels are locked, input cells are not; the sheets are protected without a password,
against overwriting a label by accident.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from jixiao.engine.errors import InputError, PluginError, PluginFailure, Problem
from jixiao.engine.facts.fields import MAX_MONEY, MAX_YEAR, MIN_YEAR, Field, Section
from jixiao.engine.facts.sheets import (
    DECLARED_OWNER,
    DIGITS,
    FIELD_COLUMNS,
    HEADER_ROW,
    HELP_COLUMN,
    INSTRUCTIONS,
    KEY_COLUMN,
    LIST_JOINER,
    LIST_SEPARATORS,
    LISTS_SHEET,
    MAX_COLUMNS,
    NONE_WORD,
    NOTE_COLUMN,
    RECORD_KEY_ROW,
    RECORD_NOTE,
    RECORD_ROWS,
    RULESET_KEY,
    RULESET_LABEL,
    VALUE_COLUMN,
    SheetPlan,
    choice_words,
    help_of,
    says_none,
    sheet_names,
    sheet_plans,
    significant_digits,
    yes_no_words,
)
from jixiao.engine.facts.template import (
    HINTS,
    REQUIRED,
    REQUIRED_OR,
    picked_by_year,
    template_groups,
    value_at,
)
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text
from jixiao.report.wrap import width_of
from jixiao.report.xlsx_cells import FORMULA_STARTS, SheetWriter, clean, new_workbook, solid_fill

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

INPUT_FILL = "FFF2CC"  # the cells to fill in: light yellow, as the bureaus' forms have them
SECTION_FILL = "F2F2F2"
KEY_COLOUR = "A6A6A6"
NOTE_COLOUR = "595959"

# How a value of each type is filled in, in a cell: a few words in the 填法 column; a number's
# as the TOML template says it, what is chosen or typed otherwise as a cell takes it.
FORMS = {
    **HINTS,
    "bool": Text("下拉选择 是/否", "choose yes or no"),
    "bool_or_na": Text("下拉选择 是/否/不适用", "choose yes, no or n/a"),
    "date": Text("日期，如 {year}-02-10", "a date, e.g. {year}-02-10"),
    "text": Text("文字", "text"),
    "choice": Text("下拉选择", "choose from the list"),
    "text_list": Text("多项用“；”隔开，没有填“无”", "several separated by “;”, “none” for none"),
}
SHEET_NOTE = Text(
    "在黄色单元格中填写；标“必填”的必须填写，没有依据的项留空。灰色的“字段名”列供程序读取，请勿修改。",
    "Fill in the yellow cells; those marked required must be filled in; leave a cell empty when "
    "there is no evidence for it. The grey Field key column is for the program: leave it as is.",
)
RECORDS_NOTE = Template(
    "workbook.records_note",
    "每行填写一个{label}，有几个填几行；黄色区域内可增删行。灰色的字段名一行供程序读取，请勿修改。",
    "One {label} per row, as many rows as there are; rows may be added or deleted within the "
    "yellow area. The grey row of field keys is for the program: leave it as is.",
)
TITLE = Template(
    "workbook.title",
    "{year}年度部门整体支出绩效评价 填报工作簿",
    "Department overall expenditure performance evaluation: facts workbook for {year}",
)
RULESET_LINE = Template(
    "workbook.ruleset_line",
    "评价规则：{title}（规则名 {ruleset}）。本工作簿由 score init 生成。",
    "Ruleset: {title} ({ruleset}). Written by score init.",
)
# the instructions, in order; the step about records sheets goes after the first five, when the
# workbook has any (RECORD_STEP, naming them)
STEPS_FIRST = (
    Text(
        "只在黄色单元格中填写；其他单元格已锁定（工作表保护未设密码），以免误改项目名称。",
        "Fill in the yellow cells only; the other cells are locked (the sheets are protected "
        "without a password) so that a label is not changed by accident.",
    ),
    Text(
        "金额一律以万元为单位，只填数字，不加单位：2640.5。百分数填数字：98 即98%。",
        "Amounts are in 万元 (10,000 yuan), numbers only, without a unit: 2640.5. A percentage "
        "is its number: 98 for 98%.",
    ),
    Text(
        "是/否、不适用和有固定选项的项，从单元格的下拉列表中选择；日期填 2025-02-10。",
        "Yes/no, n/a and fields with set answers are chosen from the cell's drop-down list; a "
        "date is 2025-02-10.",
    ),
    Text(
        "标“必填”的项不填，工作簿就不能评分：预算执行率等指标都以这些金额为基数。",
        "A field marked required left empty stops the workbook from being scored: the budget's "
        "rates are worked out from these amounts.",
    ),
    Text(
        "其他各项是评分的依据。没有依据的项留空：评分时该项按“无佐证”计0分，并逐项提示。"
        "不要用 0 或“否”代替“不知道”：它们是回答，会按回答评分。",
        "Every other field is evidence. Leave a field empty when there is no evidence for it: "
        "it then scores as no evidence (0 points), with a warning naming it. Do not write 0 or "
        "no for not known: those are answers, and are scored as answers.",
    ),
)
STEPS_LAST = (
    Text(
        "“佐证材料及备注”列可填佐证材料的名称、文号或说明，不参与评分；也可以插入行和列写备注。"
        "灰色的“字段名”是程序读取的依据，请勿修改或删除。",
        "The Evidence and notes column takes the name or number of the evidence, or a note; it "
        "is not scored. Rows and columns may be inserted for notes too. The grey field keys are "
        "what the program reads: do not change or delete them.",
    ),
    Text(
        "用 Excel 或 WPS 保存为 .xlsx 格式（不要另存为 .xls 或 .et），在“基本信息”末尾填写"
        "填报单位、负责人和填报人后，按财政部门的要求报送。",
        "Save it as .xlsx in Excel or WPS (not as .xls or .et), fill in the sign-off at the end "
        "of the Department sheet, and hand it in as the finance bureau asks.",
    ),
)
RECORD_STEP = Template(
    "workbook.record_step",
    "{sheets:list}每行填一条，有几条填几行。",
    "{sheets:list}: one record per row, as many rows as there are.",
)
RUN_LINE = Template(
    "workbook.run_line",
    "评分：score run 本文件.xlsx（财政部门或本部门自行评分时运行）",
    "To score it: score run THIS-FILE.xlsx",
)
YEAR_FORM = Text("本工作簿的评价年度，不要改", "the year this workbook is for")
RULESET_FORM = Text("生成本工作簿的评价规则，不要改", "the ruleset this workbook was made for")
SIGN_OFF_TITLE = Text("填报信息（不参与评分）", "Sign-off (not scored)")
SIGN_OFF = (
    Text("填报单位（盖章）", "Department (seal)"),
    Text("单位负责人", "Head of the department"),
    Text("填报人", "Filled in by"),
    Text("联系电话", "Telephone"),
    Text("填报日期", "Date"),
)
GRADE_FIELDS = ("self_evaluation.grade", "projects.self_grade")
SHEETS_HEADER = (Text("工作表", "Sheet"), Text("内容", "What it holds"))
INSTRUCTIONS_WIDTH = 96  # characters across the instructions' two columns
PROMPT_MAX = 250  # Excel refuses an input message longer than 255 characters


def build_facts_workbook(
    ruleset: Ruleset,
    registry: Registry,
    lang: str = "zh",
    values: Mapping[str, Any] | None = None,
    source: str = "",
) -> Workbook:
    """The fill-in workbook of `ruleset`'s facts; pre-filled with `values` (the data of the
    facts file `source`, in TOML's shape, every value of its field's type) when given: refused,
    naming each field, when a value would not read back as it is (cannot_hold)."""
    if values is not None:
        problems = cannot_hold(values, source, registry)
        if problems:
            raise InputError(problems)
    groups = template_groups(ruleset, registry)
    _refuse_too_wide(groups, ruleset)
    plans = sheet_plans(groups)
    names = sheet_names(plans, lang)
    book = new_workbook(lang, TITLE(year=ruleset.year).get(lang))
    _instructions(book, ruleset, plans, names, lang)
    lists = _Lists(book)
    given = values or {}
    for plan, name in zip(plans, names, strict=True):
        writer = _Writer(book.create_sheet(name), ruleset, lang, lists)
        if plan.records:
            section = plan.sections[0]
            records = value_at(given, section.name)
            writer.records(section, records if isinstance(records, list) else [])
        else:
            writer.fields(plan, given, first=plan is plans[0])
    book.active = 0
    return book


def _refuse_too_wide(groups: Sequence[tuple[str, Sequence[Section]]], ruleset: Ruleset) -> None:
    """A records section of more fields than a sheet's columns are read: the ruleset's
    problem when it declares it, else the plugin's that does (a workbook cannot be made)."""
    for owner, sections in groups:
        for section in sections:
            if section.array and len(section.fields) >= MAX_COLUMNS:
                said = TOO_MANY_FIELDS(section=section.name, most=MAX_COLUMNS - 1)
                if owner == DECLARED_OWNER:
                    problem = Problem(ruleset.source, f"facts.{section.name}", said)
                    raise InputError([problem])
                raise PluginError(PluginFailure(owner, None, said, provides=(owner,)))


def _instructions(
    book: Workbook, ruleset: Ruleset, plans: Sequence[SheetPlan], names: Sequence[str], lang: str
) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = SheetWriter(book.create_sheet(INSTRUCTIONS.get(lang)))
    title = sheet.text(1, 1, TITLE(year=ruleset.year).get(lang))
    title.font = Font(bold=True, size=14)
    said = RULESET_LINE(title=ruleset.title.get(lang), ruleset=ruleset.id).get(lang)
    sheet.text(2, 1, said)
    records = [name for plan, name in zip(plans, names, strict=True) if plan.records]
    middle = [RECORD_STEP(sheets=records).get(lang)] if records else []
    steps = [*(step.get(lang) for step in STEPS_FIRST), *middle]
    steps += [step.get(lang) for step in STEPS_LAST]
    row = 4
    for number, step in enumerate(steps, start=1):
        step = f"{number}. {step}"
        cell = sheet.text(row, 1, step)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        lines = -(-width_of(step) // INSTRUCTIONS_WIDTH)  # a merged cell is not grown on opening
        sheet.sheet.row_dimensions[row].height = 16 * max(1, lines)
        row += 1
    row += 1
    sheet.header(row, [words.get(lang) for words in SHEETS_HEADER])
    for plan, name in zip(plans, names, strict=True):
        row += 1
        sheet.text(row, 1, name)
        sheet.text(row, 2, "、".join(section.label.get(lang) for section in plan.sections))
    row += 2
    sheet.text(row, 1, RUN_LINE().get(lang)).font = Font(bold=True)
    sheet.widths.clear()
    sheet.fit({1: 24, 2: INSTRUCTIONS_WIDTH - 24})
    sheet.landscape()
    sheet.sheet.sheet_view.showGridLines = False
    sheet.sheet.protection.sheet = True


class _Lists:
    """The drop-downs' choices, one column each on a hidden sheet (a list written into the
    validation itself breaks at a comma and stops at 255 characters)."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, choices: Sequence[str]) -> str:
        from openpyxl.utils import get_column_letter

        key = tuple(choices)
        found = self.ranges.get(key)
        if found is None:
            column = len(self.ranges) + 1
            for row, choice in enumerate(choices, start=1):
                cell = self.sheet.cell(row=row, column=column, value=clean(choice))
                cell.data_type = "s"
            letter = get_column_letter(column)
            found = f"{LISTS_SHEET}!${letter}$1:${letter}${len(choices)}"
            self.ranges[key] = found
        return found


class _Writer:
    """One sheet of the workbook, of fields or of records."""

    def __init__(self, sheet: Worksheet, ruleset: Ruleset, lang: str, lists: _Lists) -> None:
        self.out = SheetWriter(sheet)
        self.ruleset = ruleset
        self.lang = lang
        self.lists = lists

    # ── a sheet of fields ──

    def fields(self, plan: SheetPlan, given: Mapping[str, Any], first: bool = False) -> None:
        """A sheet of fields; the `first` (基本信息) also names a ruleset the year would not
        choose, and ends with the sign-off a bureau asks of a form."""
        from openpyxl.styles import Font, Protection

        out, lang = self.out, self.lang
        self._title(plan.name.get(lang), SHEET_NOTE.get(lang), len(FIELD_COLUMNS))
        out.header(HEADER_ROW, [words.get(lang) for words in FIELD_COLUMNS])
        row = HEADER_ROW
        headed = len(plan.sections) > 1
        for section in plan.sections:
            values = value_at(given, section.name)
            if headed:
                row += 1
                self._section_heading(row, section)
            for spec in section.fields:
                row += 1
                path = f"{section.name}.{spec.name}"
                year = path == "department.year"  # the ruleset's: locked, as the label is
                form = YEAR_FORM.get(lang) if year else self._form(section, spec)
                self._labels(row, form, spec.label.get(lang), help_of(spec, lang))
                self._key(row, path)
                value = values.get(spec.name) if isinstance(values, Mapping) else None
                if year:
                    out.integer(row, VALUE_COLUMN, self.ruleset.year).fill = solid_fill(
                        SECTION_FILL
                    )
                    continue
                cell = self._input(row, VALUE_COLUMN, spec, value)
                self._validate(cell.coordinate, path, spec)
                self._note_cell(row, NOTE_COLUMN)
            if first and section.name == "department" and not picked_by_year(self.ruleset):
                row += 1  # read back as the ruleset to score with: no --ruleset needed
                said = RULESET_FORM.get(lang)
                self._labels(row, said, RULESET_LABEL.get(lang), self.ruleset.title.get(lang))
                self._key(row, RULESET_KEY)
                out.text(row, VALUE_COLUMN, self.ruleset.id).fill = solid_fill(SECTION_FILL)
        if first:
            row += 2
            out.text(row, 1, SIGN_OFF_TITLE.get(lang)).font = Font(bold=True)
            for words in SIGN_OFF:
                row += 1
                out.text(row, 1, words.get(lang))
                cell = out.sheet.cell(row=row, column=VALUE_COLUMN)
                cell.fill = solid_fill(INPUT_FILL)
                cell.protection = Protection(locked=False)
                out.sheet.merge_cells(
                    start_row=row, start_column=VALUE_COLUMN, end_row=row, end_column=NOTE_COLUMN
                )
        out.widths.clear()
        out.fit({1: 24, 2: 20, 3: 22, 4: 22, 5: 40, 6: 26})
        out.sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        out.landscape(f"{HEADER_ROW}:{HEADER_ROW}")
        self._protect()

    def _labels(self, row: int, form: str, label: str, help_text: str) -> None:
        """A field's locked cells: its label, how it is filled in, its help."""
        out = self.out
        out.text(row, 1, label, wrap=True)
        out.text(row, 2, form, wrap=True)
        if help_text:
            out.text(row, HELP_COLUMN, help_text, wrap=True)

    def _key(self, row: int, key: str, column: int = KEY_COLUMN) -> None:
        from openpyxl.styles import Font

        self.out.text(row, column, key).font = Font(color=KEY_COLOUR, size=8)

    def _note_cell(self, row: int, column: int) -> None:
        """The department's own cell beside an answer: the evidence, a note; never read."""
        from openpyxl.styles import Alignment, Protection

        cell = self.out.sheet.cell(row=row, column=column)
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(vertical="top", wrap_text=True)

    def _section_heading(self, row: int, section: Section) -> None:
        from openpyxl.styles import Font

        lang = self.lang
        text = section.label.get(lang)
        said = help_of(section, lang)
        if said:
            text += ("：" if lang != "en" else ": ") + said
        cell = self.out.text(row, 1, text)
        cell.font = Font(bold=True)
        for column in range(1, len(FIELD_COLUMNS) + 1):
            self.out.sheet.cell(row=row, column=column).fill = solid_fill(SECTION_FILL)
        self.out.sheet.merge_cells(
            start_row=row, start_column=1, end_row=row, end_column=HELP_COLUMN
        )

    # ── a sheet of records ──

    def records(self, section: Section, given: Sequence[Any]) -> None:
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        out, lang = self.out, self.lang
        columns = len(section.fields)
        note = RECORDS_NOTE(label=section.label).get(lang)
        said = help_of(section, lang)
        if said:
            note = said + ("。" if lang != "en" else ". ") + note
        self._title(section.label.get(lang), note, columns + 1)
        labels = [spec.label.get(lang) for spec in section.fields]
        out.header(HEADER_ROW, [*labels, RECORD_NOTE.get(lang)])
        rows = max(RECORD_ROWS, len(given) + 20)
        first, last = RECORD_KEY_ROW + 1, RECORD_KEY_ROW + rows
        widths = {column: _record_width(spec) for column, spec in enumerate(section.fields, 1)}
        lines = 2  # the row of 填法 as high as its longest text, in its smaller type (9 in 11)
        for column, spec in enumerate(section.fields, start=1):
            form = self._form(section, spec)
            said = help_of(spec, lang)
            if said:
                form += ("。" if lang != "en" else ". ") + said
            cell = out.text(HEADER_ROW + 1, column, form)
            lines = max(lines, -(-width_of(form) * 9 // (widths[column] * 11)))
            cell.font = Font(color=NOTE_COLOUR, size=9)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self._key(RECORD_KEY_ROW, f"{section.name}.{spec.name}", column)
            for index in range(rows):
                record = given[index] if index < len(given) else None
                value = record.get(spec.name) if isinstance(record, Mapping) else None
                self._input(RECORD_KEY_ROW + 1 + index, column, spec, value)
            letter = get_column_letter(column)
            self._validate(f"{letter}{first}:{letter}{last}", f"{section.name}.{spec.name}", spec)
        notes_at = columns + 1
        for index in range(rows):
            self._note_cell(RECORD_KEY_ROW + 1 + index, notes_at)
        widths[notes_at] = 20
        out.widths.clear()
        out.fit(widths)
        out.sheet.row_dimensions[HEADER_ROW + 1].height = 12 * lines + 2
        out.sheet.freeze_panes = f"B{RECORD_KEY_ROW + 1}"
        out.landscape(f"{HEADER_ROW}:{HEADER_ROW}")
        self._protect(rows=True)

    # ── cells ──

    def _title(self, title: str, note: str, columns: int) -> None:
        from openpyxl.styles import Alignment, Font

        out = self.out
        out.text(1, 1, title).font = Font(bold=True, size=14)
        cell = out.text(2, 1, note)
        cell.font = Font(italic=True, color=NOTE_COLOUR)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        span = max(columns, 4)
        out.sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=span)
        out.sheet.row_dimensions[2].height = 30
        out.widths.pop(1, None)

    def _form(self, section: Section, spec: Field) -> str:
        lang = self.lang
        words = FORMS.get(spec.type, Text("", "")).get(lang).format(year=self.ruleset.year)
        joiner, colon = ("、", "：") if lang != "en" else (", ", ": ")
        if spec.type == "choice":
            words += colon + joiner.join(choice_words(spec, lang))
        elif f"{section.name}.{spec.name}" in GRADE_FIELDS:
            grades = [grade.label.get(lang) for grade in self.ruleset.grades]
            words = FORMS["choice"].get(lang) + colon + joiner.join(grades)
        parts = [words]
        if spec.required:
            parts.append(REQUIRED.get(lang))
        elif spec.alternatives:
            others = [_label(section, name, lang) for name in spec.alternatives]
            parts.append(REQUIRED_OR(others=others).get(lang))
        return ("；" if lang != "en" else "; ").join(part for part in parts if part)

    def _input(self, row: int, column: int, spec: Field, value: Any) -> Any:
        """The cell to fill in: yellow, unlocked, formatted as the field's type says, holding
        `value` when pre-filled."""
        from openpyxl.styles import Alignment, Protection

        cell = self.out.sheet.cell(row=row, column=column)
        _put(cell, value, spec, self.lang)
        if isinstance(cell.value, str) and spec.type in ("text", "text_list"):
            self.out.wrapped[(row, column)] = cell.value  # the row made as high as it needs
        cell.fill = solid_fill(INPUT_FILL)
        cell.protection = Protection(locked=False)
        cell.alignment = Alignment(vertical="top", wrap_text=spec.type in ("text", "text_list"))
        cell.number_format = _number_format(spec)
        return cell

    def _validate(self, cells: str, path: str, spec: Field) -> None:
        """A drop-down of the field's answers, or the range of its numbers or dates, over
        `cells` (one cell, or a column of records)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        lang = self.lang
        choices = _choices(spec, path, self.ruleset, lang)
        if choices:
            rule = DataValidation(type="list", formula1=self.lists.range_of(choices))
            rule.error = CHOOSE.get(lang)
        elif spec.type in RANGES:
            kind, low, high, error = RANGES[spec.type]
            operator: Literal["between", "greaterThanOrEqual"] = (
                "between" if high is not None else "greaterThanOrEqual"
            )
            rule = DataValidation(type=kind, operator=operator, formula1=low, formula2=high)
            rule.error = error.get(lang)
        else:
            return
        rule.errorTitle = WRONG_TITLE.get(lang)
        rule.errorStyle = "stop"
        rule.showErrorMessage = True
        rule.allow_blank = True
        rule.promptTitle = spec.label.get(lang)[:32]
        help_text = help_of(spec, lang)
        rule.prompt = help_text[:PROMPT_MAX] if help_text else None
        rule.showInputMessage = bool(help_text)
        self.out.sheet.add_data_validation(rule)
        rule.add(cells)

    def _protect(self, rows: bool = False) -> None:
        protection = self.out.sheet.protection
        protection.sheet = True  # no password: against changing a label by accident
        protection.formatColumns = False  # widths, heights and formats stay the officer's
        protection.formatRows = False
        protection.formatCells = False
        protection.insertRows = False  # rows of notes, or of records, may be added
        protection.insertColumns = False  # and columns of notes
        protection.deleteRows = not rows


def _choices(spec: Field, path: str, ruleset: Ruleset, lang: str) -> tuple[str, ...]:
    """The words a drop-down offers: 是/否 (and 不适用), a choice's, a grade's."""
    words = yes_no_words(lang)
    if spec.type == "bool":
        return (words[True], words[False])
    if spec.type == "bool_or_na":
        return (words[True], words[False], words["n/a"])
    if spec.type == "choice":
        return choice_words(spec, lang)
    if path in GRADE_FIELDS:
        return tuple(grade.label.get(lang) for grade in ruleset.grades)
    return ()


def _number_format(spec: Field) -> str:
    if spec.type == "date":
        return "yyyy-mm-dd"
    if spec.type in ("count", "year"):
        return "0"
    if spec.type in ("text", "choice", "text_list"):
        return "@"  # a code of digits stays text: 001 keeps its zeros
    return "General"


def _put(cell: Any, value: Any, spec: Field, lang: str) -> None:
    """A pre-filled value as its cell holds it."""
    if value is None:
        return
    if isinstance(value, bool) or (value == "n/a" and spec.type == "bool_or_na"):
        cell.value = yes_no_words(lang)[value]
    elif isinstance(value, int | Decimal | dt.date):
        cell.value = value
    elif isinstance(value, list | tuple):
        joined = LIST_JOINER.get(lang, "; ").join(str(item) for item in value)
        cell.value = clean(joined or NONE_WORD[lang])  # [] is an answer: none
        cell.data_type = "s"
    elif spec.type == "choice" and value in spec.choices:
        cell.value = choice_words(spec, lang)[spec.choices.index(value)]
        cell.data_type = "s"
    else:
        cell.value = clean(str(value))
        cell.data_type = "s"  # a text is never a formula
        if str(value).startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def cannot_hold(values: Mapping[str, Any], source: str, registry: Registry) -> list[Problem]:
    """What of a facts file's values a workbook cannot hold so that it reads back the same: a
    number of more significant digits than a double keeps; a list whose texts hold the ；that
    separates them, or that is one text the reader takes for "none" (["无"]); a text longer
    than a cell holds."""
    problems = []
    for path, value in _leaves(values, ""):
        said: Template | None = None
        if isinstance(value, Decimal) and significant_digits(value) > DIGITS:
            problems.append(Problem(source, path, TOO_PRECISE(value=str(value), digits=DIGITS)))
            continue
        if isinstance(value, tuple | list) and (
            any(LIST_SEPARATORS.search(str(item)) for item in value)
            or (len(value) == 1 and says_none(str(value[0])))
        ):
            said = SEPARATOR_IN_LIST
        elif isinstance(value, str) and len(value) > CELL_MAX:
            said = TOO_LONG
        if said is not None:
            problems.append(Problem(source, path, said(most=CELL_MAX)))
    schema = registry.schema
    return [Problem(p.file, p.field, p.message, label=schema.label_of(p.field)) for p in problems]


def _leaves(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list) and all(isinstance(item, Mapping) for item in node) and node:
        for index, item in enumerate(node):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, node


def _record_width(spec: Field) -> int:
    """A records column as wide as its answers need (a name more, a number less), and wide
    enough that its row of 填法 stays a few lines high."""
    if spec.required and spec.type == "text":
        return 30  # the record's name
    if spec.type in ("text", "text_list"):
        return 20
    return 16


def _label(section: Section, name: str, lang: str) -> str:
    spec = section.field(name)
    return spec.label.get(lang) if spec is not None else name


CELL_MAX = 32767  # the characters a cell holds
TOO_MANY_FIELDS = Template(
    "workbook.too_many_fields",
    "记录 [{section}] 的字段超过{most}个，工作簿的一行放不下；请减少字段，或改用 TOML 填报",
    "the records [{section}] have more than {most} fields, more than a workbook's row holds; "
    "use fewer fields, or facts in TOML",
)
TOO_PRECISE = Template(
    "workbook.too_precise",
    "{value} 的有效数字超过{digits}位，Excel 无法准确保存；"
    "请在 TOML 文件中改为最多{digits}位有效数字",
    "{value} has more significant digits than Excel keeps exactly ({digits}); write it with at "
    "most {digits} in the TOML file",
)
SEPARATOR_IN_LIST = Template(
    "workbook.separator_in_list",
    "列表中的文字含有分号（；或 ;），或只有一项“无”，在工作簿的单元格里读回时会变成两项或"
    "“没有问题”；请改用逗号，或把“无”写成 []",
    "a text of the list holds a semicolon, or the list is the one text “无”: a workbook's cell "
    "would read it back as two texts, or as none; use a comma, or write [] for none",
)
TOO_LONG = Template(
    "workbook.too_long",
    "文字超过{most}个字符，Excel 的单元格放不下",
    "the text is longer than the {most} characters an Excel cell holds",
)
WRONG_TITLE = Text("填写有误", "Not accepted")
CHOOSE = Text("请从下拉列表中选择", "Choose one from the list")
AT_LEAST_0 = Text("请填写不小于0的数字，不加单位", "Type a number ≥ 0, without a unit")
SCORE = Text("请填写0至100之间的分数", "Type a score from 0 to 100")
A_NUMBER = Text("请填写数字，不加单位", "Type a number, without a unit")
WHOLE = Text("请填写不小于0的整数", "Type a whole number ≥ 0")
A_YEAR = Text(
    f"请填写{MIN_YEAR}至{MAX_YEAR}之间的年份", f"Type a year from {MIN_YEAR} to {MAX_YEAR}"
)
A_DATE = Text("请填写日期，如 2025-02-10", "Type a date, e.g. 2025-02-10")


def _day_number(day: dt.date) -> str:
    """A date as Excel's day number (its 1900 date system), as a validation's bound."""
    from openpyxl.utils.datetime import to_excel

    return str(int(to_excel(day)))  # type: ignore[no-untyped-call]  # untyped in its stubs


# What a cell of each type accepts (Excel's and WPS's own check, as it is typed): the validation's
# type, its bounds (those validation gives: engine/facts/fields.py), what it says.
RangeKind = Literal["decimal", "whole", "date"]
RANGES: dict[str, tuple[RangeKind, str, str | None, Text]] = {
    "money": ("decimal", "0", f"{MAX_MONEY:f}", AT_LEAST_0),
    "quantity": ("decimal", "0", f"{MAX_MONEY:f}", AT_LEAST_0),
    "percent": ("decimal", "0", f"{MAX_MONEY:f}", AT_LEAST_0),
    "score": ("decimal", "0", "100", SCORE),
    "number": ("decimal", f"{-MAX_MONEY:f}", f"{MAX_MONEY:f}", A_NUMBER),
    "count": ("whole", "0", None, WHOLE),
    "year": ("whole", str(MIN_YEAR), str(MAX_YEAR), A_YEAR),
    "date": (
        "date",
        _day_number(dt.date(MIN_YEAR, 1, 1)),
        _day_number(dt.date(MAX_YEAR, 12, 31)),
        A_DATE,
    ),
}
