"""Reading a facts workbook (`score run dept.xlsx`) into the shape a TOML file gives, so that the
same validation, with the same messages, applies; each problem names the sheet and the cell.

Read in two steps. `read_cells` opens the file and keeps, for every key the workbook holds, its
cell: where it is and what it holds, exactly (a number as the shortest decimal that reads back
as the double Excel stored: what was typed, for up to 15 significant digits). `typed` then reads
each cell as its field's type says (是/否 from a drop-down as true/false, a list from texts
joined by ；) into a TomlDocument; a ruleset declaring more facts reads the same cells again with
its own fields (`TomlDocument.for_schema`).

A workbook is a zip of XML written by any program, so it is bounded before it is opened: its
size, what it unpacks to, the rows and columns kept of each sheet. openpyxl parses it, with
defusedxml when installed (as openpyxl recommends: no XML entity is expanded), in read-only
mode, each sheet's rows read by the numbers the file gives them (`_grid`). It is imported only
when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from attrs import frozen

from jixiao.engine.errors import InputError, Problem, shorten
from jixiao.engine.facts.fields import Field
from jixiao.engine.facts.schema import FactsSchema
from jixiao.engine.facts.sheets import (
    DIGITS,
    KEY_HEADER,
    LIST_SEPARATORS,
    LISTS_SHEET,
    MAX_COLUMNS,
    RECORD_KEY_ROW,
    RULESET_KEY,
    RULESET_LABEL,
    VALUE_HEADER,
    WORD_VALUES,
    as_key,
    says_none,
    significant_digits,
)
from jixiao.engine.findings import Finding
from jixiao.engine.tomlfile import OUT_OF_BOUNDS, TomlDocument, read_bytes
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024  # a department's workbook is some 30 KB
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # what its parts may unpack to: past this, a zip bomb
MAX_PARTS = 2000
MAX_ROWS = 1200  # of each sheet: a records sheet holds at most 1000 records and its headers
MAX_SHEETS = 60
NUMBERS = ("money", "number", "quantity", "percent", "score", "count", "year")

CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE file: an .xls, an .et, or an encrypted .xlsx
ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


class Percent(Decimal):
    """A number a cell shows as a percentage: 45 for the 0.45 a cell showing 45% holds. A
    percentage field reads it as 45; any other says what was typed (45%)."""


@frozen
class Cell:
    """A cell as read: where it is, what it holds, why it cannot be read (or None)."""

    place: str  # 预算收支!C5
    value: Any = None
    problem: Words | None = None


Row = tuple[tuple[str, Cell], ...]  # a record: each field's name and cell


@frozen
class Records:
    """A records sheet: its section, where its row of keys is, its records; and what was typed
    above the row of keys, where nothing is read (each cell, and why it is refused)."""

    section: str
    where: str
    rows: tuple[Row, ...]
    stray: tuple[tuple[str, Words], ...] = ()  # (cell, why)


@frozen
class Cells:
    """Every key a workbook holds, with its cell: fields, and records by section."""

    path: str
    fields: tuple[tuple[str, Cell], ...] = ()
    records: tuple[Records, ...] = ()
    notes: tuple[Finding, ...] = ()
    # the ruleset the workbook was made for, when it says (its 评价规则 cells: one, or none)
    rulesets: tuple[Cell, ...] = ()
    order: tuple[str, ...] = ()  # every cell read, sheet by sheet, row by row


def read_workbook(path: str | Path, schema: FactsSchema) -> TomlDocument:
    """A facts workbook as a document in TOML's shape, typed by `schema`; InputError (every
    problem of the file as a whole) when it cannot be read as a workbook."""
    cells = read_cells(path)
    return typed(cells, schema)


# ── opening the file ──


def read_cells(path: str | Path) -> Cells:
    name = str(path)
    raw = read_bytes(path, "facts workbook", MAX_WORKBOOK_BYTES)
    archive = _archive(raw, name)
    macros = any(info.filename.lower().endswith("vbaproject.bin") for info in archive.infolist())
    try:
        import openpyxl
    except ImportError:
        raise InputError([Problem(name, "", NEED_OPENPYXL)]) from None
    _check_row_reader()  # before any file is blamed: a change in openpyxl is ours to fix
    grids = _grids(openpyxl, raw, name, data_only=False)
    formulas = [(s, r, c) for s, grid in grids.items() for r, c in _formula_cells(grid)]
    if formulas:  # the values the program that saved it computed, kept beside each formula
        cached = _grids(openpyxl, raw, name, data_only=True)
        for sheet, row, column in formulas:
            saved = _at(cached.get(sheet, []), row, column)
            # the result saved: an error (#DIV/0!) stays one; a formula of "" ("str", no
            # value: =IF(…;"";…)) is blank; no result saved at all is refused where it is read
            kind = saved.kind
            if kind != "e":
                kind = "cached" if saved.value is not None or kind == "str" else "uncached"
            grids[sheet][row][column] = saved._replace(kind=kind)
    notes = (Finding("info", "workbook.macros", MACROS_NOT_RUN, ""),) if macros else ()
    fields: list[tuple[str, Cell]] = []
    records: list[Records] = []
    order: list[str] = []
    for sheet, grid in grids.items():
        found_fields, found_records = _keys_of(sheet, grid)
        fields += found_fields
        records += found_records
        order += [cell.place for _, cell in found_fields]
        for found in found_records:
            order += [found.where, *(cell.place for row in found.rows for _, cell in row)]
    if not fields and not records:
        raise InputError([Problem(name, "", NO_KEYS)])
    stated = tuple(cell for key, cell in fields if key == RULESET_KEY)
    fields = [(key, cell) for key, cell in fields if key != RULESET_KEY]
    return Cells(name, tuple(fields), tuple(records), notes, stated, tuple(order))


def _archive(raw: bytes, name: str) -> zipfile.ZipFile:
    """The workbook's zip, refused before anything is unpacked when it is not one, is another
    kind of file, or would unpack to more than a workbook ever holds."""
    if raw.startswith(CFB):
        message = ENCRYPTED_FILE if ENCRYPTED in raw else OLD_FORMAT
        raise InputError([Problem(name, "", message)])
    if not raw.startswith(b"PK"):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError([Problem(name, "", NOT_A_WORKBOOK)]) from None
        raise InputError([Problem(name, "", TEXT_NOT_WORKBOOK)])
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError([Problem(name, "", DAMAGED)]) from None
    names = {info.filename for info in parts}
    if "xl/workbook.xml" not in names:
        word = "word/document.xml" in names
        raise InputError([Problem(name, "", WORD_DOCUMENT if word else NOT_A_WORKBOOK)])
    unpacked = sum(info.file_size for info in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        most = f"{MAX_UNPACKED_BYTES // (1024 * 1024)}"
        raise InputError([Problem(name, "", UNPACKS_TOO_BIG(size=f"{unpacked:,}", most=most))])
    return archive


class Entry(NamedTuple):
    """A cell as read: its value, openpyxl's data type ("n", "s", "b", "d", "e", "f"; after a
    formula's result is read, "cached" or "uncached"), and whether it shows its number as a
    percentage (45% for 0.45)."""

    value: Any
    kind: str = "n"
    percent: bool = False


BLANK = Entry(None)
Grid = list[list[Entry]]  # each row's cells, by column


def _grids(openpyxl: Any, raw: bytes, name: str, *, data_only: bool) -> dict[str, Grid]:
    """Each worksheet's cells, within the bounds read (`read_only`: only as far as read)."""
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(raw), read_only=True, data_only=data_only, keep_links=False
        )
    except Exception as error:  # any failure of a third-party parser on a hostile file
        raise InputError([Problem(name, "", _damaged(error))]) from None
    problems = []
    grids: dict[str, Grid] = {}
    try:
        sheets = [s for s in book.worksheets if s.title != LISTS_SHEET]
        if len(sheets) > MAX_SHEETS:
            raise InputError([Problem(name, "", TOO_MANY_SHEETS(count=len(sheets)))])
        for sheet in sheets:
            grid, problem = _grid(book, sheet)
            grids[sheet.title] = grid
            if problem is not None:
                problems.append(Problem(name, "", problem))
    except (InputError, ImportError, NameError, ReaderChanged):  # ours, not the file's
        raise
    except Exception as error:  # a sheet that cannot be parsed: damaged, or hostile XML
        raise InputError([Problem(name, "", _damaged(error))]) from None
    finally:
        book.close()
    if problems:
        raise InputError(problems)
    return grids


class ReaderChanged(RuntimeError):
    """openpyxl no longer has the row reader this module uses (private names: openpyxl is kept
    below 3.2 in pyproject.toml, and every test of a workbook runs them): an internal error,
    exit 4, naming what changed; never a workbook said to be damaged."""


def _check_row_reader() -> None:
    try:
        from openpyxl.cell.read_only import ReadOnlyCell  # noqa: F401
        from openpyxl.worksheet._read_only import ReadOnlyWorksheet
        from openpyxl.worksheet._reader import WorkSheetParser
    except ImportError as error:
        raise ReaderChanged(f"openpyxl changed: {error}") from error
    if not callable(getattr(ReadOnlyWorksheet, "_get_source", None)) or not callable(
        getattr(WorkSheetParser, "parse", None)
    ):
        raise ReaderChanged("openpyxl changed: its read-only sheets' row reader is not there")


def _parser(book: Any, sheet: Any, source: Any) -> Any:
    """openpyxl's row reader over a sheet's XML, as its read-only sheets make it."""
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        settings = {
            "data_only": book.data_only,
            "epoch": book.epoch,
            "date_formats": book._date_formats,
            "timedelta_formats": book._timedelta_formats,
        }
        strings = sheet._shared_strings
    except AttributeError as error:
        raise ReaderChanged(f"openpyxl changed: {error}") from error
    return WorkSheetParser(source, strings, **settings)


def _grid(book: Any, sheet: Any) -> tuple[Grid, Words | None]:
    """A sheet's rows as the file holds them, each row numbered by the file, not counted.

    openpyxl's own row reader is used (the one its read-only sheets use), because iterating a
    read-only sheet makes up an empty row for every number a file skips: a file of 30 KB whose
    one row is numbered 2,000,000,000 would be read for ever. Past MAX_ROWS and MAX_COLUMNS
    nothing is kept, and anything holding a value refuses the file: nothing is dropped without
    a word, and the size of the sheet's XML (bounded by MAX_UNPACKED_BYTES) bounds the time."""
    from openpyxl.cell.read_only import ReadOnlyCell

    rows: dict[int, list[Entry]] = {}
    with sheet._get_source() as source:
        for number, cells in _parser(book, sheet, source).parse():
            held = [cell for cell in cells if cell["value"] is not None]
            if number > MAX_ROWS or number < 1:
                if held:
                    return [], TOO_MANY_ROWS(sheet=sheet.title, most=MAX_ROWS)
                continue
            if any(cell["column"] > MAX_COLUMNS for cell in held):
                return [], TOO_MANY_COLUMNS(sheet=sheet.title, most=MAX_COLUMNS)
            row = rows.setdefault(number, [])
            for cell in cells:
                column = cell["column"]
                if column > MAX_COLUMNS or column < 1:
                    continue
                row.extend([BLANK] * (column - len(row)))
                row[column - 1] = _entry(ReadOnlyCell(sheet, **cell))
    last = max(rows, default=0)
    return [rows.get(number, []) for number in range(1, last + 1)], None


FORBIDDEN_XML = ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden")


def _entry(cell: Any) -> Entry:
    value = cell.value
    percent = type(value) in (int, float) and _shows_percent(cell.number_format)
    return Entry(value, cell.data_type, percent)


def _shows_percent(number_format: str) -> bool:
    """Whether a number format shows the number times 100 with %: `0%`, `0.00%`; not a % in
    quotes or escaped (`0"%"`, `0\\%`), which is only a sign beside the number."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format)
    return "%" in plain


def _damaged(error: Exception) -> Words:
    cause: BaseException | None = error
    while cause is not None:  # openpyxl says "unable to read workbook", from what defusedxml said
        if type(cause).__name__ in FORBIDDEN_XML:
            return XML_ENTITIES
        cause = cause.__cause__ or cause.__context__
    return DAMAGED_BECAUSE(why=shorten(f"{type(error).__name__}: {error}", 80))


def _formula_cells(grid: Grid) -> Iterator[tuple[int, int]]:
    for r, row in enumerate(grid):
        for c, entry in enumerate(row):
            if entry.kind == "f":
                yield r, c


def _at(grid: Grid, row: int, column: int) -> Entry:
    if row < len(grid) and column < len(grid[row]):
        return grid[row][column]
    return BLANK


# ── finding the keys ──


def _keys_of(sheet: str, grid: Grid) -> tuple[list[tuple[str, Cell]], list[Records]]:
    """The fields a sheet holds (below a header naming 字段名 and 填写), or its records (below a
    row of keys of one section)."""
    key_column = value_column = None
    for number, row in enumerate(grid):
        texts = [entry.value.strip() if isinstance(entry.value, str) else None for entry in row]
        if key_column is None:
            key_column = _column_of(texts, KEY_HEADER)
            value_column = _column_of(texts, VALUE_HEADER)
            if key_column is not None and value_column is not None:
                return _fields(sheet, grid, number + 1, key_column, value_column), []
            key_column = None
            # a records sheet's row of keys, all of one section (a note beside them is no key):
            # two keys at least, or one where the template writes them (a sheet the officer
            # added, listing `预算批复.pdf`, is no records sheet)
            keys = {c: key for c, key in ((c, as_key(text)) for c, text in enumerate(texts)) if key}
            sections = {key.rpartition(".")[0] for key in keys.values()}
            where_written = number == RECORD_KEY_ROW - 1
            if keys and len(sections) == 1 and (len(keys) > 1 or where_written):
                where = _place(sheet, number, min(keys))
                rows = _records(sheet, grid, number + 1, keys)
                stray = _above(sheet, grid, number, keys)
                return [], [Records(sections.pop(), where, rows, stray)]
    return [], []


def _column_of(texts: Sequence[str | None], header: Text) -> int | None:
    for column, text in enumerate(texts):
        if text in (header.zh, header.en):
            return column
    return None


def _fields(
    sheet: str, grid: Grid, start: int, key_column: int, value_column: int
) -> list[tuple[str, Cell]]:
    found = []
    for r in range(start, len(grid)):
        row = grid[r]
        key = as_key(row[key_column][0]) if key_column < len(row) else None
        if key is not None:
            entry = row[value_column] if value_column < len(row) else BLANK
            found.append((key, _cell(sheet, r, value_column, entry)))
    return found


def _above(
    sheet: str, grid: Grid, key_row: int, keys: dict[int, str]
) -> tuple[tuple[str, Words], ...]:
    """A number, date or yes/no typed above a records sheet's row of keys, under one of its
    keys, in a row inserted below the template's header rows: a record typed where nothing is
    read, refused rather than dropped (the header rows above hold only words)."""
    stray = []
    for r in range(RECORD_KEY_ROW - 1, key_row):
        for c in keys:
            value = _at(grid, r, c).value
            if value is not None and not isinstance(value, str):
                stray.append((_place(sheet, r, c), ABOVE_KEYS(keys=_place(sheet, key_row, c))))
    return tuple(stray)


def _place(sheet: str, row: int, column: int) -> str:
    """`预算收支!C5`, from a row and column counted from 0."""
    from openpyxl.utils import get_column_letter

    return f"{_sheet_ref(sheet)}!{get_column_letter(column + 1)}{row + 1}"


def _records(sheet: str, grid: Grid, start: int, keys: dict[int, str]) -> tuple[Row, ...]:
    found = []
    for r in range(start, len(grid)):
        row = grid[r]
        entries = {c: row[c] if c < len(row) else BLANK for c in keys}
        if all(_blank(entry.value) and entry.kind != "uncached" for entry in entries.values()):
            continue
        found.append(
            tuple(
                (keys[c].rpartition(".")[2], _cell(sheet, r, c, entry))
                for c, entry in entries.items()
            )
        )
    return tuple(found)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell(sheet: str, row: int, column: int, entry: Entry) -> Cell:
    """A cell as a TOML value: exact numbers (as the cell shows them: 45% as 45), text
    stripped, blank as None."""
    value, kind, percent = entry
    place = _place(sheet, row, column)
    if kind == "uncached":
        return Cell(place, problem=NOT_CALCULATED)
    if kind == "e":
        return Cell(place, problem=CELL_ERROR(error=str(value)))
    if isinstance(value, bool) or value is None:
        return Cell(place, value)
    if isinstance(value, int | float):
        read = (
            Cell(place, value)
            if isinstance(value, int)
            else _number(place, value, formula=kind == "cached")
        )
        if percent and read.problem is None:  # typed 45%, stored 0.45: what it shows is 45%
            return Cell(place, Percent(Decimal(read.value) * 100))
        return read
    if isinstance(value, dt.datetime):
        is_date = value.time() == dt.time(0)
        return Cell(place, value.date() if is_date else value)
    if isinstance(value, str):
        text = value.strip()
        return Cell(place, text or None)
    return Cell(place, value)  # a time or a duration: its field says it is the wrong type


def _sheet_ref(sheet: str) -> str:
    """A sheet's name as a cell reference writes it: quoted when it holds a space or a quote."""
    if any(c in sheet for c in " '!-()"):
        return "'" + sheet.replace("'", "''") + "'"
    return sheet


def _number(place: str, value: float, *, formula: bool) -> Cell:
    """A double as the decimal it stands for: the shortest that reads back as the same double,
    which is what was typed when it had at most 15 significant digits. A formula's result is
    read as Excel shows it, to 15 significant digits (0.1 + 0.2 is 0.3); a number typed with
    more digits than a double keeps is refused: what was typed is no longer known."""
    if value != value or value in (float("inf"), float("-inf")):
        return Cell(place, problem=CELL_ERROR(error=str(value)))
    exact = Decimal(repr(value))
    if significant_digits(exact) > DIGITS:
        if not formula:
            shown = shorten(repr(value), 30)
            return Cell(place, problem=TOO_MANY_DIGITS(value=shown, digits=DIGITS))
        exact = Decimal(f"{value:.{DIGITS}g}")
    if exact == exact.to_integral_value() and abs(exact) < 10**DIGITS:
        return Cell(place, int(exact))
    return Cell(place, exact)


# ── reading the cells as the fields' types say ──


def typed(cells: Cells, schema: FactsSchema) -> TomlDocument:
    """The cells as TOML values of the fields `schema` declares; a key it does not declare is
    kept as read (its validation names it, at its cell)."""
    data: dict[str, Any] = {}
    places: dict[str, str] = {}
    problems: list[Problem] = []
    notes: list[Finding] = list(cells.notes)

    def refuse(path: str, cell: Cell, message: Words) -> None:
        problems.append(Problem(cells.path, path, message, cell=cell.place))

    for key, cell in cells.fields:
        section, _, name = key.rpartition(".")
        if key in places:
            refuse(key, cell, TWICE(first=places[key], second=cell.place))
            continue
        places[key] = cell.place
        table = _table(data, section)
        if table is None or isinstance(table.get(name), dict):  # a key is a section's too
            refuse(key, cell, BOTH_FIELD_AND_SECTION(key=key))
            continue
        if cell.problem is not None:
            refuse(key, cell, cell.problem)
            table[name] = OUT_OF_BOUNDS
        elif cell.value is not None:
            spec = schema.fields.get(section, {}).get(name)
            table[name] = as_field(cell.value, spec)
            if spec is not None and spec.type == "text_list":
                notes.extend(_one_item(key, cell, table[name], spec))
        if not table and not schema.required.get(section):  # made only for this empty cell
            _prune(data, section)
    seen: dict[str, str] = {}
    for records in cells.records:
        section = records.section
        for place, why in records.stray:
            problems.append(Problem(cells.path, section, why, cell=place))
        if section in seen:
            said = TWICE(first=seen[section], second=records.where)
            problems.append(Problem(cells.path, section, said, cell=records.where))
            continue
        seen[section] = records.where
        known = schema.known.get(section)
        if not records.rows and known is not None and known.array:
            continue  # no record on the sheet: as a TOML file without [[targets]]
        fields = schema.fields.get(section, {})
        items = []
        for index, row in enumerate(records.rows):
            item: dict[str, Any] = {}
            for name, cell in row:
                path = f"{section}[{index}].{name}"
                places[path] = cell.place
                if cell.problem is not None:
                    refuse(path, cell, cell.problem)
                    item[name] = OUT_OF_BOUNDS
                elif cell.value is not None:
                    item[name] = as_field(cell.value, fields.get(name))
            items.append(item)
        parent, _, last = section.rpartition(".")
        table = _table(data, parent)
        if table is None or last in table:
            said = BOTH_FIELD_AND_SECTION(key=section)
            problems.append(Problem(cells.path, section, said, cell=records.where))
            continue
        places.setdefault(section, records.where)
        table[last] = items
    stated = _stated_ruleset(cells, problems)
    if cells.rulesets:
        places[RULESET_KEY] = cells.rulesets[0].place
    # in the order of the sheets, so that problems are listed as the workbook shows them
    position = {place: index for index, place in enumerate(cells.order)}
    places = dict(sorted(places.items(), key=lambda item: position.get(item[1], len(position))))
    return TomlDocument(
        cells.path,
        "",
        data,
        problems=tuple(problems),
        cells=places,
        notes=tuple(notes),
        retyped=partial(typed, cells),
        ruleset=stated,
    )


def _stated_ruleset(cells: Cells, problems: list[Problem]) -> str | None:
    """The name in the workbook's 评价规则 cell: a ruleset's name, never a path (a file a
    department chose would score it), given once."""
    from jixiao.engine.ruleset.library import looks_like_path

    if not cells.rulesets:
        return None
    first, *others = cells.rulesets
    for cell in others:
        said = TWICE(first=first.place, second=cell.place)
        problems.append(
            Problem(cells.path, RULESET_KEY, said, label=RULESET_LABEL, cell=cell.place)
        )
    name = first.value
    if first.problem is not None or not isinstance(name, str) or looks_like_path(name):
        wrong: Words = first.problem or RULESET_NAME_ONLY
        problems.append(
            Problem(cells.path, RULESET_KEY, wrong, label=RULESET_LABEL, cell=first.place)
        )
        return None
    return name


SEVERAL = re.compile(r"[、，,]|(^|\s)[1-9][.、．)）]")  # 甲、乙 ; 1.甲 2.乙


def _one_item(key: str, cell: Cell, read: Any, spec: Field) -> list[Finding]:
    """A note when a list cell read as one text looks like several written the way people
    list things (甲、乙；1.甲 2.乙): only “；” separates them, and each is counted."""
    if not (isinstance(read, list) and len(read) == 1 and SEVERAL.search(read[0])):
        return []
    said = ONE_ITEM(cell=cell.place)
    return [Finding("info", "workbook.one_item", said, key, spec.label)]


def _table(data: dict[str, Any], section: str) -> dict[str, Any] | None:
    """The table of `section` in `data`, made as needed; None when a part of its name is a
    value already (`budget.carry_over` given, and `budget.carry_over.x`)."""
    table = data
    for part in section.split(".") if section else ():
        inner = table.setdefault(part, {})
        if not isinstance(inner, dict):
            return None
        table = inner
    return table


def _prune(data: dict[str, Any], section: str) -> None:
    """Take away the empty tables made for `section` (a cell left empty is no answer)."""
    parts = section.split(".")
    for depth in range(len(parts), 0, -1):
        parent = data
        for part in parts[: depth - 1]:
            parent = parent[part]
        if parent.get(parts[depth - 1]) == {}:
            del parent[parts[depth - 1]]
        else:
            return


def as_field(value: Any, spec: Field | None) -> Any:
    """A cell's value as TOML would give it for the field: a drop-down's 是/否/不适用 as true,
    false and "n/a", a list cell's texts split at ；, a number where text is meant as its
    digits. What is still not of the field's type is its validation's to refuse or to read with
    a note (a number written as text, "2,640.5")."""
    if isinstance(value, Percent):  # a cell showing 45%
        number = Decimal(value).normalize()
        if spec is not None and spec.type == "percent":
            return int(number) if number == number.to_integral_value() else number
        return f"{number:f}%"  # as typed: an amount or a count is no percentage (said why)
    if spec is None:
        return value
    kind = spec.type
    if kind in ("bool", "bool_or_na") and isinstance(value, str):
        meant = WORD_VALUES.get(value.strip().lower(), WORD_VALUES.get(value.strip()))
        if meant is not None and (meant != "n/a" or kind == "bool_or_na"):
            return meant
        return value
    if (
        kind in ("text", "choice")
        and isinstance(value, int | Decimal)
        and not isinstance(value, bool)
    ):
        return str(value)
    # a list's texts; a number is no text (0 for "none" is refused, with what to write)
    if kind == "text_list" and isinstance(value, str):
        if says_none(value):
            return []
        return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]
    if kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if kind in NUMBERS and isinstance(value, dt.date):  # a number the program took for a date
        return value.isoformat()
    return value


NEED_OPENPYXL = Template(
    "workbook.need_openpyxl",
    "读取 Excel 工作簿需要 openpyxl，尚未安装：请运行 pip install 'jixiao[excel]'",
    "reading an Excel workbook needs openpyxl, which is not installed: pip install 'jixiao[excel]'",
)
ENCRYPTED_FILE = Template(
    "workbook.encrypted",
    "设置了打开密码，无法读取：请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → "
    "用密码进行加密，清空密码）后另存为 .xlsx",
    "is protected with a password and cannot be read: open it in Excel or WPS, remove the "
    "password (File → Info → Protect Workbook → Encrypt with Password, left empty) and save "
    "it as .xlsx",
)
OLD_FORMAT = Template(
    "workbook.old_format",
    "是旧版 Excel（.xls）或 WPS（.et）格式：请在 Excel 或 WPS 中另存为“Excel 工作簿（*.xlsx）”",
    "is an old Excel (.xls) or WPS (.et) file: save it in Excel or WPS as an "
    "Excel Workbook (*.xlsx)",
)
TEXT_NOT_WORKBOOK = Template(
    "workbook.text",
    "是文本文件，不是 Excel 工作簿；若它是 TOML 填报数据文件，请把扩展名改为 .toml",
    "is a text file, not an Excel workbook; if it is a TOML facts file, name it .toml",
)
NOT_A_WORKBOOK = Template(
    "workbook.not_a_workbook",
    "不是 Excel 工作簿（.xlsx）；请用 score init 生成的工作簿填写",
    "is not an Excel workbook (.xlsx); fill in the workbook score init writes",
)
WORD_DOCUMENT = Template(
    "workbook.word",
    "是 Word 文档，不是 Excel 工作簿；请用 score init 生成的工作簿填写",
    "is a Word document, not an Excel workbook; fill in the workbook score init writes",
)
DAMAGED = Template(
    "workbook.damaged",
    "已损坏，无法作为 Excel 工作簿打开；请在 Excel 或 WPS 中打开并重新保存，或重新生成",
    "is damaged and cannot be opened as a workbook; open and save it again in Excel or WPS, "
    "or write it again",
)
DAMAGED_BECAUSE = Template(
    "workbook.damaged_because",
    "已损坏，无法作为 Excel 工作簿读取（{why}）；请在 Excel 或 WPS 中打开并重新保存",
    "is damaged and cannot be read as a workbook ({why}); open and save it again in Excel or WPS",
)
XML_ENTITIES = Template(
    "workbook.entities",
    "含有 XML 实体定义（可被用来攻击读取它的程序），不予读取；正常的 Excel 或 WPS 文件不含这些",
    "holds XML entity declarations (a way to attack the program reading it) and is not read; "
    "a workbook saved by Excel or WPS has none",
)
UNPACKS_TOO_BIG = Template(
    "workbook.unpacks_too_big",
    "解压后有{size}字节，超过填报工作簿的上限（{most} MB），不予读取",
    "unpacks to {size} bytes, more than a facts workbook may ({most} MB); it is not read",
)
TOO_MANY_SHEETS = Template(
    "workbook.too_many_sheets",
    "有{count}个工作表，不像填报工作簿；请用 score init 生成的工作簿填写",
    "has {count} sheets, which no facts workbook has; fill in the workbook score init writes",
)
TOO_MANY_COLUMNS = Template(
    "workbook.too_many_columns",
    "工作表“{sheet}”第{most}列之后还有内容；填报工作簿不会有这么多列，多余的列请删去",
    "sheet '{sheet}' holds something past column {most}, which no facts workbook has; delete it",
)
TOO_MANY_ROWS = Template(
    "workbook.too_many_rows",
    "工作表“{sheet}”超过{most}行；填报工作簿不会有这么多行，多余的行请删去",
    "sheet '{sheet}' has more than {most} rows, which no facts workbook has; delete the rest",
)
NO_KEYS = Template(
    "workbook.no_keys",
    "中没有找到“字段名”列，不是 score init 生成的填报工作簿；请用 score init 生成的工作簿填写",
    "has no 字段名 (field key) column: it is not a facts workbook score init wrote; fill in "
    "one it writes",
)
MACROS_NOT_RUN = Template(
    "workbook.macros",
    "该工作簿含有宏：宏未运行，只读取了单元格中保存的值",
    "the workbook holds macros: none was run; only the values saved in its cells were read",
)
NOT_CALCULATED = Template(
    "workbook.not_calculated",
    "是公式，但文件中没有保存计算结果（文件未经 Excel 或 WPS 计算）：请在 Excel 或 WPS 中打开并"
    "保存后再试",
    "is a formula whose result the file does not hold (no spreadsheet program has calculated "
    "it): open and save the file in Excel or WPS, then try again",
)
CELL_ERROR = Template(
    "workbook.cell_error",
    "单元格显示错误 {error}：请改正公式或填写数值",
    "the cell shows the error {error}: correct the formula or type the value",
)
TOO_MANY_DIGITS = Template(
    "workbook.too_many_digits",
    "{value} 的有效数字超过{digits}位，Excel 无法准确保存；请最多填写{digits}位有效数字",
    "{value} has more significant digits than Excel keeps exactly ({digits}); type it with at "
    "most {digits}",
)
RULESET_NAME_ONLY = Template(
    "workbook.ruleset_name_only",
    "应为生成本工作簿的评价规则的名称（如 hunan），不能是文件路径或数字；请恢复原样，或用 "
    "score init 重新生成工作簿",
    "should be the name of the ruleset the workbook was made for (such as hunan), not a path "
    "or a number: put it back, or write the workbook again with score init",
)
ONE_ITEM = Template(
    "workbook.one_item",
    "{cell}：读作1项；如有多项，请用“；”隔开，每项计一次",
    "{cell}: read as one item; several are separated by “;”, each counted",
)
ABOVE_KEYS = Template(
    "workbook.above_keys",
    "填在灰色字段名一行（{keys}）的上方，这里的内容不会被读取：请把这条记录填到字段名一行的下方",
    "is above the grey row of field keys ({keys}), where nothing is read: type the record "
    "below the row of keys",
)
BOTH_FIELD_AND_SECTION = Template(
    "workbook.field_and_section",
    "“{key}”与工作簿中另一字段名冲突（一个是另一个的上级）；请检查灰色字段名一列是否被改动",
    "'{key}' clashes with another field key of the workbook (one is inside the other); check "
    "the grey field keys have not been changed",
)
TWICE = Template(
    "workbook.twice",
    "在工作簿中出现两次（{first} 和 {second}）；请只保留一处",
    "is in the workbook twice ({first} and {second}); keep one",
)
