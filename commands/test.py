"""`score test CASES…`: run the bureau's test cases (expected totals, grades, scores) in TOML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_rulesets_option
from jixiao.engine import api
from jixiao.engine.errors import InputError


def add_parser(verbs: Any) -> None:
    parser = verbs.add_parser(
        "test",
        help="run test cases: expected totals, grades and scores under a ruleset",
        description="Run TOML test cases ([[case]] tables: facts, ruleset, total, grade, "
        "scores) and report each pass or failure with the differing values. Exit 0 when all "
        "pass, 1 when one fails, 2 when a case cannot be run.",
    )
    parser.add_argument("cases", metavar="CASES.toml", nargs="+", help="test case files")
    add_rulesets_option(parser)
    parser.set_defaults(handler=run_tests)


def run_tests(args: argparse.Namespace) -> int:
    from jixiao.engine.batch.cases import run_case_files

    run = run_case_files(args.cases, api.load_registry(), args.rulesets)
    failed = 0
    for result in run.results:
        where = f"{result.file} case {result.index + 1}"
        if result.passed:
            print(f"PASS  {result.name}  ({where}, {result.checked} checked)")
            continue
        failed += 1
        print(f"FAIL  {result.name}  ({where}; ruleset {result.ruleset})")
        for miss in result.mismatches:
            print(f"      {miss.what}: expected {miss.expected}, got {miss.actual}")
    passed = len(run.results) - failed
    unusable = f", {len(run.problems)} problem(s) in the case files" if run.problems else ""
    print(f"{passed} passed, {failed} failed{unusable}")
    sys.stdout.flush()
    if run.problems:
        raise InputError(run.problems)
    return 1 if failed else 0
