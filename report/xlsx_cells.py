"""Writing cells as every workbook of score does: text always text (never a formula), scores
as the numbers they are with a `0.00` format, columns as wide as what they hold (a Chinese
character counts two), each style made once per workbook. openpyxl is imported only when a
workbook is written."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.numbers import fixed
from jixiao.engine.words.message import Template
from jixiao.report.wrap import width_of

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = "D9D9D9"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters of a column; longer texts wrap

NEED_OPENPYXL = Template(
    "xlsx.need_openpyxl",
    "写入 Excel 工作簿需要 openpyxl，尚未安装：请运行 pip install 'jixiao[excel]'"
    "（或 pip install openpyxl）",
    "writing an Excel workbook needs openpyxl, which is not installed: "
    "pip install 'jixiao[excel]' (or pip install openpyxl)",
)


def require_openpyxl(target: str, field: str = "--output") -> None:
    """Refuse (exit 2, before any work) a workbook when openpyxl is not installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise InputError([Problem(target, field, NEED_OPENPYXL())]) from None


def clean(text: str) -> str:
    """Text as a cell may hold it: the control characters XML cannot carry, as their escapes."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(lambda found: repr(found.group())[1:-1], text)


# each workbook's cell styles, by what they say (a style names entries of its own workbook)
_STYLES: WeakKeyDictionary[Any, dict[tuple[bool, str, bool], Any]] = WeakKeyDictionary()


class SheetWriter:
    """A worksheet written row by row, remembering each column's widest text."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.widths: dict[int, int] = {}
        self.wrapped: dict[tuple[int, int], str] = {}  # the texts that wrap, for row heights

    def _style(
        self, cell: Any, wrap: bool = False, number_format: str = "", quote: bool = False
    ) -> None:
        """Top-aligned (wrapped), in a number format, quote-prefixed: each combination's style
        is made once and copied (setting a style on every cell costs openpyxl most of the time
        of a large workbook)."""
        key = (wrap, number_format, quote)
        styles = _STYLES.setdefault(self.sheet.parent, {})
        style = styles.get(key)
        if style is None:
            from openpyxl.styles import Alignment

            cell.alignment = Alignment(vertical="top", wrap_text=wrap)
            if number_format:
                cell.number_format = number_format
            if quote:
                cell.quotePrefix = True
            styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)

    def text(self, row: int, column: int, value: str, wrap: bool = False) -> Any:
        """A text cell: always text, never a formula (`=`, `+`, `-`, `@` lead no formula)."""
        cell = self.sheet.cell(row=row, column=column)
        cell.value = clean(value)
        cell.data_type = "s"  # what openpyxl took for a formula is text
        wrap = wrap or "\n" in value
        # quoted: and Excel keeps it text when the cell is edited
        self._style(cell, wrap, quote=value.startswith(FORMULA_STARTS))
        if wrap:
            self.wrapped[(row, column)] = value
        longest = max((width_of(line) for line in value.split("\n")), default=0)
        self.widths[column] = max(self.widths.get(column, 0), longest)
        return cell

    def number(self, row: int, column: int, value: Decimal | None, places: int) -> Any:
        """A score: the ruleset's places rounded half up once, stored as the number it is."""
        cell = self.sheet.cell(row=row, column=column)
        if value is None:
            self._style(cell)
            return cell
        shown = fixed(value, places)
        cell.value = float(Decimal(shown))  # ≤ 6 decimals: the double reads back as `shown`
        self._style(cell, number_format="0." + "0" * places if places > 0 else "0")
        self.widths[column] = max(self.widths.get(column, 0), len(shown))
        return cell

    def integer(self, row: int, column: int, value: int) -> Any:
        cell = self.sheet.cell(row=row, column=column, value=value)
        self._style(cell)
        self.widths[column] = max(self.widths.get(column, 0), len(str(value)))
        return cell

    def header(self, row: int, labels: Sequence[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        for column, label in enumerate(labels, start=1):
            cell = self.text(row, column, label)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def fit(self, fixed_widths: dict[int, int] | None = None) -> None:
        """Columns as wide as what they hold (a Chinese character counts two), within bounds."""
        from openpyxl.utils import get_column_letter

        widths = {}
        for column, width in {**self.widths, **(fixed_widths or {})}.items():
            widths[column] = min(max(width, 6), MAX_WIDTH)
            self.sheet.column_dimensions[get_column_letter(column)].width = widths[column] + 2
        lines: dict[int, int] = {}  # a row as high as its longest wrapped text (no program
        for (row, column), text in self.wrapped.items():  # grows it when the file is opened)
            room = widths.get(column, MAX_WIDTH)
            count = sum(max(1, -(-width_of(line) // room)) for line in text.split("\n"))
            lines[row] = max(lines.get(row, 1), count)
        for row, count in lines.items():
            if count > 1:
                self.sheet.row_dimensions[row].height = 15 * count

    def table(self, header_row: int, last_row: int, columns: int, freeze: str) -> None:
        """Frozen headers and an autofilter over the table."""
        from openpyxl.utils import get_column_letter

        self.sheet.freeze_panes = freeze
        self.landscape(f"{header_row}:{header_row}")
        last = max(last_row, header_row)
        self.sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last}"

    def landscape(self, titles: str | None = None) -> None:
        """Printed (or made a PDF) across the page: landscape, as wide as one page, the header
        repeated on every page."""
        setup = self.sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.sheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        from openpyxl.worksheet.properties import PageSetupProperties

        self.sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        if titles is not None:
            self.sheet.print_title_rows = titles


def solid_fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def new_workbook(lang: str, title: str) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    book.properties.creator = "score (jixiao)"
    book.properties.title = title
    book.properties.language = "en" if lang == "en" else "zh-CN"
    return book
