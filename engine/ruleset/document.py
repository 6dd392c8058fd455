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
from jixiao.engine.tomlfile import TomlDocument
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

EXAMPLES = {"weight": 35, "points": 5, "min": 60, "below": 75}
PLACES_IN_POINTS = 12  # weights, points and bounds stay exact in print (to_decimal keeps 12)

INHERITED = Template(
    "ruleset.inherited",
    "{message}（此项继承自上级规则；请在 {child} 中改写）",
    "{message} (inherited; override it in {child})",
)
UNKNOWN = Text("未知的字段", "unknown key")
TOP_LEVEL = Text("评价规则的顶层", "the top level of a ruleset")
NOT_A_NUMBER = Template(
    "ruleset.number.expected", "应为数字，填写的是 {found}", "expected a number, found {found}"
)
NUMBER_REQUIRED = Template(
    "ruleset.number.required",
    "必须填写：一个数字，如 {key} = {example}",
    "is required: a number, e.g. {key} = {example}",
)
NEGATIVE = Template(
    "ruleset.number.negative",
    "应为不小于0的数字，填写的是 {found}",
    "expected a number ≥ 0, found {found}",
)
ZERO = Template(
    "ruleset.number.zero",
    "应大于0；分值为0的部分请删去",
    "expected a number above 0; remove a part that is worth nothing",
)
TOO_PRECISE = Template(
    "ruleset.number.places",
    "小数超过{places}位（{found}）；请四舍五入",
    "has more than {places} decimal places ({found}); round it",
)


class RulesetDocument:
    """The problems found in one ruleset document, and the checks every part of it shares."""

    def __init__(self, document: TomlDocument, origin: Locate | None = None) -> None:
        self.document = document
        self.origin = origin
        self.problems: list[Problem] = []
        # declared measures already refused: a rule naming one is not refused a second time
        self.refused_measures: set[str] = set()

    def fail(self, key: str, message: Words | str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:  # a hostile file: stop looking for lines
            file, line = self.document.path, None
        elif self.origin is not None:
            file, line = self.origin(key)
            if file != self.document.path:  # inherited: the fix goes in the child
                message = INHERITED(message=message, child=self.document.path)
        else:
            file, line = self.document.path, self.document.line_of(key)
        self.problems.append(Problem(file, key, message, line))

    def unknown_keys(self, data: Mapping[str, Any], allowed: tuple[str, ...], prefix: str) -> None:
        for key in data:
            if key not in allowed:
                path = f"{prefix}.{key}" if prefix else key
                if len(self.problems) >= MAX_PROBLEMS:
                    self.fail(path, UNKNOWN)  # beyond what is shown: no suggestion
                    continue
                self.fail(
                    path,
                    unknown_key(
                        key,
                        list(allowed),
                        f"[{prefix}]" if prefix else TOP_LEVEL,
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
            if key in data:
                self.fail(path, NOT_A_NUMBER(found=shown(raw)))
            else:
                self.fail(path, NUMBER_REQUIRED(key=key, example=EXAMPLES.get(key, 1)))
            return None
        value = exact(raw)
        if value < 0:
            self.fail(path, NEGATIVE(found=raw))
            return None
        if positive and value == 0:
            # re-basing divides by the points scored over: a part worth nothing cannot be scored
            self.fail(path, ZERO())
            return None
        if 10**PLACES_IN_POINTS % value.denominator:  # value × 10**12 is not whole
            self.fail(path, TOO_PRECISE(places=PLACES_IN_POINTS, found=raw))
            return None
        return value


def text_of(data: Mapping[str, Any], key: str, fallback: str) -> Text:
    """`key` and `key_en` of a table as Text; the English falls back to the Chinese."""
    zh = data.get(key)
    zh = zh if isinstance(zh, str) and zh.strip() else fallback
    en = data.get(f"{key}_en")
    return Text(zh, en if isinstance(en, str) and en.strip() else zh)
