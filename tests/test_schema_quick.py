"""The quick path of facts validation gives exactly what the full checks give, or defers to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from score.engine.schema import CHECK, FIELD_TYPES, Field, convert, full_check, quick
from score.engine.text import Text

FIELDS = [
    Field(f"f_{kind}", kind, Text("字段", "field"), choices=("达成", ">=", "quantitative"))
    for kind in FIELD_TYPES
]

# each side of every bound, and every form a TOML value takes
SAMPLES: list[Any] = [
    *(Decimal(text) for text in ("-0", "0", "-0.000001", "0.5", "100", "100.000001")),
    *(Decimal(text) for text in ("1E+10", "10000000000.000001", "-1E+10", "-10000000000.1")),
    *(Decimal(text) for text in ("NaN", "-Infinity", "Infinity", "1E+20", "968.909901")),
    *(0, -1, 3, 100, 101, 10**10, 10**10 + 1, -(10**10), -(10**10) - 1, 1999, 2000, 2100, 2101),
    *(True, False, None, dt.date(2025, 2, 10), dt.datetime(2025, 2, 10, 8, 30), dt.time(8, 30)),
    *("", " ", "x", " x ", "达成", " 达成", ">=", "n/a", " N/A ", "不适用", "2025-02-10", "是"),
    *("12万元", "a\tb\nc", "\x1b[31m", "a\x7f", "\r"),
    *([], ["账实不符"], [" a ", "b"], ["a", ""], ["a", 1], ["\x1b"], [["a"]], {}, {"a": 1}),
]
texts = st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=8)
values = st.recursive(
    st.integers(-(10**16), 10**16)
    | st.decimals(allow_nan=True, allow_infinity=True, places=3)
    | st.decimals(min_value=-200, max_value=200, places=6)
    | texts
    | st.booleans()
    | st.dates()
    | st.datetimes()
    | st.sampled_from(SAMPLES),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=2),
    max_leaves=6,
)


def _same(a: Any, b: Any) -> bool:
    """Equal, of the same type, and for decimals written the same way."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return str(a) == str(b) if isinstance(a, Decimal) else bool(a == b)


def _agree(spec: Field, raw: Any) -> None:
    full = full_check(spec, raw)
    value = quick(spec, raw)
    if value is not CHECK:
        assert full.error is None
        assert _same(value, full.value)
    converted = convert(spec, raw)
    assert converted.error == full.error
    assert _same(converted.value, full.value)


@pytest.mark.parametrize("spec", FIELDS, ids=[f.type for f in FIELDS])
def test_quick_agrees_with_the_full_checks_on_every_bound(spec: Field) -> None:
    for raw in SAMPLES:
        _agree(spec, raw)


@settings(max_examples=2000, deadline=None)
@given(st.sampled_from(FIELDS), values)
def test_quick_gives_the_full_checks_value_or_defers(spec: Field, raw: Any) -> None:
    _agree(spec, raw)
