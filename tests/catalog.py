"""Every message the program can say: each Template of the jixiao package, found by importing
its modules, and the catalog of them that docs/errors.md holds.

    .venv/bin/python tests/catalog.py      # rewrite the catalog in docs/errors.md

Read the diff: every changed row is a message a user reads.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
import sys
from pathlib import Path

import jixiao
from jixiao.engine.words.message import Template

ERRORS_DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"
BEGIN = "<!-- catalog: written by tests/catalog.py -->"
END = "<!-- end of catalog -->"


def templates() -> list[tuple[str, Template]]:
    """(module, template) for every module-level Template of the package, in module order."""
    found: dict[str, tuple[str, Template]] = {}
    for module_info in sorted(
        pkgutil.walk_packages(jixiao.__path__, "jixiao."), key=lambda m: m.name
    ):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, Template) and value.id not in found:
                found[value.id] = (module_info.name, value)
    return sorted(found.values(), key=lambda pair: (pair[0], pair[1].id))


def placeholders(wording: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(wording) if name}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def catalog() -> str:
    """The catalog as Markdown: one table per module, a row per message."""
    lines = [BEGIN, ""]
    module = ""
    for name, template in templates():
        if name != module:
            module = name
            short = name.removeprefix("jixiao.")
            lines += ["", f"#### `{short}`", "", "| id | 中文 | English |", "|---|---|---|"]
        lines.append(f"| `{template.id}` | {_cell(template.zh)} | {_cell(template.en)} |")
    lines += ["", END]
    return "\n".join(lines)


def documented() -> str:
    """The catalog as docs/errors.md holds it."""
    text = ERRORS_DOC.read_text(encoding="utf-8")
    return text[text.index(BEGIN) : text.index(END) + len(END)]


def main() -> None:
    text = ERRORS_DOC.read_text(encoding="utf-8")
    if BEGIN in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
    else:
        before, after = text.rstrip("\n") + "\n\n", "\n"
    ERRORS_DOC.write_text(before + catalog() + after, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
