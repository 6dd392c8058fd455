"""Fuzzing: random facts files and mutated rulesets, through the Python API and the command.

Whatever goes in, the answer is either a scorecard that satisfies the invariants (total from 0
to 100, every score within 0 and its points, the grade the ruleset gives that total) or a clean
InputError (exit code 2) — never another exception, never a plugin failure of the built-ins.
Example counts are fixed, so the run time is bounded by work, not by a clock.
"""

from __future__ import annotations

import io
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from mutations import FUZZ, GOOD, GOOD_TEXT, KEYS, RULES, VALUES, _mutate
from paths import ROOT

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.load import ruleset_from_document
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.tomlfile import TomlDocument, parse_toml


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
            prefix = "error: " if lang == "en" else "错误："
            assert all(line.startswith(prefix) for line in err.splitlines()), err
        else:
            assert err == ""
            assert out.startswith("{") if form == "json" else "总分" in out or "Total" in out
