"""The one door for programs: load facts, load a ruleset, score -> Scorecard.

from jixiao.engine import api
registry = api.load_registry()
facts = api.load_facts("dept.toml", registry)
ruleset = api.load_ruleset(year=facts.department.year, registry=registry)
card = api.score(facts, ruleset, registry)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from attrs import evolve

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.facts.model import Facts
from jixiao.engine.facts.read import read_facts
from jixiao.engine.facts.validate import facts_from_document
from jixiao.engine.plugins.faults import INDICATOR
from jixiao.engine.plugins.indicator import Indicator
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.plugins.registry import load_registry as _load_registry
from jixiao.engine.ruleset.library import find_ruleset_document
from jixiao.engine.ruleset.load import load_ruleset_file
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.plan import ScoringPlan, plan, registry_for
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.scoring.score import score as _score
from jixiao.engine.tomlfile import TomlDocument
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

__all__ = [
    "ScoringPlan",
    "load_department",
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


def load_facts(
    path: str | Path, registry: Registry | None = None, ruleset: Ruleset | None = None
) -> Facts:
    """Read and validate a facts file (with the facts `ruleset` declares, when given);
    InputError lists every problem found."""
    registry = registry or load_registry()
    return load_department(path, registry, choose=lambda year, stated: ruleset)[0]


# the ruleset that scores a file, from its year and the ruleset a workbook says it is for
Choose = Callable[[int | None, str | None], "Ruleset | None"]


def load_department(
    path: str | Path,
    registry: Registry | None = None,
    name: str | None = None,
    *,
    search: Sequence[str | Path] = (),
    choose: Choose | None = None,
) -> tuple[Facts, Ruleset | None]:
    """Read a facts file, find the ruleset that scores it and validate the facts with what the
    ruleset declares as well as the plugins' facts: (facts, ruleset).

    The ruleset is `name`'s, or else the one a workbook says it was made for, or else the one
    for the year the file gives; `choose(year, stated)` picks it instead (a batch keeps its
    rulesets loaded; None: validate with the plugins' facts alone). A year whose ruleset cannot
    be found is the problem of the file's `department.year`, reported after the file's own
    problems; a workbook's ruleset that cannot be found, the problem of its 评价规则 cell."""
    registry = registry or load_registry()
    document = _labelling(registry, read_facts, path, registry.schema)
    stated = document.ruleset if name is None else None
    unusable = [p for p in document.problems if p.field == "score.ruleset"]
    if unusable and name is None:  # which ruleset, and so which fields, is not known: that first
        raise InputError(unusable)

    def by_name_or_year(year: int | None, stated: str | None = None) -> Ruleset | None:
        if name is None and stated is None and year is None:
            return None
        return load_ruleset(name or stated, year=year, registry=registry, search=search)

    pick = choose or by_name_or_year
    try:
        ruleset = pick(year_of(document), stated)
    except InputError as error:
        # the ruleset asked for, or the year's, is itself unusable: nothing to check with
        if name is not None or any(p.file != "--ruleset" for p in error.problems):
            raise
        if stated is not None:  # the workbook's own 评价规则 cell names it
            from jixiao.engine.facts.sheets import RULESET_KEY, RULESET_LABEL

            raise InputError(
                document.problem(RULESET_KEY, p.message, RULESET_LABEL) for p in error.problems
            ) from None
        facts = _labelling(registry, facts_from_toml, document, registry)  # its problems first
        raise year_problems(error, facts.source, registry) from None
    if ruleset is None and choose is None:  # no year to go by: the file says why
        facts = _labelling(registry, facts_from_toml, document, registry)
        return facts, by_name_or_year(facts.department.year)
    year = year_of(document)
    if stated is not None and ruleset is not None and year is not None and ruleset.year != year:
        from jixiao.engine.facts.sheets import RULESET_KEY, RULESET_LABEL

        said = STATED_OTHER_YEAR(name=stated, ruleset_year=ruleset.year, year=year)
        raise InputError([document.problem(RULESET_KEY, said, RULESET_LABEL)])
    scoring = registry if ruleset is None else registry_for(ruleset, registry)
    document = document.for_schema(scoring.schema)  # a workbook's cells, typed by its fields
    try:
        return _labelling(scoring, facts_from_toml, document, scoring), ruleset
    except InputError as error:
        if name is None and ruleset is not None:  # the year chose: another one may be meant
            hint = _other_ruleset(document, scoring, ruleset, registry, search)
            if hint is not None:
                error.problems = (*error.problems, hint)
        raise


def _other_ruleset(
    document: TomlDocument,
    scoring: Registry,
    chosen: Ruleset,
    registry: Registry,
    search: Sequence[str | Path],
) -> Problem | None:
    """When a file holds sections the ruleset its year chose does not know, and another
    ruleset on the search path declares them: say which, and how to name it."""
    unknown = [key for key in document.data if key not in scoring.schema.known]
    if not unknown:
        return None
    for other in _declaring(registry, tuple(str(folder) for folder in search)):
        if Path(other.source).resolve() == Path(chosen.source).resolve():
            continue
        declared = {s.name for s in other.declared.sections} if other.declared else set()
        if declared.intersection(unknown):
            shown = [key for key in unknown if key in declared]
            if len(shown) > 3:
                said = OTHER_RULESET_MANY(
                    sections=shown[:3], count=len(shown), title=other.title, id=other.id
                )
            else:
                said = OTHER_RULESET(sections=shown, title=other.title, id=other.id)
            return Problem(document.path, "", said)
    return None


# the rulesets on a search path that declare facts, loaded once per registry: a batch of many
# files of another ruleset's facts asks for them once per file
_DECLARING: dict[tuple[int, tuple[str, ...]], tuple[Registry, list[Ruleset]]] = {}


def _declaring(registry: Registry, search: tuple[str, ...]) -> list[Ruleset]:
    from jixiao.engine.ruleset.library import every_ruleset

    known = _DECLARING.get((id(registry), search))
    if known is not None and known[0] is registry:
        return known[1]
    rulesets = []
    for found in every_ruleset(search):
        if found.shadowed:
            continue
        try:
            ruleset = load_ruleset(str(found.path), registry=registry, search=search)
        except InputError:
            continue
        if ruleset.declared is not None:
            rulesets.append(ruleset)
    _DECLARING[(id(registry), search)] = (registry, rulesets)
    return rulesets


STATED_OTHER_YEAR = Template(
    "facts.stated_other_year",
    "评价规则“{name}”是{ruleset_year}年度的，而本工作簿的评价年度是{year}：请用{year}年度的"
    "评价规则生成工作簿（score init），或在命令后加 --ruleset 指定",
    "the ruleset '{name}' is for {ruleset_year}, and this workbook for {year}: write the "
    "workbook from a ruleset of {year} (score init), or name one with --ruleset",
)
OTHER_RULESET_MANY = Template(
    "facts.other_ruleset_many",
    "{sections:list}等{count}个部分是评价规则“{title}”自己的数据项：请用它评分，在命令后加 "
    "--ruleset {id}",
    "{sections:list} and the others of {count} sections are facts of the ruleset '{title}': "
    "score with it, adding --ruleset {id}",
)
OTHER_RULESET = Template(
    "facts.other_ruleset",
    "{sections:list} 是评价规则“{title}”自己的数据项：请用它评分，在命令后加 --ruleset {id}",
    "{sections:list} are facts of the ruleset '{title}': score with it, adding --ruleset {id}",
)


T = TypeVar("T")


def _labelling(registry: Registry, read: Callable[..., T], *args: Any, **options: Any) -> T:
    """`read(*args)`, a facts file's problems named by their labels as well as their keys, and
    with the plugins that failed to load (which may be why a section is unknown)."""
    try:
        return read(*args, **options)
    except InputError as error:
        error.problems = _labelled(error.problems, registry)
        error.plugin_failures = registry.failures
        raise


def year_of(document: TomlDocument) -> int | None:
    """The year a facts file gives, when it gives one that can be a year; else None (its
    validation then says what is wrong)."""
    from jixiao.engine.facts.fields import convert
    from jixiao.engine.facts.schema import CORE_SECTIONS

    department = document.data.get("department")
    raw = department.get("year") if isinstance(department, dict) else None
    if raw is None:
        return None
    if type(raw) is int and 2000 <= raw <= 2100:  # the usual case, without the converter
        return raw
    spec = CORE_SECTIONS[0].field("year")
    assert spec is not None
    year, wrong, _ = convert(spec, raw)  # as validation reads it: 2025, or "2025" with a note
    return year if wrong is None else None


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
            problems.append(document.problem(field, message, label))
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
        raise year_problems(error, facts.source, registry) from None


def year_problems(error: InputError, source: str, registry: Registry | None) -> InputError:
    """No ruleset for the department's year: the problem of its file's `department.year`."""
    label = YEAR_LABEL if registry is None else registry.schema.label_of("department.year")
    return InputError(
        Problem(source, "department.year", p.message, label=label) if p.file == "--ruleset" else p
        for p in error.problems
    )


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
    if isinstance(ruleset, Ruleset):
        given = ruleset
        facts, rules = load_department(path, registry, choose=lambda year, stated: given)
    else:
        name = None if ruleset is None else str(ruleset)
        facts, rules = load_department(path, registry, name, search=search)
    assert rules is not None  # a file that gives no year is refused
    return score(facts, rules, registry, strict=strict)
