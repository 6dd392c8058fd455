"""Rule-kind cases written as data: every [[case]] of tests/rules/cases/*.toml is a test item.

A case names an installed rule kind, its parameters as a ruleset writes them, a measure, and
what must come out: the exact score, the deductions, the finding codes, N/A, or a problem with
the parameters. Every scored case is also held to the invariant the report relies on: the score
lies within 0 and where the rule started, and the deductions add up to exactly what was lost.

    [[case]]
    name = "120% of the budget, capped"
    kind = "linear_ratio"
    params = { over = "cap" }
    measure = { ratio = [1.2, 1] }     # see MEASURES below for each measure's form
    score = 10                         # exact; "7/8" for a score without a decimal form
    deductions = ["0.4", "0.4"]        # optional: each deduction's points, in order
    findings = ["missing_evidence"]    # optional: the finding codes, in order
    # points = 10 (default), start = points (a `then` deduction starts from less)

    [[case]]
    name = "a tier table needs a tier"
    kind = "tiers"
    params = { tiers = [] }
    problem = "needs at least one tier"  # the parameters are refused, with this in the (English)
                                         # message
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from jixiao.engine import api
from jixiao.engine.errors import say
from jixiao.engine.measures.types import (
    Checklist,
    ChecklistItem,
    FindingList,
    Measure,
    Publication,
    Quantity,
    Ratio,
    ScoredItem,
    ScoreList,
    Target,
    TargetList,
)
from jixiao.engine.rules.base import Outcome, Rule, RuleInput
from jixiao.engine.tomlfile import read_toml
from jixiao.engine.words.text import Text, same

CASE_KEYS = {
    "name",
    "kind",
    "params",
    "measure",
    "points",
    "start",
    "items",
    "score",
    "deductions",
    "findings",
    "not_applicable",
    "problem",
}
LABEL = Text("指标", "indicator")


def _number(value: Any) -> Fraction:
    return Fraction(value) if isinstance(value, str) else Fraction(Decimal(value))


def _ratio(spec: Mapping[str, Any]) -> Ratio:
    numerator, denominator = spec["ratio"]
    return Ratio(
        _number(numerator), _number(denominator), same("n"), same("d"), "", spec.get("excluded", 0)
    )


def _quantity(spec: Mapping[str, Any]) -> Quantity:
    return Quantity(_number(spec["quantity"]), same(spec.get("unit", "")))


def _checklist(spec: Mapping[str, Any]) -> Checklist:
    answered = [ChecklistItem(k, same(k), v) for k, v in spec["checklist"].items()]
    unanswered = [ChecklistItem(k, same(k), None) for k in spec.get("unanswered", [])]
    return Checklist(tuple(answered + unanswered))


def _findings(spec: Mapping[str, Any]) -> FindingList:
    return FindingList(tuple(spec["findings"]))


def _publication(spec: Mapping[str, Any]) -> Publication:
    given = spec["publication"]
    approved, published = given.get("approved_on"), given.get("published_on")
    assert approved is None or isinstance(approved, dt.date)
    assert published is None or isinstance(published, dt.date)
    return Publication(given["published"], approved, published)


def _scores(spec: Mapping[str, Any]) -> ScoreList:
    return ScoreList(
        tuple(
            ScoredItem(
                item["name"],
                _number(item["score"]),
                None if "weight" not in item else _number(item["weight"]),
            )
            for item in spec["scores"]
        )
    )


def _targets(spec: Mapping[str, Any]) -> TargetList:
    def target(item: Mapping[str, Any]) -> Target:
        numbers = {k: _number(item[k]) for k in ("target", "actual", "weight") if k in item}
        return Target(
            name=item["name"],
            qualitative="level" in item,
            direction=item.get("direction", ">="),
            unit=item.get("unit", ""),
            level=item.get("level"),
            **numbers,
        )

    return TargetList(tuple(target(item) for item in spec["targets"]))


# the measure of a case, by the key its table holds
MEASURES: dict[str, Callable[[Mapping[str, Any]], Measure]] = {
    "ratio": _ratio,
    "quantity": _quantity,
    "checklist": _checklist,
    "findings": _findings,
    "publication": _publication,
    "scores": _scores,
    "targets": _targets,
}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".toml" and file_path.parent.name == "cases":
        return RuleCaseFile.from_parent(parent, path=file_path)
    return None


class RuleCaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        cases = read_toml(self.path, "rule case file").data.get("case", [])
        for index, case in enumerate(cases):
            name = case.get("name", f"case {index + 1}")
            yield RuleCase.from_parent(self, name=name, case=case, index=index)


class RuleCaseError(Exception):
    """A case's expectation that did not hold: what was expected and what came out."""


class RuleCase(pytest.Item):
    def __init__(self, *, case: dict[str, Any], index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.index = index

    def runtest(self) -> None:
        case = self.case
        unknown = set(case) - CASE_KEYS
        assert not unknown, f"unknown keys in the case: {sorted(unknown)}"
        kind = api.load_registry().rule_kinds[case["kind"]]
        points = _number(case.get("points", 10))
        start = _number(case["start"]) if "start" in case else points
        items = {key: same(key) for key in case.get("items", [])}
        raw = {"kind": kind.name, "measure": "m", **case.get("params", {})}
        params, problems = kind.parse(raw, points, items)
        if "problem" in case:
            messages = [f"{key}: {say(message, 'en')}" for key, message in problems]
            if not any(case["problem"] in message for message in messages):
                raise RuleCaseError(f"expected a problem with {case['problem']!r}, got {messages}")
            return
        assert not problems, f"the parameters are refused: {problems}"
        (form,) = (key for key in MEASURES if key in case["measure"])
        measure = MEASURES[form](case["measure"])
        given = RuleInput(Rule(kind.name, "m", params), measure, points, start, LABEL, "x", items)
        self.check(kind.apply(given), start)

    def check(self, outcome: Outcome, start: Fraction) -> None:
        case = self.case
        if case.get("not_applicable", False):
            if outcome.not_applicable is None:
                raise RuleCaseError(f"expected N/A, scored {outcome.score}")
            return
        assert outcome.not_applicable is None, f"N/A: {outcome.not_applicable}"
        lost = sum((d.points for d in outcome.deductions), Fraction(0))
        assert 0 <= outcome.score <= start, f"score {outcome.score} outside 0 to {start}"
        assert lost == start - outcome.score, (
            f"deductions add up to {lost}, lost {start - outcome.score}"
        )
        if "score" in case and outcome.score != _number(case["score"]):
            raise RuleCaseError(f"score: expected {case['score']}, got {outcome.score}")
        if "deductions" in case:
            got = [d.points for d in outcome.deductions]
            if got != [_number(d) for d in case["deductions"]]:
                raise RuleCaseError(f"deductions: expected {case['deductions']}, got {got}")
        if "findings" in case:
            codes = [f.code for f in outcome.findings]
            if codes != case["findings"]:
                raise RuleCaseError(f"findings: expected {case['findings']}, got {codes}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RuleCaseError | AssertionError):
            return f"{self.path.name} case {self.index + 1} ({self.name}): {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}: {self.name}"
