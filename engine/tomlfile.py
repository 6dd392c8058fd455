"""Reading a TOML file the way every loader needs: exact decimals, clear errors, line numbers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from stat import S_ISDIR
from typing import Any

from attrs import frozen

from jixiao.engine.errors import MAX_PROBLEMS, InputError, Problem, shorten
from jixiao.engine.lines import locate

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


@frozen
class TomlDocument:
    path: str
    text: str
    data: dict[str, Any]
    had_bom: bool = False
    # numbers out of bounds, when the reader was asked to leave them to the caller
    # (`defer_numbers`): each value is OUT_OF_BOUNDS in `data`
    problems: tuple[Problem, ...] = ()

    def line_of(self, field_path: str) -> int | None:
        return locate(self.text, field_path)


class _OutOfBounds:
    """A number the reader reported as out of bounds, in place of the number."""

    def __repr__(self) -> str:
        return "OUT_OF_BOUNDS"


OUT_OF_BOUNDS: Any = _OutOfBounds()


def read_toml(path: str | Path, what: str = "file", *, defer_numbers: bool = False) -> TomlDocument:
    """Read and parse one TOML file; every failure is an InputError naming the file.

    `defer_numbers`: a number too large or too precise is not an error yet but one of the
    document's `problems` (its value replaced by OUT_OF_BOUNDS, which no arithmetic touches), so
    that the caller reports it beside the problems of the other fields, all at once."""
    name = str(path)
    file = Path(path)
    try:
        status = file.stat()
        if S_ISDIR(status.st_mode):
            raise InputError([Problem(name, "", f"is a directory, expected a TOML {what}")])
        size = status.st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        name,
                        "",
                        f"is {size:,} bytes; a {what} is at most {MAX_FILE_BYTES:,} bytes",
                    )
                ]
            )
        with open(file, "rb") as stream:  # bounded: /dev/zero or a growing file cannot fill memory
            # the size stat gave and one byte more; a buffer of the whole bound only for a file
            # longer than that (it grew, or it is a device): allocating 2 MiB for every read
            # cost more than the read itself
            raw = stream.read(size + 1)
            if len(raw) > size:
                raw += stream.read(MAX_FILE_BYTES + 1 - len(raw))
        if len(raw) > MAX_FILE_BYTES:
            raise InputError(
                [
                    Problem(
                        name, "", f"is more than {MAX_FILE_BYTES:,} bytes; a {what} is at most that"
                    )
                ]
            )
    except FileNotFoundError:
        raise InputError([Problem(name, "", "no such file")]) from None
    except PermissionError:
        raise InputError([Problem(name, "", "cannot be read: permission denied")]) from None
    except OSError as error:  # e.g. a name too long, a folder in the path that is a file
        raise InputError([Problem(name, "", f"cannot be read: {error.strerror}")]) from None
    except ValueError:  # a NUL character in the name, which no file system allows
        raise InputError(
            [Problem(name, "", "is not a usable file name (it holds a NUL character)")]
        ) from None
    return parse_toml(raw, name, what, defer_numbers=defer_numbers)


def parse_toml(
    raw: bytes, name: str, what: str = "file", *, defer_numbers: bool = False
) -> TomlDocument:
    if b"\x00" in raw:
        raise InputError(
            [Problem(name, "", f"is a binary file (it holds NUL bytes), not a TOML {what}")]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "", _not_utf8(raw))]) from None
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    if not text.strip():
        raise InputError([Problem(name, "", f"is empty; expected a TOML {what}")])
    try:
        data = toml_reader.loads(text, parse_float=Decimal)
    except toml_reader.TOMLDecodeError as error:
        message, line = _syntax_error(error)
        raise InputError([Problem(name, "", f"is not valid TOML: {message}", line)]) from None
    except RecursionError:
        raise InputError(
            [Problem(name, "", f"is nested too deeply to be a TOML {what}", _deepest(text))]
        ) from None
    except ValueError:  # an integer of thousands of digits: Python refuses to read it
        raise InputError(
            [
                Problem(
                    name,
                    "",
                    f"holds a number with thousands of digits; numbers are below {MAX_NUMBER:,}",
                    _longest_number(text),
                )
            ]
        ) from None
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
    unit = " (amounts are in 万元)" if "facts" in what else ""
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
        f"is nested more than {MAX_DEPTH} levels deep; no field takes tables or lists this deep",
        document.line_of(field),
    )


def _number_problem(value: Any, unit: str) -> str | None:
    kind = type(value)
    if kind is int:
        if abs(value) >= MAX_NUMBER:
            return (
                f"is {shorten(str(value))}, implausibly large: "
                f"numbers here are below {MAX_NUMBER:,}{unit}"
            )
    elif kind is Decimal and value.is_finite():
        if value and value.adjusted() >= 15:
            return (
                f"is {shorten(str(value))}, implausibly large: "
                f"numbers here are below {MAX_NUMBER:,}{unit}"
            )
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
            return (
                f"is {shorten(str(value))}, with more than {MAX_DECIMALS} decimal places; round it"
            )
    return None


def _deepest(text: str) -> int | None:
    depths = [line.count("[") + line.count("{") for line in text.splitlines()]
    return depths.index(max(depths)) + 1 if depths and max(depths) > 2 else None


def _longest_number(text: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        if re.search(r"\d{1000}", line):
            return number
    return None


def _not_utf8(raw: bytes) -> str:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return "is not UTF-8 text (is it a spreadsheet or a Word file?); save it as UTF-8 text"
    return (
        "is not UTF-8 (it looks like GBK/GB2312, which some Windows editors write); "
        "save it as UTF-8 (Notepad: 另存为 → 编码 UTF-8) or convert it with "
        "`iconv -f GBK -t UTF-8 in.toml > out.toml`"
    )


# patterns as strings: compiled (and cached by re) when an error needs them, not at every start
_AT = r"\s*\(at line (\d+), column (\d+)\)\s*$"


# What the parser's terse messages usually mean for someone typing a facts file by hand.
_SYNTAX_HINTS = (
    ("Illegal character '\\n'", 'a quoted text is not closed on this line; add the closing "'),
    ("Unterminated string", 'a quoted text is not closed; add the closing "'),
    ("Cannot overwrite a value", "this key or [section] is given twice; keep one"),
    ("Cannot declare", "this [section] is given twice; keep one"),
    ("Expected '=' after a key", "write each value as key = value"),
    ("Invalid date or datetime", "not a real date; write YYYY-MM-DD, e.g. 2025-02-10"),
    (
        "Invalid value",
        'a value is a number (968.9), true/false, a date (2025-02-10) or text in quotes ("…")',
    ),
    ("Invalid statement", "each line is key = value, a [section] header, or a # comment"),
    (
        "Expected newline or end of document",
        "one key = value per line; text goes in quotes",
    ),
)


def _syntax_error(error: Exception) -> tuple[str, int | None]:
    text = str(error)
    hint = next((h for pattern, h in _SYNTAX_HINTS if text.startswith(pattern)), None)
    match = re.search(_AT, text)
    line = int(match.group(1)) if match else None
    if match:
        text = f"{text[: match.start()]} (column {match.group(2)})"
    return (f"{text}: {hint}" if hint else text), line
