"""The result as Markdown (`--format markdown`): the tables a department pastes into its report.

First the shape of section 四 of a self-evaluation report (项目名称 / 得分 / 评价等级: the
department's computed overall result, then its projects' own self-scores when the facts give
them), then the full indicator breakdown with every deduction and its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.engine.batch.review import ProjectClaim
from jixiao.engine.numbers import fixed
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.report.batch_words import word
from jixiao.report.notes import notes_of
from jixiao.report.words import colon, escaped, rebased_note

NOTE = (
    "注：部门整体支出得分为按评价规则计算的结果；各项目得分为项目自评得分。",
    "Note: the overall score is computed under the ruleset; project scores are self-assessed.",
)


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell, and on a terminal: any other control character
    than a line break shown as its escape."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")
    return escaped(text).strip()


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _self_score(value: Decimal | None) -> str:
    return "" if value is None else fixed(value, 2)


def _sub_details(sub: SubResult, lang: str, places: int) -> str:
    return "<br>".join(cell(note.line) for note in notes_of(sub, lang, False, places))


def _sub_score(sub: SubResult, places: int, lang: str) -> str:
    if sub.status == "not_applicable":
        return word("na", lang)
    if sub.score is None:
        return word("failed", lang)
    return fixed(sub.score, places)


def render_markdown(
    card: Scorecard, lang: str = "zh", projects: Sequence[ProjectClaim] = ()
) -> str:
    places = card.places
    dept = card.department
    total, grade = fixed(card.total, places), cell(card.grade.label.get(lang))
    name, code = escaped(dept.name), escaped(dept.code)  # a heading is one line
    if lang == "en":
        title = f"## {name} ({code}): overall expenditure performance, {dept.year}"
        verdict = f"Total score {total} of 100; grade: {grade}."
    else:
        title = f"## {name}（{code}）{dept.year}年度部门整体支出绩效评价结果"
        verdict = f"部门整体支出绩效评价总得分{total}分（满分100分），评价等级为{grade}。"
    lines = [title, "", f"### {word('conclusion', lang)}", "", verdict, ""]
    if not card.complete:
        failed = ", ".join(f.plugin for f in card.plugin_failures)
        lines += [f"**{word('failed', lang)}: {cell(failed)}**", ""]
    lines += [
        _row(word("project", lang), word("score", lang), word("grade", lang)),
        "| --- | ---: | --- |",
        _row(f"{word('overall', lang)}（{cell(dept.name)}）", total, grade),
    ]
    for project in projects:
        lines.append(
            _row(
                cell(project.name), _self_score(project.self_score), cell(project.self_grade or "")
            )
        )
    if projects:
        lines += ["", NOTE[1] if lang == "en" else NOTE[0]]
    lines += ["", f"### {word('breakdown', lang)}", "", *_breakdown(card, lang)]
    lines.append(
        _row(f"**{word('total', lang)}**", fixed(Decimal(100), places), f"**{total}**", grade)
    )
    lines += ["", f"{word('ruleset', lang)}{colon(lang)}{cell(card.ruleset.title.get(lang))}", ""]
    return "\n".join(lines)


def _breakdown(card: Scorecard, lang: str) -> list[str]:
    """The indicator table: each dimension, then each of its sub-indicators with the details."""
    places = card.places
    lines = [
        _row(
            word("indicator", lang),
            word("points", lang),
            word("score", lang),
            word("details", lang),
        ),
        "| --- | ---: | ---: | --- |",
    ]
    for dim in card.dimensions:
        lines.append(_level_row(dim, f"**{cell(dim.label.get(lang))}**", dim.weight, lang, places))
        groups = dim.groups or (None,)
        for group in groups:
            if group is not None:  # a 二级 group: its subtotal, then its rows
                label = f"*{cell(group.label.get(lang))}*"
                lines.append(_level_row(group, label, group.points, lang, places))
            for sub in dim.subindicators if group is None else group.subindicators:
                lines.append(
                    _row(
                        f"{cell(sub.code)} {cell(sub.label.get(lang))}",
                        fixed(sub.points, places),
                        _sub_score(sub, places, lang),
                        _sub_details(sub, lang, places),
                    )
                )
    return lines


def _level_row(
    level: DimensionResult | GroupResult, label: str, worth: Decimal, lang: str, places: int
) -> str:
    """A dimension's or a group's line: its points and (bold) score, or why it has none."""
    if level.score is not None and level.status == "scored":
        score = f"**{fixed(level.score, places)}**"
    else:
        score = word("na" if level.status == "not_applicable" else "failed", lang)
    if level.na_reason is not None:
        note = cell(level.na_reason.get(lang))
    else:
        note = cell(rebased_note(level, places, lang))
    return _row(label, fixed(worth, places), score, note)
