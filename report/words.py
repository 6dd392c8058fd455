"""Words the renderers share, in both languages."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# what drives a terminal or starts a line: C0 and C1 controls (ESC, CR, line breaks, the
# 8-bit CSI) and the line and paragraph separators
_CONTROLS = ("Cc", "Zl", "Zp")
# the bidirectional overrides and isolates: they reorder what follows them on the line
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

WORDS = {
    "title": ("部门整体支出绩效评价", "Department overall expenditure performance evaluation"),
    "indicator": ("指标", "Indicator"),
    "points": ("分值", "Points"),
    "score": ("得分", "Score"),
    "details": ("扣分及说明", "Deductions and notes"),
    "total": ("总分", "Total"),
    "grade": ("评价等级", "Grade"),
    "na": ("不适用", "N/A"),
    "failed": ("出错", "failed"),
    "rebased": ("按适用指标折算", "re-based over applicable parts"),
    "ruleset": ("评价规则", "Ruleset"),
    "findings": ("提示", "Findings"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "info": ("说明", "note"),
    "incomplete": (
        "评分不完整：插件出错，结果不可作为正式结果使用",
        "INCOMPLETE: a plugin failed; this is not a valid result",
    ),
    "year": ("年度", "year"),
    "full": ("满分", "full points"),
    "rule": ("规则", "rule"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def colon(lang: str) -> str:
    """What follows a label: the full-width colon in Chinese."""
    return ": " if lang == "en" else "："


def bracketed(text: str, lang: str) -> str:
    """`text` in parentheses as the language writes them: （2） or (2)."""
    return f" ({text})" if lang == "en" else f"（{text}）"


def escaped(text: str) -> str:
    """Text from a file (a name, a label, a value, a path) as the terminal shows it: each
    control character as its Python escape (`\\x1b`, `\\r`, `\\n`), so that it can neither
    drive the reader's terminal nor forge a line; anything else as written (a full-width
    space stays one)."""
    if text.isprintable():
        return text
    return "".join(
        repr(c)[1:-1] if unicodedata.category(c) in _CONTROLS or c in _BIDI else c for c in text
    )


# what json.dumps leaves raw with ensure_ascii=False that a terminal may still obey: the C1
# controls (U+009B is a one-character escape) and the line and paragraph separators
_RAW_IN_JSON = re.compile("[\x80-\x9f\u2028\u2029]")


def json_text(value: object, indent: int | None = None) -> str:
    """`value` as JSON: Chinese as written, every control character escaped (json escapes the
    C0 ones itself), so that printing it drives no terminal. Still valid JSON: they can only
    occur inside strings."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def rebased_note(level: Any, places: int, lang: str) -> str:
    """How a dimension's or a group's score was re-based over its applicable parts, with the
    arithmetic an officer can check: 不适用的指标不计，按其余指标折算：10.50 ÷ 12 × 15 = 13.13."""
    from decimal import Decimal

    from jixiao.engine.numbers import exact, fixed, plain

    parts = getattr(level, "groups", ()) or level.subindicators
    counted = [p for p in parts if p.status == "scored" and p.score is not None]
    if not level.rebased or level.score is None or not counted:
        return ""
    scored = sum((p.score for p in counted), Decimal(0))
    points = sum((p.points for p in counted), Decimal(0))
    full = level.weight if hasattr(level, "weight") else level.points
    sum_text = f"{fixed(scored, places)} ÷ {plain(exact(points))} × {plain(exact(full))}"
    if lang == "en":
        return f"N/A parts left out, re-based: {sum_text} = {fixed(level.score, places)}"
    return f"不适用的指标不计，按其余指标折算：{sum_text} = {fixed(level.score, places)}"
