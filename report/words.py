"""Words the renderers share, in both languages."""

from __future__ import annotations

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
