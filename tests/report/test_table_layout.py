"""The terminal table at 80 and at 120 columns, as a person reads it: snapshots, and the rules
every line keeps at any width (no line wider than the terminal, no number split from its unit,
no line that starts with a comma).

    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/report/test_table_layout.py

rewrites the snapshots after a deliberate change; read the diff as a user would.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.engine import api
from jixiao.engine.scoring.results import Scorecard
from jixiao.report.table import render_table
from jixiao.report.wrap import CLOSING, width_of, wrap

SNAPSHOTS = Path(__file__).parent / "snapshots"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
UNITS = ("分", "万", "%", "个", "项", "日", "天", "年", "月", "人")


def drawn(card: Scorecard, lang: str, width: int) -> str:
    out = io.StringIO()
    render_table(card, lang, file=out, width=width)
    return out.getvalue()


def check_lines(text: str, width: int) -> None:
    lines = text.splitlines()
    for number, line in enumerate(lines):
        assert width_of(line) <= width, f"line {number + 1} is wider than {width}: {line}"
        first = line.strip()[:1]
        assert first not in CLOSING, f"line {number + 1} starts with {first}"
        row = re.match(r"^ {0,2}\S", line)  # the narrow layout's rows end in their score
        if number + 1 < len(lines) and re.search(r"\d$", line) and not row:
            after = lines[number + 1].strip()
            assert not after.startswith(UNITS), f"a number split from its unit: {line} / {after}"


CASES = [
    ("zhengding-agriculture-2025.toml", "zh", 80),
    ("zhengding-agriculture-2025.toml", "zh", 120),
    ("zhengding-agriculture-2025.toml", "en", 80),
    ("luquan-cppcc-2025.toml", "zh", 80),
]


@pytest.mark.parametrize(("example", "lang", "width"), CASES)
def test_the_table_as_a_person_reads_it(example: str, lang: str, width: int) -> None:
    text = drawn(api.score_file(EXAMPLES / example), lang, width)
    check_lines(text, width)
    snapshot = SNAPSHOTS / f"{Path(example).stem}-{lang}-{width}.txt"
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def test_the_narrow_layout_puts_the_notes_under_their_sub_indicator() -> None:
    text = drawn(api.score_file(EXAMPLES / "zhengding-agriculture-2025.toml"), "zh", 80)
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("  1.1 预算执行率"))
    assert lines[row].endswith("20.00   18.60")
    assert lines[row + 2] == "      −1.40｜预算执行率93.00%，按比例扣1.40分"


@pytest.mark.parametrize("width", [60, 80, 99, 100, 120, 160])
def test_every_example_keeps_the_rules_at_any_width(width: int) -> None:
    for path in sorted(EXAMPLES.glob("*.toml")):
        for lang in ("zh", "en"):
            check_lines(drawn(api.score_file(path), lang, width), width)


WORDS = st.sampled_from(
    ["扣", "1.40", "分", "，", "预算执行率", "93.00%", "2455.20万元", " / ", "（", "）", "“", "”",
     "budget", " ", "execution", "2025年1月20日", "、", "个百分点", "：", "abcdefghijklmnopq"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40).map("".join), st.integers(10, 90), st.integers(0, 8))
def test_wrapping_keeps_every_character_and_fits(text: str, width: int, indent: int) -> None:
    lines = wrap(text, width, indent)
    assert all(width_of(line) <= max(width, indent + 2) for line in lines)
    kept = "".join(line[indent:] if n else line for n, line in enumerate(lines))
    assert kept.replace(" ", "") == text.replace(" ", "")
