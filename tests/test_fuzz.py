"""Fuzzing: random facts files and mutated rulesets, through the Python API and the command.

Whatever goes in, the answer is either a scorecard that satisfies the invariants (total from 0
to 100, every score within 0 and its points, the grade the ruleset gives that total) or a clean
InputError (exit code 2) — never another exception, never a plugin failure of the built-ins.
Example counts are fixed, so the run time is bounded by work, not by a clock.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import tempfile
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.load import ruleset_from_document
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.tomlfile import TomlDocument, parse_toml

ROOT = Path(__file__).resolve().parent.parent
GOOD_TEXT = (ROOT / "tests" / "corpus" / "good.toml").read_text(encoding="utf-8")
GOOD = tomllib.loads(GOOD_TEXT, parse_float=Decimal)
RULES_TEXT = (ROOT / "rulesets" / "2025.toml").read_text(encoding="utf-8")
RULES = tomllib.loads(RULES_TEXT, parse_float=Decimal)

FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples every run: CI failures reproduce
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- every TOML type ------------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, 1, -1, 100, 101, 2000, 2025, 2101, 10**10, 10**15, 10**20]),
    st.decimals(allow_nan=True, allow_infinity=True, places=3, min_value=-(10**6)),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("0.5"), Decimal("1e-40"), Decimal("1e400"), Decimal("-0.0")]),
)
SCALARS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["是", "否", "n/a", "不适用", "968.9万元", "2025-02-10", "达成", ">=", "<="]),
    st.sampled_from(["[/]", "[bold]", "[link=x]", "\x1b[31m", "\t", "\u202e"]),  # markup, escapes
    NUMBERS,
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
)
KEYS = st.one_of(
    st.text(min_size=1, max_size=6),
    st.sampled_from(["name", "kind", "level", "target", "actual", "weight", "budget", "year"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(KEYS, inner, max_size=3),
        st.lists(st.dictionaries(KEYS, inner, max_size=3), min_size=1, max_size=3),
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def _finite(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Decimal) and value.is_finite())


def _mutate(document: dict[str, Any], draw: Any) -> dict[str, Any]:
    """Up to four changes: drop a key, replace a value by any TOML value, nudge a number,
    or add a key (a known name in the wrong place, or a random one)."""
    data = copy.deepcopy(document)
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["drop", "replace", "number", "add"]))
        if action == "drop":
            del parent[last]
        elif action == "replace":
            parent[last] = draw(VALUES)
        elif action == "number" and _finite(parent[last]):
            parent[last] = parent[last] * draw(st.sampled_from([0, -1, 2, 10, Decimal("0.5")]))
        elif isinstance(parent[last], dict):
            parent[last][draw(KEYS)] = draw(VALUES)
    return data


@st.composite
def facts_documents(draw: Any) -> dict[str, Any]:
    if draw(st.integers(0, 9)) == 0:  # now and then a document with nothing of the good one
        return dict(draw(st.dictionaries(KEYS, VALUES, max_size=5)))
    return _mutate(GOOD, draw)


@st.composite
def rulesets(draw: Any) -> dict[str, Any]:
    return _mutate(RULES, draw)


def _document(data: dict[str, Any], name: str) -> TomlDocument | None:
    try:
        raw = tomli_w.dumps(data).encode("utf-8")
    except (TypeError, ValueError):  # not representable in TOML (e.g. a key type); skip it
        return None
    try:
        return parse_toml(raw, name)
    except InputError as error:
        _check_problems(error, name)
        return None


# --- invariants --------------------------------------------------------------------------------


def _check_problems(error: InputError, name: str) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file == name
        assert problem.message
        assert problem.line is None or problem.line >= 1


def check_scorecard(card: Scorecard, ruleset: Ruleset) -> None:
    assert card.complete, card.plugin_failures
    assert Decimal(0) <= card.total <= Decimal(100)
    assert card.grade == ruleset.grade_for(card.total)
    for dimension in card.dimensions:
        assert dimension.status in ("scored", "not_applicable")
        if dimension.score is not None:
            assert Decimal(0) <= dimension.score <= dimension.weight
        for sub in dimension.subindicators:
            assert sub.status in ("scored", "not_applicable")
            if sub.score is not None:
                assert Decimal(0) <= sub.score <= sub.points
            for deduction in sub.deductions:
                assert deduction.points >= 0


def score_or_refuse(
    facts_doc: TomlDocument, ruleset: Ruleset, registry: Registry
) -> Scorecard | None:
    try:
        facts = api.facts_from_toml(facts_doc, registry)
    except InputError as error:
        _check_problems(error, facts_doc.path)
        return None
    card = api.score(facts, ruleset, registry)
    check_scorecard(card, ruleset)
    return card


# --- through the Python API -------------------------------------------------------------------


@FUZZ
@given(facts_documents())
def test_random_facts_score_or_are_refused(data: dict[str, Any]) -> None:
    registry = api.load_registry()
    ruleset = api.load_ruleset("2025", registry=registry)
    document = _document(data, "fuzz.toml")
    if document is not None:
        score_or_refuse(document, ruleset, registry)


@FUZZ
@given(rulesets())
def test_mutated_rulesets_score_or_are_refused(data: dict[str, Any]) -> None:
    registry = api.load_registry()
    document = _document(data, "rules.toml")
    if document is None:
        return
    try:
        ruleset = ruleset_from_document(document, registry)
    except InputError as error:
        _check_problems(error, "rules.toml")
        return
    for facts_text in (GOOD_TEXT, (ROOT / "examples" / "luquan-cppcc-2025.toml").read_text()):
        facts = parse_toml(facts_text.encode(), "facts.toml")
        assert score_or_refuse(facts, ruleset, registry) is not None


@settings(FUZZ, max_examples=150)
@given(st.binary(max_size=200), st.integers(0, len(GOOD_TEXT)))
def test_damaged_text_is_read_or_refused(noise: bytes, at: int) -> None:
    raw = GOOD_TEXT.encode()[:at] + noise + GOOD_TEXT.encode()[at:]
    registry = api.load_registry()
    ruleset = api.load_ruleset("2025", registry=registry)
    try:
        document = parse_toml(raw, "damaged.toml")
    except InputError as error:
        _check_problems(error, "damaged.toml")
        return
    score_or_refuse(document, ruleset, registry)


# --- through the command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workdir() -> Any:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["run", *args])
    return code, out.getvalue(), err.getvalue()


@settings(FUZZ, max_examples=60)
@given(
    facts=facts_documents(),
    ruleset=rulesets(),
    lang=st.sampled_from(["zh", "en"]),
    form=st.sampled_from(["json", "table"]),
)
def test_the_command_answers_0_or_2(
    workdir: Path, facts: dict[str, Any], ruleset: dict[str, Any], lang: str, form: str
) -> None:
    facts_file, rules_file = workdir / "facts.toml", workdir / "rules.toml"
    try:
        facts_file.write_text(tomli_w.dumps(facts), encoding="utf-8")
        rules_file.write_text(tomli_w.dumps(ruleset), encoding="utf-8")
    except (TypeError, ValueError):
        return
    for extra in ([], ["--ruleset", str(rules_file)]):
        code, out, err = _run([str(facts_file), *extra, "--format", form, "--lang", lang])
        assert code in (0, 2), err
        if code == 2:
            assert out == ""
            assert all(line.startswith("error: ") for line in err.splitlines()), err
        else:
            assert err == ""
            assert out.startswith("{") if form == "json" else "总分" in out or "Total" in out
