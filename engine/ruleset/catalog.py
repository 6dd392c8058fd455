"""Every ruleset on the search path with its year, title and whether it is valid (`rules list`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.library import every_ruleset
from jixiao.engine.ruleset.load import load_ruleset_file
from jixiao.engine.words.message import Template


@frozen
class Entry:
    name: str
    path: Path
    origin: str  # --rulesets, $SCORE_RULESETS or bundled
    shadowed: bool  # an earlier folder has a ruleset of this name, so this one is never used
    year: int | None
    title: str
    problem: str | None  # the first problem, or None when the ruleset is valid
    problems: int = 0


def survey(registry: Registry, extra: Sequence[str | Path] = (), lang: str = "zh") -> list[Entry]:
    entries = []
    for found in every_ruleset(extra):
        problem: str | None = None
        try:
            ruleset = load_ruleset_file(found.path, registry, extra)
        except InputError as error:
            first = error.problems[0] if error.problems else None
            problem = _short(first, found.path, lang) if first else "invalid"
            year, title, count = None, "", len(error.problems)
        else:
            year, title, count = ruleset.year, ruleset.title.get(lang), 0
        where = (found.name, found.path, found.origin, found.shadowed)
        entries.append(Entry(*where, year, title, problem, count))
    return entries


def _short(problem: Problem, path: Path, lang: str) -> str:
    """The problem without the file name when it is the listed file's own."""
    if problem.file != str(path):
        return problem.render(lang)
    where = LINE(line=problem.line).get(lang) if problem.line is not None else ""
    field = f"{problem.field}{'：' if lang == 'zh' else ': '}" if problem.field else ""
    return f"{where}{field}{problem.text(lang)}"


LINE = Template("catalog.line", "第{line}行：", "line {line}: ")
