"""Wrapping Chinese and English text to a terminal's width, where a reader expects the breaks.

A line may break between two Chinese characters and at a space, but never inside a number
with its unit or the word before it (扣1.40分, 共2.00个, 93.00%), never inside an English word,
never before closing punctuation (a line never starts with ，or ）) and never after opening
punctuation. Widths are display columns: a Chinese character takes two. rich folds a run of
Chinese at any character, which splits 扣1 / 分; the renderers hand it lines wrapped here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# words of the reports that read wrongly split across two lines
WORDS = re.compile(
    "百分点|无佐证|不适用|按比例|扣完为止|不得分|得满分|未填写|不具备|绩效目标|评价规则"
)
OPENING = set("（(“‘「『《【[｜")
CLOSING = set("，。、；：！？）)”’」』》】]%％…·,.;:!?")
SPACE = " "
# a number, its unit and the word before it stay on one line: 扣1.40分, 共2.00个百分点,
# 2455.20万元, 2025年1月20日; in English a number and the short word after it
NUMBER = re.compile(
    r"[\u4e00-\u9fff]{0,3}[−+-]?\d[\d.,]*%?(?:个百分点|百分点|万元|亿元|万亩|人次|[\u4e00-\u9fff])?"
    r"|\d[\d.,]*[%k]? [a-z]{1,6}\b\)?"  # and in English: 1.00 off, 29 days, 10k yuan)
)


def width_of(text: str) -> int:
    """Display columns of `text`: two for a wide (Chinese) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _ascii_word(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "._−-+/=<>*'\"")


def _numeric(char: str) -> bool:
    return char.isdigit() or char in ".−-+"


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def _may_break(before: str, after: str) -> bool:
    """Whether a line may end after `before` when `after` follows."""
    if after == SPACE or after in CLOSING or before in OPENING:
        return False  # break after the spaces, and never before a ， or after a （
    if before == SPACE:
        return True
    if _ascii_word(before) and _ascii_word(after):
        return False
    # a number stays with its neighbours: 扣1.40分, 共2.00个百分点
    return not (
        (_numeric(before) and _wide(after))
        or (_wide(before) and _numeric(after))
        or (before == "−" or after == "−")
    )


def _pieces(text: str) -> Iterator[str]:
    """`text` cut where a line may break; every piece is kept whole when it fits."""
    kept = {i for found in NUMBER.finditer(text) for i in range(found.start() + 1, found.end())}
    kept |= {i for found in WORDS.finditer(text) for i in range(found.start() + 1, found.end())}
    start = 0
    for index in range(1, len(text)):
        if index not in kept and _may_break(text[index - 1], text[index]):
            yield text[start:index]
            start = index
    if text:
        yield text[start:]


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """`text` as lines of at most `width` columns; lines after the first start with `indent`
    spaces (a hanging indent, counted in the width). A piece wider than a line is cut by
    characters, the only way it can be shown."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_one(paragraph, max(width, indent + 2), indent))
    return lines


def _wrap_one(text: str, width: int, indent: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0  # the line being filled and its width
    for piece in _pieces(text):
        if used + width_of(piece.rstrip(SPACE)) > width and line.strip():
            lines.append(line.rstrip(SPACE))
            line, used = " " * indent, indent
            piece = piece.lstrip(SPACE)
        while used + width_of(piece.rstrip(SPACE)) > width:  # wider than a whole line
            cut = _cut(piece, width - used)
            lines.append((line + cut).rstrip(SPACE))
            line, used = " " * indent, indent
            piece = piece[len(cut) :]
        line += piece
        used += width_of(piece)
    lines.append(line.rstrip(SPACE))
    return lines


def _cut(piece: str, room: int) -> str:
    """The longest start of `piece` that fits `room` columns (at least one character)."""
    taken, used = "", 0
    for char in piece:
        size = width_of(char)
        if used + size > room and taken:
            break
        taken += char
        used += size
    return taken
