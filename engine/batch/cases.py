"""Test cases in TOML: "this department under this ruleset must total 72.50, 良好; its 1.1 18.40".

A case file holds `[[case]]` tables:

    [[case]]
    name = "鹿泉区政协 2025"                       # shown in the report
    facts = "../../examples/luquan-cppcc-2025.toml"  # a facts file (relative to this file) …
    ruleset = "2025"                                # name or path; default: the facts' year
    total = 79.43                                   # expectations: any of total, grade, scores
    grade = "良好"
    scores = { "1.1" = 20, "4.1" = 3.43, internal_controls = 7.43 }

    [case.overrides]                                # optional: values replacing the facts file's
    budget.carry_over = 38.756396

`facts` may instead be a table holding a whole facts file inline ([case.facts]). `scores` keys
are sub-indicator codes or ids, or dimension ids. Numbers compare as exact decimals (20 = 20.00).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import evolve, frozen

from jixiao.engine import api
from jixiao.engine.errors import A_LIST, A_TABLE, InputError, PluginFailure, Problem, unknown_key
from jixiao.engine.facts.model import Facts
from jixiao.engine.facts.read import read_facts
from jixiao.engine.files import is_file
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.inherit import merge_tables
from jixiao.engine.ruleset.library import NO_SUCH_FILE as NO_FILE
from jixiao.engine.ruleset.library import looks_like_path
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.plan import registry_for
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.tomlfile import TomlDocument, read_toml
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

CASE_KEYS = ("name", "facts", "overrides", "ruleset", "total", "grade", "scores")


@frozen
class Mismatch:
    what: str  # "total", "grade", a sub-indicator code or a dimension id
    expected: str
    actual: str


@frozen
class CaseResult:
    file: str
    index: int
    name: str | Words  # the case's own name, or "case 3"
    ruleset: Words  # the ruleset's title and source
    checked: int  # how many expectations were compared
    mismatches: tuple[Mismatch, ...]
    # plugins that failed: the scores are incomplete (score run exits 3), so no case passes on
    # them, whatever they match
    plugin_failures: tuple[PluginFailure, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.mismatches and not self.plugin_failures


@frozen
class CaseRun:
    results: tuple[CaseResult, ...]
    problems: tuple[Problem, ...]  # cases that could not be run (unusable input)

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)

    @property
    def incomplete(self) -> bool:
        """A plugin failed in some case (exit 3)."""
        return any(r.plugin_failures for r in self.results)


def run_case_files(
    paths: Iterable[str | Path], registry: Registry, search: Sequence[str | Path] = ()
) -> CaseRun:
    results: list[CaseResult] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            document = read_toml(path, "test case file")
        except InputError as error:
            problems.extend(error.problems)
            continue
        cases = document.data.get("case")
        if not isinstance(cases, list) or not cases or not all(isinstance(c, dict) for c in cases):
            problems.append(Problem(document.path, "case", NO_CASES, None))
            continue
        for index, case in enumerate(cases):
            try:
                results.append(_run(document, index, case, registry, search))
            except InputError as error:
                problems.extend(error.problems)
    return CaseRun(tuple(results), tuple(problems))


def _run(
    document: TomlDocument,
    index: int,
    case: Mapping[str, Any],
    registry: Registry,
    search: Sequence[str | Path],
) -> CaseResult:
    checking = _Case(document, index, case)
    scores, overrides = checking.expectations()
    base = Path(document.path).parent
    facts_doc = _facts_document(
        document, checking.here, case.get("facts"), base, checking.fail, registry
    )
    if checking.problems or facts_doc is None:
        raise InputError(checking.problems)
    # the ruleset first: the facts are validated with what it declares as well as the plugins'
    year = api.year_of(TomlDocument(facts_doc.path, "", merge_tables(facts_doc.data, overrides)))
    if year is None and case.get("ruleset") is None:  # the file's problems say why
        year = checking.facts(facts_doc, overrides, registry).department.year
    stated = facts_doc.ruleset if "ruleset" not in case else None  # a workbook's 评价规则
    try:
        ruleset: Ruleset | None
        if stated is not None:  # found as score run finds it, not beside the case file
            ruleset = api.load_ruleset(stated, registry=registry, search=search)
        else:
            ruleset = _ruleset(case.get("ruleset"), base, year, registry, search, checking.fail)
    except InputError as error:  # "--ruleset: no ruleset named …" is this case's ruleset key
        if stated is not None:  # or the workbook's 评价规则 cell
            from jixiao.engine.facts.sheets import RULESET_KEY, RULESET_LABEL

            raise InputError(
                facts_doc.problem(RULESET_KEY, p.message, RULESET_LABEL)
                if p.file == "--ruleset"
                else p
                for p in error.problems
            ) from None
        named = case.get("ruleset")
        field = f"{checking.here}.ruleset"
        moved = [_in_case(document, field, p, named) for p in error.problems]
        raise InputError(moved) from None
    if ruleset is None:
        raise InputError(checking.problems)
    facts = checking.facts(facts_doc, overrides, registry_for(ruleset, registry))
    card = api.score(facts, ruleset, registry)
    mismatches = checking.compare(card, scores, ruleset)
    if checking.problems:
        raise InputError(checking.problems)
    name = case.get("name")
    return CaseResult(
        document.path,
        index,
        name if isinstance(name, str) else CASE_N(n=index + 1),
        OF_RULESET(title=ruleset.title, source=ruleset.source),
        sum(1 for k in ("total", "grade") if k in case) + len(scores),
        tuple(mismatches),
        card.plugin_failures,
    )


class _Case:
    """One [[case]] of a case file, and the problems found in it."""

    def __init__(self, document: TomlDocument, index: int, case: Mapping[str, Any]) -> None:
        self.document = document
        self.index = index
        self.case = case
        self.here = f"case[{index}]"
        self.problems: list[Problem] = []

    def fail(self, key: str, message: Words | str) -> None:
        field = f"{self.here}.{key}" if key else self.here
        self.problems.append(self.document.problem(field, message))

    def expectations(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The case's keys checked: its `scores` and `overrides` tables, as far as usable."""
        case, fail = self.case, self.fail
        for key in case:
            if key not in CASE_KEYS:
                fail(key, unknown_key(key, list(CASE_KEYS), CASE_N(n=self.index + 1)))
        if not any(k in case for k in ("total", "grade", "scores")):
            fail("", NOTHING_TO_CHECK)
        if "total" in case and _decimal(case["total"]) is None:
            fail("total", TOTAL_NUMBER(found=_shown(case["total"])))
        if "name" in case and not isinstance(case["name"], str):
            fail("name", NAME_TEXT(found=_shown(case["name"])))
        if "grade" in case and not isinstance(case["grade"], str):
            fail("grade", GRADE_TEXT)
        scores = case.get("scores", {})
        if not isinstance(scores, dict):
            fail("scores", SCORES_TABLE)
            scores = {}
        for key, value in scores.items():
            if _decimal(value) is None:
                fail(f"scores.{key}", SCORE_NUMBER(found=_shown(value)))
        overrides = case.get("overrides", {})
        if not isinstance(overrides, dict):
            fail("overrides", OVERRIDES_TABLE)
            overrides = {}
        named = case.get("ruleset")
        if named is not None and (not isinstance(named, str) or not named.strip()):
            fail("ruleset", RULESET_NAME)
        return scores, overrides

    def facts(
        self, facts_doc: TomlDocument, overrides: Mapping[str, Any], registry: Registry
    ) -> Facts:
        """The case's facts: its file or inline table, with [case.overrides] merged over it."""
        facts_doc = facts_doc.for_schema(registry.schema)  # a workbook: by the ruleset's fields
        if overrides:
            facts_doc = evolve(facts_doc, data=merge_tables(facts_doc.data, overrides))
        try:
            return api.facts_from_toml(facts_doc, registry)
        except InputError as error:  # a value from [case.overrides] is wrong there, not in the file
            changed = _leaves(overrides)
            where = f"{self.here}.overrides"
            raise InputError(
                [_overridden(self.document, where, facts_doc, p, changed) for p in error.problems]
            ) from None

    def compare(
        self, card: Scorecard, scores: Mapping[str, Any], ruleset: Ruleset
    ) -> list[Mismatch]:
        case = self.case
        mismatches: list[Mismatch] = []
        if "total" in case:
            _compare(mismatches, "total", case["total"], card.total)
        if "grade" in case and case["grade"] not in (card.grade.label.zh, card.grade.label.en):
            mismatches.append(Mismatch("grade", case["grade"], card.grade.label.zh))
        for key, value in scores.items():
            actual = _score_of(card, key)
            if actual is False or actual is True:
                self.fail(f"scores.{key}", _unknown_score(key, ruleset))
                continue
            _compare(mismatches, key, value, actual)
        return mismatches


def _facts_document(
    document: TomlDocument, here: str, facts: Any, base: Path, fail: Any, registry: Registry
) -> TomlDocument | None:
    if isinstance(facts, str):
        try:
            return read_facts(base / facts, registry.schema)  # a TOML file or a workbook
        except InputError as error:  # a file that cannot be read: say which case names it
            field = f"{here}.facts"
            raise InputError(
                [
                    # the file as a whole (not TOML, binary, …): said as this case's facts
                    Problem(document.path, field, p, document.line_of(field)) if not p.field else p
                    for p in error.problems
                ]
            ) from None
    if isinstance(facts, dict):
        return TomlDocument(f"{document.path} [{here}.facts]", "", facts)
    fail("facts", FACTS_REQUIRED)
    return None


def _ruleset(
    name: Any,
    base: Path,
    year: int | None,
    registry: Registry,
    search: Sequence[str | Path],
    fail: Any,
) -> Ruleset | None:
    if name is None:
        return api.load_ruleset(year=year, registry=registry, search=search)
    if not isinstance(name, str) or not name.strip():
        return None  # reported with the case's other problems
    local = base / name if looks_like_path(name) else base / f"{name}.toml"
    if is_file(local):  # a ruleset kept next to its test cases
        return api.load_ruleset(str(local), registry=registry, search=search)
    return api.load_ruleset(name, registry=registry, search=search)


def _leaves(table: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths an overrides table replaces: budget.carry_over, targets (a whole list)."""
    found: list[str] = []
    for key, value in table.items():
        path = f"{prefix}{key}"
        found += _leaves(value, f"{path}.") if isinstance(value, dict) and value else [path]
    return found


def _overridden(
    document: TomlDocument, where: str, facts: TomlDocument, problem: Problem, changed: list[str]
) -> Problem:
    if problem.file != facts.path or not problem.field:
        return problem
    for path in changed:
        if problem.field == path or problem.field.startswith((f"{path}.", f"{path}[")):
            field = f"{where}.{problem.field}"
            return Problem(
                document.path, field, problem.message, document.line_of(f"{where}.{path}")
            )
    return problem


def _shown(value: Any) -> str | Text:
    """A value as it would be written in TOML, not as Python's repr."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal) and not value.is_finite():
        return "nan" if value.is_nan() else "-inf" if value < 0 else "inf"
    if isinstance(value, dict):
        return A_TABLE
    if isinstance(value, list):
        return A_LIST
    return str(value)


def _in_case(document: TomlDocument, field: str, problem: Problem, named: Any) -> Problem:
    """A problem of the ruleset the case names, not of a file it reads: the case's `ruleset`."""
    if problem.file != "--ruleset" and (problem.file != named or problem.message is not NO_FILE):
        return problem
    return Problem(document.path, field, problem.message, document.line_of(field))


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    number = Decimal(value)
    return number if number.is_finite() else None  # nan and inf can match nothing


def _compare(mismatches: list[Mismatch], what: str, expected: Any, actual: Decimal | None) -> None:
    want = _decimal(expected)
    if want is None:
        return
    if actual is None or actual != want:
        mismatches.append(Mismatch(what, str(expected), "N/A" if actual is None else str(actual)))


def _score_of(card: Scorecard, key: str) -> Decimal | bool | None:
    """A sub-indicator's (by code or id), a group's or a dimension's (by id) rounded score;
    False: none."""
    for dimension in card.dimensions:
        if dimension.id == key:
            return dimension.score
        for group in dimension.groups:
            if group.id == key:
                return group.score
        for sub in dimension.subindicators:
            if key in (sub.id, sub.code):
                return sub.score
    return False


def _unknown_score(key: str, ruleset: Ruleset) -> Words:
    known = [
        *(d.id for d in ruleset.dimensions),
        *(g.id for d in ruleset.dimensions for g in d.groups),
        *(s.code for d in ruleset.dimensions for s in d.subindicators),
    ]
    return unknown_key(key, known, OF_RULESET_ID(id=ruleset.id), noun=INDICATOR)


NO_CASES = Template(
    "cases.no_cases", "应有一个或多个 [[case]] 表", "expected one or more [[case]] tables"
)
CASE_N = Template("cases.n", "第{n}个用例", "case {n}")
OF_RULESET = Template("cases.ruleset", "{title}（{source}）", "{title} ({source})")
NOTHING_TO_CHECK = Template(
    "cases.nothing_to_check",
    "没有要检查的内容：请写 total、grade 或 scores",
    "states nothing to check: give total, grade or scores",
)
TOTAL_NUMBER = Template(
    "cases.total",
    "应为数字，如 79.43，填写的是 {found}",
    "expected a number such as 79.43, found {found}",
)
NAME_TEXT = Template(
    "cases.name",
    '应为用引号括起的文字，如 name = "鹿泉区政协"，填写的是 {found}',
    'expected a text in quotes, e.g. name = "鹿泉区政协", found {found}',
)
GRADE_TEXT = Template(
    "cases.grade_text",
    '应为等级名称，如 grade = "良好"',
    'expected the grade\'s name, e.g. grade = "良好"',
)
SCORES_TABLE = Template(
    "cases.scores_table",
    '应为一个表，如 scores = { "1.1" = 20.00 }',
    'expected a table, e.g. scores = { "1.1" = 20.00 }',
)
SCORE_NUMBER = Template(
    "cases.score",
    "应为数字，如 20.00，填写的是 {found}",
    "expected a number such as 20.00, found {found}",
)
OVERRIDES_TABLE = Template(
    "cases.overrides_table",
    "应为要替换的填报数据表，如 budget.carry_over = 40",
    "expected a table of facts to replace, e.g. budget.carry_over = 40",
)
RULESET_NAME = Template(
    "cases.ruleset_name",
    '应为评价规则的名称或路径，如 ruleset = "2026"',
    'expected a ruleset name or path, e.g. ruleset = "2026"',
)
FACTS_REQUIRED = Template(
    "cases.facts_required",
    '必须填写：填报数据文件（facts = "dept.toml"）或内嵌的 [case.facts] 表',
    'is required: a facts file (facts = "dept.toml") or an inline [case.facts] table',
)
OF_RULESET_ID = Template("cases.of_ruleset", "评价规则“{id}”", "ruleset {id}")
INDICATOR = Text("指标", "indicator")
