"""Reading a TOML file the way every loader needs: exact decimals, clear errors, line numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from .errors import InputError, Problem

try:  # tomli's compiled wheels parse about twice as fast and give the same exact decimals
    import tomli as toml_reader  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    import tomllib as toml_reader  # type: ignore[no-redef, unused-ignore]

MAX_FILE_BYTES = 2 * 1024 * 1024  # a department file is a few KB; past this it is not one
BOM = "\ufeff"


@frozen
class TomlDocument:
    path: str
    text: str
    data: dict[str, Any]
    had_bom: bool = False

    def line_of(self, field_path: str) -> int | None:
        return locate(self.text, field_path)


def read_toml(path: str | Path, what: str = "file") -> TomlDocument:
    """Read and parse one TOML file; every failure is an InputError naming the file."""
    name = str(path)
    file = Path(path)
    if file.is_dir():
        raise InputError([Problem(name, "", f"is a directory, expected a TOML {what}")])
    try:
        size = file.stat().st_size
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
        raw = file.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, "", "no such file")]) from None
    except PermissionError:
        raise InputError([Problem(name, "", "cannot be read: permission denied")]) from None
    except OSError as error:
        raise InputError([Problem(name, "", f"cannot be read: {error.strerror}")]) from None
    return parse_toml(raw, name, what)


def parse_toml(raw: bytes, name: str, what: str = "file") -> TomlDocument:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "", _not_utf8(raw))]) from None
    had_bom = text.startswith(BOM)
    if had_bom:
        text = text[1:]
    if not text.strip():
        raise InputError([Problem(name, "", f"is empty; expected a TOML {what}")])
    if "\x00" in text:
        raise InputError([Problem(name, "", f"is a binary file, not a TOML {what}")])
    try:
        data = toml_reader.loads(text, parse_float=Decimal)
    except toml_reader.TOMLDecodeError as error:
        message, line = _syntax_error(error)
        raise InputError([Problem(name, "", f"is not valid TOML: {message}", line)]) from None
    except RecursionError:
        raise InputError([Problem(name, "", "is nested too deeply to be a TOML " + what)]) from None
    return TomlDocument(name, text, data, had_bom)


def _not_utf8(raw: bytes) -> str:
    try:
        raw.decode("gbk")
    except UnicodeDecodeError:
        return "is not UTF-8 text; save it as UTF-8"
    return (
        "is not UTF-8 (it looks like GBK/GB2312, which some Windows editors write); "
        "save it as UTF-8, e.g. `iconv -f GBK -t UTF-8 in.toml > out.toml`"
    )


_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _syntax_error(error: Exception) -> tuple[str, int | None]:
    text = str(error)
    match = _AT.search(text)
    if not match:
        return text, None
    return f"{text[: match.start()]} (column {match.group(2)})", int(match.group(1))


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*(\]\]?)\s*(#.*)?$")
_INDEX = re.compile(r"^(.*)\[(\d+)\]$")


def _norm(key: str) -> str:
    return ".".join(part.strip().strip('"').strip("'") for part in key.split("."))


def locate(text: str, field_path: str) -> int | None:
    """Best-effort line of a dotted field path (`targets[1].actual`, `budget.adjusted`).

    Works for the layout people write: [table] / [[array]] headers with plain keys under them,
    and dotted or inline keys at the top. Returns None rather than guessing wrong.
    """
    parts: list[tuple[str, int | None]] = []
    for part in field_path.split("."):
        match = _INDEX.match(part)
        parts.append((match.group(1), int(match.group(2))) if match else (part, None))
    lines = text.splitlines()
    for split in range(len(parts), 0, -1):  # longest header first: [disclosure.budget]
        header = ".".join(name for name, _ in parts[:split])
        index = parts[split - 1][1]
        rest = [name for name, _ in parts[split:]]
        start = _header_line(lines, header, index)
        if start is None:
            continue
        if not rest:
            return start + 1
        key = _key_line(lines, start + 1, ".".join(rest))
        return key + 1 if key is not None else start + 1
    key = _key_line(lines, 0, ".".join(name for name, _ in parts))
    return key + 1 if key is not None else None


def _header_line(lines: list[str], header: str, index: int | None) -> int | None:
    seen = 0
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match or _norm(match.group(2)) != header:
            continue
        is_array = match.group(1) == "[["
        if index is None and not is_array:
            return number
        if index is not None and is_array:
            if seen == index:
                return number
            seen += 1
    return None


def _key_line(lines: list[str], start: int, key: str) -> int | None:
    first = key.split(".")[0]
    pattern = re.compile(rf"^\s*[\"']?{re.escape(first)}[\"']?\s*(\.|=)")
    for number in range(start, len(lines)):
        if number > start and _HEADER.match(lines[number]):
            return None
        if pattern.match(lines[number]):
            return number
    return None
