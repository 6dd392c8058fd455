"""Rendering for `score rules list|show|diff`: rich tables (imported lazily), markdown and JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from fractions import Fraction
from typing import IO, Any

from jixiao.engine.numbers import plain
from jixiao.engine.ruleset.catalog import Entry
from jixiao.engine.ruleset.diff import Change
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.ruleset.words import DimensionRow, band_rows, rounding_words
from jixiao.report.words import colon, escaped, json_text

HEADERS = {
    "zh": ("一级/二级指标", "分值", "编号", "三级指标", "分值", "评分标准"),
    "en": ("Dimension", "Weight", "Code", "Sub-indicator", "Points", "Rule"),
}
LIST_HEADERS = {
    "zh": ("名称", "年度", "标题", "来源", "状态"),
    "en": ("Name", "Year", "Title", "From", "Status"),
}
DIFF_HEADERS = {
    "zh": ("变化", "类别", "编号", "名称", "原值", "新值", "键"),
    "en": ("Change", "What", "Code", "Name", "Old", "New", "Key"),
}
WHAT_WORDS = {  # what changed, as the table of a Chinese reader names it
    "dimension": "一级指标",
    "group": "二级指标",
    "sub-indicator": "三级指标",
    "weight": "权重",
    "points": "分值",
    "rule": "计分规则",
    "kind": "计分方法",
    "measure": "度量",
    "parameter": "参数",
    "band": "等级",
    "rounding": "取舍",
    "label": "名称",
    "code": "编号",
    "indicator": "指标",
}
CHANGE_WORDS = {
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "changed": ("修改", "changed"),
}


def _console(file: IO[str] | None, width: int | None) -> Any:
    from jixiao.report.console import make_console  # rich only when something is drawn

    return make_console(file, width)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# where a ruleset was found, as the list says it
ORIGINS = {"bundled": ("自带", "bundled")}


def where_from(found: str, lang: str) -> str:
    zh, en = ORIGINS.get(found, (found, found))
    return en if lang == "en" else zh


def render_list(
    entries: Sequence[Entry],
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD)
    name, year, title, origin, status = LIST_HEADERS[lang]
    table.add_column(name, no_wrap=True)
    table.add_column(year, no_wrap=True)
    table.add_column(title, overflow="fold", ratio=2)
    table.add_column(origin, overflow="fold", ratio=2)
    table.add_column(status, overflow="fold", ratio=3)
    for entry in entries:
        status = ("有效" if lang == "zh" else "valid") if entry.problem is None else entry.problem
        if entry.problem is not None and entry.problems > 1:
            more = entry.problems - 1
            status += f"（另有{more}个问题）" if lang == "zh" else f" (and {more} more)"
        if entry.shadowed:
            status += "；被前面同名的规则覆盖" if lang == "zh" else "; shadowed by an earlier one"
        cells = (
            entry.name,
            "" if entry.year is None else str(entry.year),
            entry.title,
            f"{where_from(entry.origin, lang)}{colon(lang)}{entry.path}",
            status,
        )
        table.add_row(
            *(escaped(cell) for cell in cells),  # names and titles from the files
            style="red" if entry.problem else ("dim" if entry.shadowed else ""),
        )
    _console(file, width).print(table)


def render_show(
    ruleset: Ruleset,
    rows: Sequence[DimensionRow],
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    from rich import box
    from rich.table import Table

    title = escaped(ruleset.title.get(lang))
    table = Table(title=title, box=box.SIMPLE_HEAD, show_lines=False)
    for index, header in enumerate(HEADERS[lang]):
        table.add_column(header, justify="right" if index in (1, 4) else "left", overflow="fold")
    for dimension in rows:
        lines = table_lines(dimension)
        for index, cells in enumerate(lines):
            table.add_row(*(escaped(cell) for cell in cells), end_section=index == len(lines) - 1)
    console = _console(file, width)
    console.print(table)
    console.print(_bands_line(ruleset, lang))


def table_lines(dimension: DimensionRow) -> list[tuple[str, ...]]:
    """The lines of one dimension in the indicator table: its rows, the dimension named on the
    first; with 二级 groups, a line for the dimension, one for each group, then its rows."""
    if not dimension.groups:
        return [
            (
                dimension.label if index == 0 else "",
                dimension.weight if index == 0 else "",
                sub.code,
                sub.label,
                sub.points,
                sub.rule,
            )
            for index, sub in enumerate(dimension.subs)
        ]
    lines: list[tuple[str, ...]] = [(dimension.label, dimension.weight, "", "", "", "")]
    for group in dimension.groups:
        lines.append((f"  {group.label}", group.points, "", "", "", ""))
        lines += [("", "", sub.code, sub.label, sub.points, sub.rule) for sub in group.subs]
    return lines


def _bands_line(ruleset: Ruleset, lang: str) -> str:
    bands = ("；" if lang == "zh" else "; ").join(
        f"{escaped(band.label)} {band.range}" for band in band_rows(ruleset, lang)
    )
    head = "评价等级：" if lang == "zh" else "Grades: "
    return f"{head}{bands}\n{rounding_words(ruleset, lang)}"


def show_markdown(ruleset: Ruleset, rows: Sequence[DimensionRow], lang: str = "zh") -> str:
    """The indicator table to publish with the year's notice (GitHub/Pandoc pipe table)."""
    lines = [f"# {escaped(ruleset.title.get(lang))}", ""]
    headers = HEADERS[lang]
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join(("---", "---:", "---", "---", "---:", "---")) + "|")
    for dimension in rows:
        for cells in table_lines(dimension):
            lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    total = "合计" if lang == "zh" else "Total"
    weight = plain(sum((d.weight for d in ruleset.dimensions), Fraction(0)))
    lines.append(f"| {total} | {weight} |  |  |  |  |")
    lines.append("")
    for band in band_rows(ruleset, lang):
        label = escaped(band.label)
        lines.append(f"- {label}：{band.range}" if lang == "zh" else f"- {label}: {band.range}")
    lines.append(f"- {rounding_words(ruleset, lang)}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return escaped(text.replace("|", "\\|").replace("\n", " "))


def render_diff(
    old: Ruleset,
    new: Ruleset,
    changes: Sequence[Change],
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    from rich import box
    from rich.table import Table

    console = _console(file, width)
    before, after = shown_source(old, lang), shown_source(new, lang)
    if lang == "zh":
        title = escaped(f"{old.title.zh}（{before}）→ {new.title.zh}（{after}）")
    else:
        title = escaped(f"{old.title.en} ({before}) → {new.title.en} ({after})")
    if not changes:
        console.print(title)
        console.print("没有变化" if lang == "zh" else "no changes")
        return
    table = Table(title=title, box=box.SIMPLE_HEAD)
    for header in DIFF_HEADERS[lang]:
        table.add_column(header, overflow="fold")
    style = {"added": "green", "removed": "red", "changed": ""}
    for change in changes:
        zh, en = CHANGE_WORDS[change.change]
        cells = (
            zh if lang == "zh" else en,
            WHAT_WORDS.get(change.what, change.what) if lang == "zh" else change.what,
            change.code,
            change.label_en if lang == "en" and change.label_en else change.label,
            _cell(change.old),
            _cell(change.new),
            change.path,
        )
        table.add_row(*(escaped(cell) for cell in cells), style=style[change.change])
    console.print(table)


def shown_source(ruleset: Ruleset, lang: str) -> str:
    """Where a ruleset came from, as a reader needs it: a bundled one by its name, never by
    the path it was installed at."""
    from pathlib import Path

    from jixiao.engine.ruleset.library import BUNDLED

    if Path(ruleset.source).resolve().parent == BUNDLED.resolve():
        zh, en = ORIGINS["bundled"]
        return f"{ruleset.id}，{zh}" if lang == "zh" else f"{ruleset.id}, {en}"
    return ruleset.source


def diff_json(changes: Sequence[Change]) -> str:
    return json_text({"changes": [change.to_json() for change in changes]}, indent=2)
