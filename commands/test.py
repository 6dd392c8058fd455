"""`score test CASES…`: run the bureau's test cases (expected totals, grades, scores) in TOML."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.commands.parser import say_in
from jixiao.engine import api
from jixiao.engine.errors import InputError, say
from jixiao.engine.words.message import Template
from jixiao.report.words import escaped


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "test",
        help=say(
            "运行测试用例：在评价规则下核对预期的总分、等级和得分",
            "run test cases: expected totals, grades and scores under a ruleset",
        ),
        description=say(
            "运行 TOML 测试用例（[[case]] 表：facts、ruleset、total、grade、scores），"
            "逐个报告通过或未通过及不一致的值。全部通过退出码为0，有未通过为1，用例无法运行为2，"
            "插件出错（结果不完整）为3。",
            "Run TOML test cases ([[case]] tables: facts, ruleset, total, grade, scores) and "
            "report each pass or failure with the differing values. Exit 0 when all pass, 1 "
            "when one fails, 2 when a case cannot be run, 3 when a plugin failed (the result "
            "is incomplete).",
        ),
    )
    parser.add_argument(
        "cases",
        metavar="CASES.toml",
        nargs="+",
        help=say("测试用例文件", "test case files"),
    )
    add_rulesets_option(parser, lang)
    add_lang_option(parser, lang)
    parser.set_defaults(handler=run_tests)


def run_tests(args: argparse.Namespace) -> int:
    from jixiao.engine.batch.cases import run_case_files

    lang = args.lang
    run = run_case_files(args.cases, api.load_registry(), args.rulesets)
    failed = 0
    for result in run.results:  # names, files and values from the case files, escaped
        name, file, n = say(result.name, lang), result.file, result.index + 1
        if result.passed:
            print(escaped(PASSED(name=name, file=file, n=n, checked=result.checked).get(lang)))
            continue
        failed += 1
        print(escaped(FAILED(name=name, file=file, n=n, ruleset=result.ruleset).get(lang)))
        for miss in result.mismatches:
            found = MISMATCH(what=miss.what, expected=miss.expected, actual=miss.actual)
            print(escaped(found.get(lang)))
        for failure in result.plugin_failures:  # a match on an incomplete result is no pass
            said = INCOMPLETE(who=failure.who(), message=failure.message)
            print(escaped(said.get(lang)))
    passed = len(run.results) - failed
    unusable = UNUSABLE(n=len(run.problems)) if run.problems else ""
    print(TALLY(passed=passed, failed=failed, unusable=unusable).get(lang))
    sys.stdout.flush()
    if run.problems:
        raise InputError(run.problems)
    return 3 if run.incomplete else 1 if failed else 0


PASSED = Template(
    "test.passed",
    "通过  {name}  （{file} 第{n}个用例，检查{checked}项）",
    "PASS  {name}  ({file} case {n}, {checked} checked)",
)
FAILED = Template(
    "test.failed",
    "未通过  {name}  （{file} 第{n}个用例；评价规则 {ruleset}）",
    "FAIL  {name}  ({file} case {n}; ruleset {ruleset})",
)
MISMATCH = Template(
    "test.mismatch",
    "      {what}：应为 {expected}，实为 {actual}",
    "      {what}: expected {expected}, got {actual}",
)
INCOMPLETE = Template(
    "test.incomplete",
    "      插件 {who} 出错：{message}；结果不完整，该用例判为未通过",
    "      plugin {who}: {message}; the result is incomplete, so the case does not pass",
)
UNUSABLE = Template(
    "test.unusable", "，用例文件中有{n}个问题", ", {n} problem(s) in the case files"
)
TALLY = Template(
    "test.tally",
    "{passed}个通过，{failed}个未通过{unusable}",
    "{passed} passed, {failed} failed{unusable}",
)
