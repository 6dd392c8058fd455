"""Reading a TOML file the way every loader needs: exact decimals, clear errors, line numbers."""

from __future__ import annotations

import os
import re
import select
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from stat import S_ISBLK, S_ISCHR, S_ISDIR, S_ISFIFO, S_ISREG, S_ISSOCK
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from jixiao.engine.errors import MAX_PROBLEMS, InputError, Problem, shorten
from jixiao.engine.findings import Finding
from jixiao.engine.lines import commented_out, locate
from jixiao.engine.slips import Names, diagnose
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

if TYPE_CHECKING:
    from jixiao.engine.facts.schema import FactsSchema

try:  # tomli's compiled wheels parse about twice as fast and give the same exact decimals
    # tomli is optional: whichever of these two lines mypy objects to depends on whether it is
    # installed, so each ignore also tolerates being unused
    import tomli as toml_reader  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    import tomllib as toml_reader  # type: ignore[no-redef, unused-ignore]

MAX_FILE_BYTES = 2 * 1024 * 1024  # a department file is a few KB; past this it is not one
BOM = "\ufeff"
# No amount, score, weight or threshold needs 10^15 or more, or more than 30 decimals; past these
# a number is a typing slip, and exact arithmetic on 1e999999999 would exhaust memory.
MAX_NUMBER = 10**15
MAX_DECIMALS = 30
MAX_DEPTH = 32  # tables and lists inside one another; real files use 4
PIPE_GRACE = 1.0  # seconds a named pipe with no writer is given for one to connect


@frozen
class TomlDocument:
    """A file read into TOML's shape: a TOML file, or a workbook read cell by cell (then `text`
    is empty and `cells` says where each field is: `budget.adjusted` → 预算收支!C5)."""

    path: str
    text: str
    data: dict[str, Any]
    had_bom: bool = False
    # numbers out of bounds, when the reader was asked to leave them to the caller
    # (`defer_numbers`): each value is OUT_OF_BOUNDS in `data`
    problems: tuple[Problem, ...] = ()
    cells: Mapping[str, str] = attrs.field(factory=dict)
    notes: tuple[Finding, ...] = ()  # about the file as a whole (a workbook's macros not run)
    # a workbook: its cells read again as another set of fields types them
    retyped: Callable[[FactsSchema], TomlDocument] | None = None
    ruleset: str | None = None  # a workbook's: the ruleset it was made for, when it says

    @property
    def is_workbook(self) -> bool:
        return self.retyped is not None

    def for_schema(self, schema: FactsSchema) -> TomlDocument:
        """The document with its values of the types `schema` gives (a ruleset's own facts):
        a TOML file's are what TOML says; a workbook's cells are read again."""
        return self if self.retyped is None else self.retyped(schema)

    def line_of(self, field_path: str) -> int | None:
        return locate(self.text, field_path) if self.text else None

    def cell_of(self, field_path: str) -> str | None:
        """The workbook cell of a field; of a record or section, its first cell."""
        if not self.cells:
            return None
        found = self.cells.get(field_path)
        if found is None:
            found = next(
                (cell for path, cell in self.cells.items() if path.startswith(field_path + ".")),
                None,
            )
        return found

    def problem(
        self, field: str, message: Words | str, label: Text | None = None, *, at: bool = True
    ) -> Problem:
        """A problem of `field`, placed at its line or cell (`at`: worth locating)."""
        if not at or not field:
            return Problem(self.path, field, message, None, label)
        return Problem(self.path, field, message, self.line_of(field), label, self.cell_of(field))

    def commented_out(self, field_path: str) -> int | None:
        """The line where a missing field is written but commented out, or None."""
        return commented_out(self.text, field_path)


class _OutOfBounds:
    """A number the reader reported as out of bounds, in place of the number."""

    def __repr__(self) -> str:
        return "OUT_OF_BOUNDS"


OUT_OF_BOUNDS: Any = _OutOfBounds()


def read_toml(
    path: str | Path, what: str = "file", *, defer_numbers: bool = False, names: Names | None = None
) -> TomlDocument:
    """Read and parse one TOML file; every failure is an InputError naming the file.

    `defer_numbers`: a number too large or too precise is not an error yet but one of the
    document's `problems` (its value replaced by OUT_OF_BOUNDS, which no arithmetic touches), so
    that the caller reports it beside the problems of the other fields, all at once.
    `names`: what a Chinese name stands for, to name a key typed in Chinese."""
    raw = read_bytes(path, what)
    return parse_toml(raw, str(path), what, defer_numbers=defer_numbers, names=names)


def read_bytes(path: str | Path, what: str = "file", most: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file, at most `most` of them; every failure is an InputError naming the
    file. A named pipe is read (`score run <(…)`) except for a ruleset or a workbook."""
    name = str(path)
    file = Path(path)
    kind = KINDS.get(what, KINDS["file"])
    folder = IS_FOLDER if what in TOML_KINDS else IS_FOLDER_NOT
    try:
        status = file.stat()
        if S_ISDIR(status.st_mode):
            raise InputError([Problem(name, "", folder(what=kind))])
        special = special_file(status.st_mode)
        if special is NAMED_PIPE and what in TOML_KINDS and what != "ruleset":
            raw = _read_pipe(file, name, kind, most)
        elif special is not None:  # a terminal would block the read, /dev/zero never ends; a
            # ruleset is found by scanning folders, where a pipe is no ruleset: none is opened
            not_regular = NOT_REGULAR if what in TOML_KINDS else NOT_REGULAR_NOT
            raise InputError([Problem(name, "", not_regular(thing=special, what=kind))])
        else:
            raw = _read_file(file, name, kind, status.st_size, most)
        if len(raw) > most:
            raise InputError([Problem(name, "", GREW(most=f"{most:,}", what=kind))])
    except FileNotFoundError:
        raise InputError([Problem(name, "", NO_SUCH_FILE)]) from None
    except PermissionError:
        raise InputError([Problem(name, "", DENIED)]) from None
    except OSError as error:  # e.g. a name too long, a folder in the path that is a file
        raise InputError([Problem(name, "", UNREADABLE(why=error.strerror or ""))]) from None
    except ValueError:  # a NUL character in the name, which no file system allows
        raise InputError([Problem(name, "", NUL_NAME)]) from None
    return raw


def _read_file(file: Path, name: str, kind: Text, size: int, most: int) -> bytes:
    if size > most:
        too_big = TOO_BIG(size=f"{size:,}", what=kind, most=f"{most:,}")
        raise InputError([Problem(name, "", too_big)])
    with open(file, "rb") as stream:  # bounded: a growing file cannot fill memory
        # the size stat gave and one byte more; a buffer of the whole bound only for a file
        # longer than that (it grew): allocating 2 MiB for every read cost more than the read
        raw = stream.read(size + 1)
        if len(raw) > size:
            raw += stream.read(most + 1 - len(raw))
    return raw


def _read_pipe(file: Path, name: str, kind: Text, most: int) -> bytes:
    """What a program writes into a named pipe, up to the bound. Opened without blocking: with
    nothing at the other end, an open would wait forever; it is refused after PIPE_GRACE."""
    fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
    try:
        raw = b""
        waited = False
        while len(raw) <= most:
            try:
                chunk = os.read(fd, most + 1 - len(raw))
            except BlockingIOError:  # a writer is there and has not written yet: wait for it
                select.select([fd], [], [])
                continue
            if chunk:
                raw += chunk
            elif raw or waited:  # every writer closed its end: the whole text is in
                break
            else:  # no writer yet: one starting may connect in a moment, else nothing will
                waited = True
                if not select.select([fd], [], [], PIPE_GRACE)[0]:
                    thing = NOT_REGULAR(thing=NAMED_PIPE, what=kind)
                    raise InputError([Problem(name, "", thing)])
        return raw
    finally:
        os.close(fd)


def special_file(mode: int) -> Text | None:
    """What a file that is neither a regular file nor a folder is, by its stat mode; None for
    those two: reading a named pipe, a socket or a device blocks, or never ends."""
    if S_ISREG(mode) or S_ISDIR(mode):
        return None
    if S_ISFIFO(mode):
        return NAMED_PIPE
    if S_ISSOCK(mode):
        return SOCKET
    if S_ISCHR(mode) or S_ISBLK(mode):
        return DEVICE
    return SPECIAL


def parse_toml(
    raw: bytes,
    name: str,
    what: str = "file",
    *,
    defer_numbers: bool = False,
    names: Names | None = None,
) -> TomlDocument:
    kind = KINDS.get(what, KINDS["file"])
    if raw.startswith(OFFICE_SIGNATURES):  # a workbook or a document, not a text file
        raise InputError([Problem(name, "", OFFICE(what=kind))])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _every_other_nul(raw):
        raise InputError([Problem(name, "", UTF16)])
    if b"\x00" in raw:
        raise InputError([Problem(name, "", BINARY(what=kind))])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "", _not_utf8(raw))]) from None
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    if not text.strip():
        raise InputError([Problem(name, "", EMPTY(what=kind))])
    try:
        data = toml_reader.loads(text, parse_float=Decimal)
    except toml_reader.TOMLDecodeError as error:
        message, line = diagnose(str(error), text, names)
        raise InputError([Problem(name, "", message, line)]) from None
    except RecursionError:
        raise InputError([Problem(name, "", TOO_DEEP(what=kind), _deepest(text))]) from None
    except ValueError:  # an integer of thousands of digits: Python refuses to read it
        huge = HUGE_NUMBER(most=f"{MAX_NUMBER:,}")
        raise InputError([Problem(name, "", huge, _longest_number(text))]) from None
    document = TomlDocument(name, text, data, had_bom)
    problems, slots = _out_of_bounds(document, what)
    if not problems:
        return document
    if not defer_numbers or None in slots:  # nesting too deep stops the read
        raise InputError(problems)
    for slot in slots:
        if slot is not None:
            container, key = slot
            container[key] = OUT_OF_BOUNDS
    return TomlDocument(name, text, data, had_bom, tuple(problems))


_Slot = tuple[dict[str, Any], str]  # a table and one of its keys


def _out_of_bounds(document: TomlDocument, what: str) -> tuple[list[Problem], list[_Slot | None]]:
    """Numbers too large or too precise to be real, and nesting deeper than any real file; and
    for each, the table entry that holds the number (a list's for a number in a list), or None
    for nesting too deep. A field's path is spelled out only for a value that is out of bounds."""
    unit: Words | str = IN_WAN if "facts" in what else ""
    problems: list[Problem] = []
    slots: list[_Slot | None] = []
    stack: list[tuple[dict[str, Any] | list[Any], str, int, _Slot | None]] = [
        (document.data, "", 0, None)
    ]
    while stack:
        node, path, depth, holder = stack.pop()
        table = isinstance(node, dict)
        entries: Iterable[tuple[Any, Any]] = (
            node.items() if isinstance(node, dict) else enumerate(node)
        )
        for key, value in entries:
            # the path and the holding entry are spelled out only for a table or list to walk
            # into, or for a value out of bounds; most values are text, or small whole numbers
            kind = type(value)
            if kind is str or kind is bool or (kind is int and -MAX_NUMBER < value < MAX_NUMBER):
                continue
            if isinstance(value, dict | list):
                field = _field(table, path, key)
                if depth + 1 > MAX_DEPTH:
                    problems.append(_too_deep(document, field))
                    slots.append(None)
                else:
                    stack.append((value, field, depth + 1, _slot(node, key, holder)))
                continue
            message = _number_problem(value, unit)
            if message:
                field = _field(table, path, key)
                line = document.line_of(field) if len(problems) < MAX_PROBLEMS else None
                problems.append(Problem(document.path, field, message, line))
                slot = _slot(node, key, holder)
                if slot is not None:
                    slots.append(slot)
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.field))
    return problems, slots


def _slot(node: dict[str, Any] | list[Any], key: Any, holder: _Slot | None) -> _Slot | None:
    """The table entry that holds `node[key]`: a list's values are held by the list's entry."""
    return (node, key) if isinstance(node, dict) else holder


def _field(table: bool, path: str, key: Any) -> str:
    """The dotted path of entry `key` of the table (or list) at `path`."""
    if not table:
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _too_deep(document: TomlDocument, path: str) -> Problem:
    field = path.split("[", 1)[0] if "[" in path else path
    return Problem(
        document.path,
        field if len(field) < 80 else field[:80] + "…",
        NESTED(most=MAX_DEPTH),
        document.line_of(field),
    )


def _number_problem(value: Any, unit: Words | str) -> Words | None:
    kind = type(value)
    if kind is int:
        if abs(value) >= MAX_NUMBER:
            return NUMBER_TOO_LARGE(value=shorten(str(value)), most=f"{MAX_NUMBER:,}", unit=unit)
    elif kind is Decimal and value.is_finite():
        if value and value.adjusted() >= 15:
            return NUMBER_TOO_LARGE(value=shorten(str(value)), most=f"{MAX_NUMBER:,}", unit=unit)
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            return NUMBER_TOO_PRECISE(value=shorten(str(value)), places=MAX_DECIMALS)
    return None


def _deepest(text: str) -> int | None:
    depths = [line.count("[") + line.count("{") for line in text.splitlines()]
    return depths.index(max(depths)) + 1 if depths and max(depths) > 2 else None


def _longest_number(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"\d{1000}", line):
            return number
    return None


def _every_other_nul(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: in text of Latin letters every other byte is NUL."""
    head = raw[:200]
    if len(head) < 8:
        return False
    return head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4


def _not_utf8(raw: bytes) -> Words:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return NOT_TEXT
    return GBK


KINDS = {
    "file": Text("文件", "file"),
    "facts file": Text("填报数据文件", "facts file"),
    "ruleset": Text("评价规则文件", "ruleset"),
    "test case file": Text("测试用例文件", "test case file"),
    "rule case file": Text("计分方法用例文件", "rule case file"),
    "facts workbook": Text("填报工作簿", "facts workbook"),
}
TOML_KINDS = ("file", "facts file", "ruleset", "test case file", "rule case file")
IS_FOLDER = Template(
    "toml.folder", "是一个文件夹，应为 TOML 格式的{what}", "is a directory, expected a TOML {what}"
)
NOT_REGULAR_NOT = Template(
    "file.not_regular",
    "是{thing}，不是普通文件；应为{what}",
    "is {thing}, not a regular file; expected a {what}",
)
IS_FOLDER_NOT = Template(
    "file.folder", "是一个文件夹，应为{what}", "is a directory, expected a {what}"
)
NOT_REGULAR = Template(
    "toml.not_regular",
    "是{thing}，不是普通文件；应为 TOML 格式的{what}",
    "is {thing}, not a regular file; expected a TOML {what}",
)
NAMED_PIPE = Text("命名管道", "a named pipe")
SOCKET = Text("套接字", "a socket")
DEVICE = Text("设备", "a device")
SPECIAL = Text("特殊文件", "a special file")
TOO_BIG = Template(
    "toml.too_big",
    "大小为{size}字节；{what}最大{most}字节",
    "is {size} bytes; a {what} is at most {most} bytes",
)
GREW = Template(
    "toml.grew",
    "超过{most}字节；{what}最大就这么多",
    "is more than {most} bytes; a {what} is at most that",
)
NO_SUCH_FILE = Template("toml.no_such_file", "找不到这个文件", "no such file")
DENIED = Template("toml.denied", "无法读取：没有权限", "cannot be read: permission denied")
UNREADABLE = Template("toml.unreadable", "无法读取：{why}", "cannot be read: {why}")
NUL_NAME = Template(
    "toml.nul_name",
    "不是可用的文件名（含有 NUL 字符）",
    "is not a usable file name (it holds a NUL character)",
)
UTF16 = Template(
    "toml.utf16",
    "是 UTF-16 编码（记事本另存为时的“Unicode”）；请另存为 UTF-8（记事本：另存为 → 编码 UTF-8）",
    "is UTF-16 text (what Notepad calls “Unicode”); save it as UTF-8 (Notepad: Save As → "
    "Encoding UTF-8)",
)
BINARY = Template(
    "toml.binary",
    "是二进制文件（含有 NUL 字节），不是 TOML 格式的{what}",
    "is a binary file (it holds NUL bytes), not a TOML {what}",
)
EMPTY = Template("toml.empty", "是空的；应为 TOML 格式的{what}", "is empty; expected a TOML {what}")
TOO_DEEP = Template(
    "toml.too_deep", "嵌套过深，不像是{what}", "is nested too deeply to be a TOML {what}"
)
HUGE_NUMBER = Template(
    "toml.huge_number",
    "含有上千位的数字；数字应小于{most}",
    "holds a number with thousands of digits; numbers are below {most}",
)
IN_WAN = Text("（金额以万元为单位）", " (amounts are in 万元)")
NUMBER_TOO_LARGE = Template(
    "toml.number_too_large",
    "为 {value}，大得不合常理：这里的数字都小于{most}{unit}",
    "is {value}, implausibly large: numbers here are below {most}{unit}",
)
NUMBER_TOO_PRECISE = Template(
    "toml.number_too_precise",
    "为 {value}，小数超过{places}位；请四舍五入",
    "is {value}, with more than {places} decimal places; round it",
)
NESTED = Template(
    "toml.nested",
    "嵌套超过{most}层；没有哪个字段需要这么深的表或列表",
    "is nested more than {most} levels deep; no field takes tables or lists this deep",
)
# Office files: a zip (xlsx, docx, and WPS's own) or the older OLE compound file (xls, doc, et)
OFFICE_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
OFFICE = Template(
    "toml.office",
    "是 Excel、Word 或 WPS 文件，不是文本文件；请用记事本打开 score init 生成的 .toml {what}填写",
    "is an Excel, Word or WPS file, not a text file; fill in the .toml {what} score init writes, "
    "in a text editor",
)
NOT_TEXT = Template(
    "toml.not_text",
    "不是 UTF-8 文本（是电子表格或 Word 文件吗？）；请另存为 UTF-8 文本",
    "is not UTF-8 text (is it a spreadsheet or a Word file?); save it as UTF-8 text",
)
GBK = Template(
    "toml.gbk",
    "不是 UTF-8 编码（像是某些 Windows 编辑器保存的 GBK/GB2312）；请用记事本打开，"
    "另存为时编码选 UTF-8",
    "is not UTF-8 (it looks like GBK/GB2312, which some Windows editors write); save it as "
    "UTF-8 (Notepad: 另存为 → 编码 UTF-8) or convert it with "
    "`iconv -f GBK -t UTF-8 in.toml > out.toml`",
)
