"""Every ruleset on the search path with its id, year, title and whether it is valid
(`rules list`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.library import Found, declared_id, every_ruleset, listed
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
    id: str | None = None  # the id its file states, which finds it as its name does
    listed: str = ""  # its id, with the file when the file's name differs: 2025b（2025.toml）


def survey(registry: Registry, extra: Sequence[str | Path] = (), lang: str = "zh") -> list[Entry]:
    every = every_ruleset(extra)
    stated = {found.path: declared_id(found.path) for found in every}
    entries = []
    for found in every:
        problem: str | None = None
        try:
            ruleset = load_ruleset_file(found.path, registry, extra)
        except InputError as error:
            first = error.problems[0] if error.problems else None
            problem = _short(first, found.path, lang) if first else "invalid"
            year, title, count = None, "", len(error.problems)
        else:
            year, title, count = ruleset.year, ruleset.title.get(lang), 0
        others = _same_id(found, every, stated)
        if others:  # a name cannot tell them apart: each is said to be what is wrong
            said = SAME_ID(id=stated[found.path], others=others).get(lang)
            problem, count = (said, 1) if problem is None else (problem, count + 1)
        where = (found.name, found.path, found.origin, found.shadowed)
        shown = listed(found, stated[found.path]).get(lang)
        entries.append(Entry(*where, year, title, problem, count, stated[found.path], shown))
    return entries


def _same_id(found: Found, every: Sequence[Found], stated: dict[Path, str | None]) -> list[str]:
    """The other rulesets in use with the id of `found` (none when it is shadowed: never
    used, it is found by no name)."""
    mine = stated[found.path]
    if mine is None or found.shadowed:
        return []
    here = found.path.resolve()
    return [
        str(other.path)
        for other in every
        if other.path != found.path
        and not other.shadowed
        and stated[other.path] == mine
        and other.path.resolve() != here
    ]


def _short(problem: Problem, path: Path, lang: str) -> str:
    """The problem without the file name when it is the listed file's own."""
    if problem.file != str(path):
        return problem.render(lang)
    where = LINE(line=problem.line).get(lang) if problem.line is not None else ""
    field = f"{problem.field}{'：' if lang == 'zh' else ': '}" if problem.field else ""
    return f"{where}{field}{problem.text(lang)}"


LINE = Template("catalog.line", "第{line}行：", "line {line}: ")
SAME_ID = Template(
    "catalog.same_id",
    "id“{id}”与 {others:list} 的相同，按名称无法确定用哪一个；请改用另一个 id",
    "the id '{id}' is also that of {others:list}, so a name cannot tell them apart; give one "
    "another id",
)
