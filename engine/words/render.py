"""Formatting a message's values in its language: numbers as a finance officer writes them.

Placeholders name how their value is shown (`{lost:pts}`); see message.py. Numbers are exact
(Fraction, Decimal, int) and are rounded here, for the eye only: the JSON keeps them exact.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jixiao.engine.numbers import exact, fixed, percent, plain

LIST_JOINERS = {"zh": "、", "en": ", "}


def money(value: Fraction | Decimal | int) -> str:
    """An amount in 万元 with at least two decimals, and every decimal it has: 861.10,
    968.909901, 0.00."""
    text = plain(exact(value))
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def date(value: dt.date, lang: str) -> str:
    if lang == "en":
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        lang = self.lang
        if hasattr(value, "get") and not isinstance(value, Mapping):  # a Text or a Message
            value = value.get(lang)
        if format_spec == "pts":
            return fixed(exact(value), 2)
        if format_spec == "pct":
            return percent(exact(value))
        if format_spec == "num":
            return plain(exact(value))
        if format_spec == "money":
            return money(value)
        if format_spec == "date":
            return date(value, lang)
        if format_spec == "q":  # in quotes; quotes inside become the inner pair: “‘三公’经费”
            text = self.format_field(value, "")
            if lang == "en":
                return f"“{text}”"
            return "“" + text.replace("“", "‘").replace("”", "’") + "”"
        if format_spec == "list":
            return LIST_JOINERS.get(lang, ", ").join(self.format_field(v, "") for v in value)
        if isinstance(value, Fraction):
            return plain(value)
        if isinstance(value, dt.date) and not format_spec:
            return date(value, lang)
        return str(super().format_field(value, format_spec))


_FORMATTERS = {lang: _Formatter(lang) for lang in ("zh", "en")}


def render(wording: str, values: Mapping[str, Any], lang: str) -> str:
    """`wording` with its placeholders filled from `values`, shown in `lang`."""
    return _FORMATTERS.get(lang, _FORMATTERS["zh"]).vformat(wording, (), values)
