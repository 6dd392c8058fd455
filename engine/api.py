"""The one door for programs: load facts, load a ruleset, score -> Scorecard.

from jixiao.engine import api
registry = api.load_registry()
facts = api.load_facts("dept.toml", registry)
ruleset = api.load_ruleset(year=facts.department.year, registry=registry)
card = api.score(facts, ruleset, registry)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from attrs import evolve

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.facts.model import Facts
from jixiao.engine.facts.validate import facts_from_document
from jixiao.engine.plugins.faults import INDICATOR
from jixiao.engine.plugins.indicator import Indicator
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.plugins.registry import load_registry as _load_registry
from jixiao.engine.ruleset.library import find_ruleset_document
from jixiao.engine.ruleset.load import load_ruleset_file
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.plan import ScoringPlan, plan
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.scoring.score import score as _score
from jixiao.engine.tomlfile import TomlDocument, read_toml
from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text

__all__ = [
    "ScoringPlan",
    "load_facts",
    "load_registry",
    "load_ruleset",
    "plan",
    "ruleset_for",
    "score",
    "score_file",
]


@lru_cache(maxsize=1)
def _installed() -> Registry:
    return _load_registry()


def load_registry(fresh: bool = False) -> Registry:
    """The installed plugins (loaded once per process unless `fresh`)."""
    if fresh:
        _installed.cache_clear()
    return _installed()


def load_facts(path: str | Path, registry: Registry | None = None) -> Facts:
    """Read and validate a facts file; InputError lists every problem found."""
    registry = registry or load_registry()
    try:
        document = read_toml(path, "facts file", defer_numbers=True, names=registry.schema.key_for)
        return facts_from_toml(document, registry)
    except InputError as error:  # a field named by its key alone is named by its label too
        error.problems = _labelled(error.problems, registry)
        error.plugin_failures = registry.failures
        raise


def _labelled(problems: Sequence[Problem], registry: Registry) -> tuple[Problem, ...]:
    schema = registry.schema
    return tuple(
        evolve(p, label=schema.label_of(p.field)) if p.field and p.label is None else p
        for p in problems
    )


def facts_from_toml(document: TomlDocument, registry: Registry) -> Facts:
    facts = facts_from_document(document, registry.schema)
    problems = []
    for indicator in registry.indicators.values():
        if indicator.validate is None:
            continue
        for field, message in _checked(indicator, facts, registry):
            label = registry.schema.label_of(field)
            problems.append(Problem(document.path, field, message, document.line_of(field), label))
    if problems:
        raise InputError(problems)
    return facts


def _checked(
    indicator: Indicator, facts: Facts, registry: Registry
) -> list[tuple[str, Words | str]]:
    """An indicator's cross-field check; a check that raises is its plugin's failure (exit 3)."""
    assert indicator.validate is not None
    checked = registry.call_indicator(indicator, "validate", facts)
    with registry.calling(INDICATOR, indicator.id, "validate"):  # what it returned is read too
        return [(str(field), _words(message)) for field, message in checked]


YEAR_LABEL = Text("评价年度", "year evaluated")


def _words(message: object) -> Words | str:
    """A plugin's problem as it can be shown: its Message or Text, or its text."""
    return message if isinstance(message, str) or hasattr(message, "get") else str(message)


def load_ruleset(
    name: str | None = None,
    *,
    year: int | None = None,
    registry: Registry | None = None,
    search: Sequence[str | Path] = (),
) -> Ruleset:
    """A ruleset by path or name, or the one for `year`; validated against the registry."""
    path, document = find_ruleset_document(name, year, search)  # a file found by year is read
    return load_ruleset_file(path, registry or load_registry(), search, document)


def ruleset_for(
    facts: Facts,
    name: str | None = None,
    *,
    registry: Registry | None = None,
    search: Sequence[str | Path] = (),
) -> Ruleset:
    """The ruleset named, or else the one for the department's year. When the year has none,
    the problem is the facts file's `department.year`, not a command-line option."""
    try:
        return load_ruleset(name, year=facts.department.year, registry=registry, search=search)
    except InputError as error:
        if name is not None:
            raise
        label = YEAR_LABEL if registry is None else registry.schema.label_of("department.year")
        raise InputError(
            Problem(facts.source, "department.year", p.message, label=label)
            if p.file == "--ruleset"
            else p
            for p in error.problems
        ) from None


def score(
    facts: Facts, ruleset: Ruleset, registry: Registry | None = None, *, strict: bool = True
) -> Scorecard:
    """Score validated facts under a validated ruleset. Pure: it reads no file and prints
    nothing; the same input always gives the same scorecard. A program scoring many departments
    under one ruleset builds its plan once (`plan(ruleset, registry)`) and calls
    `engine.scoring.score(facts, plan)`, as engine.batch does.

    `strict` (default): any plugin that failed to load makes the scorecard incomplete; False:
    only failures touching an indicator or rule kind this ruleset uses do.
    """
    return _score(facts, plan(ruleset, registry or load_registry()), strict=strict)


def score_file(
    path: str | Path,
    ruleset: Ruleset | str | Path | None = None,
    *,
    registry: Registry | None = None,
    search: Sequence[str | Path] = (),
    strict: bool = True,
) -> Scorecard:
    """Load, validate and score one facts file: under `ruleset` (a loaded Ruleset, or a name or
    path), or else the ruleset of the department's year."""
    registry = registry or load_registry()
    facts = load_facts(path, registry)
    if isinstance(ruleset, Ruleset):
        rules = ruleset
    else:
        name = None if ruleset is None else str(ruleset)
        rules = ruleset_for(facts, name, registry=registry, search=search)
    return score(facts, rules, registry, strict=strict)
