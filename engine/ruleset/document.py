"""Checking a ruleset document: every problem named with the file and line that gave the key,
the inherited ones with where to override them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jixiao.engine.errors import MAX_PROBLEMS, Problem, shown, unknown_key
from jixiao.engine.numbers import exact
from jixiao.engine.ruleset.inherit import Locate
from jixiao.engine.text import Text
from jixiao.engine.tomlfile import TomlDocument

EXAMPLES = {"weight": 35, "points": 5, "min": 60, "below": 75}
PLACES_IN_POINTS = 12  # weights, points and bounds stay exact in print (to_decimal keeps 12)


class RulesetDocument:
    """The problems found in one ruleset document, and the checks every part of it shares."""

    def __init__(self, document: TomlDocument, origin: Locate | None = None) -> None:
        self.document = document
        self.origin = origin
        self.problems: list[Problem] = []

    def fail(self, key: str, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:  # a hostile file: stop looking for lines
            file, line = self.document.path, None
        elif self.origin is not None:
            file, line = self.origin(key)
            if file != self.document.path:  # inherited: the fix goes in the child
                message += f" (inherited; override it in {self.document.path})"
        else:
            file, line = self.document.path, self.document.line_of(key)
        self.problems.append(Problem(file, key, message, line))

    def unknown_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                path = f"{prefix}.{key}" if prefix else key
                if len(self.problems) >= MAX_PROBLEMS:
                    self.fail(path, "unknown key")  # beyond what is shown: no suggestion
                    continue
                self.fail(
                    path,
                    unknown_key(
                        key,
                        list(allowed),
                        f"[{prefix}]" if prefix else "the top level of a ruleset",
                    ),
                )

    def number(
        self, data: Mapping[str, Any], key: str, path: str, positive: bool = False
    ) -> Fraction | None:
        raw = data.get(key)
        if (
            isinstance(raw, bool)
            or not isinstance(raw, int | Decimal)
            or (isinstance(raw, Decimal) and not raw.is_finite())
        ):
            self.fail(
                path,
                f"expected a number, found {shown(raw) if isinstance(raw, Decimal) else repr(raw)}"
                if key in data
                else f"is required: a number, e.g. {key} = {EXAMPLES.get(key, 1)}",
            )
            return None
        value = exact(raw)
        if value < 0:
            self.fail(path, f"expected a number ≥ 0, found {raw}")
            return None
        if positive and value == 0:
            # re-basing divides by the points scored over: a part worth nothing cannot be scored
            self.fail(path, "expected a number above 0; remove a part that is worth nothing")
            return None
        if 10**PLACES_IN_POINTS % value.denominator:  # value × 10**12 is not whole
            self.fail(path, f"has more than {PLACES_IN_POINTS} decimal places ({raw}); round it")
            return None
        return value


def text_of(data: Mapping[str, Any], key: str, fallback: str) -> Text:
    """`key` and `key_en` of a table as Text; the English falls back to the Chinese."""
    zh = data.get(key)
    zh = zh if isinstance(zh, str) and zh.strip() else fallback
    en = data.get(f"{key}_en")
    return Text(zh, en if isinstance(en, str) and en.strip() else zh)
