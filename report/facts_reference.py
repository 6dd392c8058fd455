"""The facts reference of a ruleset (`score rules facts NAME`): every section and field a
department's file may hold under it, the plugins' and the ruleset's own, with its Chinese
label, key, type, whether it is required and its note. A table for the terminal, or Markdown
to print and hand to the departments with the year's notice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from jixiao.engine.facts.fields import Field, Section
from jixiao.engine.facts.template import hint_of
from jixiao.report.words import escaped

HEADERS = {
    "zh": ("字段", "键", "填写", "必填", "说明"),
    "en": ("Field", "Key", "Written as", "Required", "Note"),
}
YES = {"zh": "是", "en": "yes"}
RECORDS = {"zh": "（可填多条，每条一段 [[{name}]]）", "en": " (records: one [[{name}]] each)"}
TITLE = {"zh": "填报数据项：{title}", "en": "Facts to report: {title}"}


def field_rows(section: Section, lang: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (
            spec.label.get(lang),
            f"{section.name}.{spec.name}",
            hint_of(spec, lang),
            YES[lang] if spec.required else "",
            _note(spec, lang),
        )
        for spec in section.fields
    ]


def _note(spec: Field | Section, lang: str) -> str:
    if not spec.help:
        return ""
    return spec.help if isinstance(spec.help, str) else spec.help.get(lang)


def _heading(section: Section, lang: str) -> str:
    head = f"{section.label.get(lang)} [{section.name}]"
    return head + (RECORDS[lang].format(name=section.name) if section.array else "")


def render_reference(
    title: str,
    sections: Sequence[Section],
    lang: str = "zh",
    file: IO[str] | None = None,
    width: int | None = None,
) -> None:
    from rich import box
    from rich.table import Table

    from jixiao.report.console import make_console

    console = make_console(file, width)
    console.print(escaped(TITLE[lang].format(title=title)), style="bold")
    for section in sections:
        note = _note(section, lang)
        table = Table(
            title=escaped(_heading(section, lang)),
            caption=escaped(note) if note else None,
            box=box.SIMPLE_HEAD,
        )
        for index, header in enumerate(HEADERS[lang]):
            # the key is copied into the file: never broken across lines
            table.add_column(header, overflow="fold", no_wrap=index == 1)
        for row in field_rows(section, lang):
            table.add_row(*(escaped(cell) for cell in row))
        console.print(table)


def reference_markdown(title: str, sections: Sequence[Section], lang: str = "zh") -> str:
    lines = [f"# {_cell(TITLE[lang].format(title=title))}", ""]
    for section in sections:
        lines += [f"## {_cell(_heading(section, lang))}", ""]
        if section.help:
            lines += [_cell(_note(section, lang)), ""]
        lines.append("| " + " | ".join(HEADERS[lang]) + " |")
        lines.append("|" + "---|" * len(HEADERS[lang]))
        for row in field_rows(section, lang):
            lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return escaped(text).replace("|", "\\|").replace("\n", " ")
