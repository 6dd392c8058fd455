"""The line of a field in a TOML file's text, so that every problem can name it."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from attrs import frozen

_INDEX = r"^(.*)\[(\d+)\]$"
_KEY = r"\s*[\"']?{}[\"']?\s*"


def _norm(key: str) -> str:
    return ".".join(part.strip().strip('"').strip("'") for part in key.split("."))


def locate(text: str, field_path: str) -> int | None:
    """Best-effort line of a dotted field path (`targets[1].actual`, `budget.adjusted`).

    Works for the layouts people write: [table] and [[array]] headers with plain or dotted keys
    under them, dotted keys at the top (`budget.adjusted = 1`), inline tables
    (`rule = { kind = "tiers" }`), and entries of an inline array written one per line
    (`then = [` ... `{ kind = ... },`). Returns None rather than guessing wrong.
    """
    parts: list[tuple[str, int | None]] = []
    for part in field_path.split("."):
        match = re.match(_INDEX, part)
        parts.append((match.group(1), int(match.group(2))) if match else (part, None))
    layout = _layout(text)
    for split in range(len(parts), 0, -1):  # longest header first: [disclosure.budget]
        header = ".".join(name for name, _ in parts[:split])
        index = parts[split - 1][1]
        start = _header_line(layout.headers, header, index)
        if start is None:
            continue
        if split == len(parts):
            return start + 1
        key = _key_line(layout, start + 1, parts[split:])
        return key + 1 if key is not None else start + 1
    key = _key_line(layout, 0, parts)
    return key + 1 if key is not None else None


@frozen
class _Layout:
    lines: list[str]
    headers: list[tuple[int, str, bool]]  # line number, table name, whether [[array]]
    header_lines: list[int]


@lru_cache(maxsize=4)
def _layout(text: str) -> _Layout:
    """The file's lines and table headers, found once per file however many problems it has."""
    lines = text.splitlines()
    headers = []
    for number, line in enumerate(lines):
        header = table_header(line)
        if header is not None:
            headers.append((number, _norm(header[0]), header[1]))
    return _Layout(lines, headers, [number for number, _, _ in headers])


def table_header(line: str) -> tuple[str, bool] | None:
    """The name in a `[table]` or `[[array]]` header line and whether it is an array, or None.

    Scanned, not matched: a pattern with a run of spaces on each side of the name backtracks in
    cubic time on a line of `[` and spaces, which a multi-line string may hold. Reads what that
    pattern read: the name runs to the first `]`, and only `]`, spaces or a comment may follow."""
    rest = line.lstrip()
    if not rest.startswith("["):
        return None
    is_array = rest.startswith("[[")
    start = 2 if is_array else 1
    close = rest.find("]", start)
    if close < 0:
        return None
    name = rest[start:close]
    if not name:
        if not is_array:
            return None  # `[]`
        name, is_array = "[", False  # `[[]`: a table named `[`, as the pattern read it
    tail = rest[close + 1 :].removeprefix("]").lstrip()
    if tail and not tail.startswith("#"):
        return None
    return name, is_array


def commented_out(text: str, field_path: str) -> int | None:
    """The line where a missing field is written but commented out (`# initial = 2400`, as
    the facts template writes it), or None: a field left commented looks filled in Notepad."""
    table, _, key = field_path.rpartition(".")
    if "[" in table:
        return None  # a record's field: records are copied from the template as a whole
    layout = _layout(text)
    header = _header_line(layout.headers, table, None) if table else -1
    if header is None:
        return None
    following = bisect_right(layout.header_lines, header)  # the next header ends the table
    end = layout.header_lines[following] if following < len(layout.header_lines) else None
    for number in range(header + 1, len(layout.lines) if end is None else end):
        line = layout.lines[number].lstrip()
        if not line.startswith("#"):
            continue
        line = line.lstrip("#").lstrip()  # `# initial = 2400`, `## initial=2400`
        if line.startswith(key) and line[len(key) :].lstrip().startswith("="):
            return number + 1
    return None


def _header_line(
    headers: list[tuple[int, str, bool]], header: str, index: int | None
) -> int | None:
    seen = 0
    for number, name, is_array in headers:
        if name != header:
            continue
        if index is None:  # [table], or the first [[entry]] of an array named as a whole
            return number
        if is_array:
            if seen == index:
                return number
            seen += 1
    if index is None:  # a table defined only through its sub-tables: [dimensions.x]
        for number, name, _ in headers:
            if name.startswith(header + "."):
                return number
    return None


def _key_line(layout: _Layout, start: int, parts: list[tuple[str, int | None]]) -> int | None:
    """The line of the longest dotted prefix of `parts` assigned in the table from `start`."""
    lines = layout.lines
    following = bisect_right(layout.header_lines, start)  # the next header ends the table
    end = layout.header_lines[following] if following < len(layout.header_lines) else len(lines)
    for size in range(len(parts), 0, -1):
        names = [re.escape(name) for name, _ in parts[:size]]
        follow = r"=" if size == len(parts) else r"(\.|=)"
        pattern = re.compile("^" + r"\.".join(_KEY.format(n) for n in names) + follow)
        for number in range(start, end):
            if pattern.match(lines[number]):
                index = parts[size - 1][1]
                if index is None:
                    return number
                return _array_entry(lines, number, end, index)
    return None


def _array_entry(lines: list[str], first: int, end: int, index: int) -> int:
    """The line of entry `index` of an inline array of tables opened on line `first`."""
    opened = lines[first].split("=", 1)[-1]
    if opened.count("{") > index or "]" in opened:
        return first  # the entries are on the same line
    seen = opened.count("{")
    for number in range(first + 1, end):
        seen += lines[number].count("{")
        if seen > index:
            return number
        if lines[number].lstrip().startswith("]"):
            break
    return first
