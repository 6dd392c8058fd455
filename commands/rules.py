"""`score rules list|show|check|diff`: the finance bureau's tools for publishing a ruleset."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.commands.parser import say_in
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem
from jixiao.engine.words.message import Template
from jixiao.report.words import escaped


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "rules",
        help=say("列出、查看、检查和比较评价规则", "list, show, check and compare rulesets"),
        description=say(
            "各年度的评价规则：列出找到的规则，以指标体系表查看其中一个，不评分只检查规则文件，"
            "以及比较两个规则（含继承）的差异。",
            "The yearly rulesets: list those found, show one as the indicator table, check "
            "files without scoring, and compare two after inheritance.",
        ),
    )
    sub = parser.add_subparsers(dest="rules_command", metavar=say("操作", "ACTION"))
    sub.required = True
    name = "NAME|PATH"

    listing = sub.add_parser(
        "list",
        help=say(
            "找到的所有评价规则，及其年度和是否有效",
            "every ruleset found, with its year and whether valid",
        ),
    )
    add_rulesets_option(listing, lang)
    add_lang_option(listing, lang)
    listing.set_defaults(handler=list_rules)

    show = sub.add_parser(
        "show",
        help=say(
            "以指标体系表（一级/二级/三级指标）查看评价规则",
            "a ruleset as the indicator table (一级/二级/三级指标)",
        ),
    )
    show.add_argument(
        "name",
        metavar=name,
        help=say("评价规则名称（如 2025）或文件", "a ruleset name (e.g. 2025) or file"),
    )
    add_rulesets_option(show, lang)
    add_lang_option(show, lang)
    show.add_argument(
        "--format",
        choices=("table", "markdown"),
        default="table",
        help=say("table 表格或 markdown", "table or markdown"),
    )
    show.set_defaults(handler=show_rules)

    check = sub.add_parser(
        "check",
        help=say(
            "只检查评价规则文件，不评分（退出码0或2）",
            "validate ruleset files without scoring (exit 0 or 2)",
        ),
    )
    check.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help=say("要检查的评价规则文件", "ruleset files to check"),
    )
    add_rulesets_option(check, lang)
    add_lang_option(check, lang)
    check.set_defaults(handler=check_rules)

    diff = sub.add_parser(
        "diff",
        help=say(
            "两个评价规则（含继承）之间的变化",
            "what changed between two rulesets, after inheritance",
        ),
    )
    diff.add_argument(
        "old",
        metavar="OLD",
        help=say("较早的评价规则：名称或文件", "the earlier ruleset: name or file"),
    )
    diff.add_argument(
        "new",
        metavar="NEW",
        help=say("较新的评价规则：名称或文件", "the later ruleset: name or file"),
    )
    add_rulesets_option(diff, lang)
    add_lang_option(diff, lang)
    diff.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=say("table 表格或 json", "table or json"),
    )
    diff.set_defaults(handler=diff_rules)


CHECKED = Template(
    "rules.checked",
    "通过：{file}：{title}，{year}年度，sha256 {sha}",
    "ok: {file}: {title}, year {year}, sha256 {sha}",
)


def list_rules(args: argparse.Namespace) -> int:
    from jixiao.engine.ruleset.catalog import survey
    from jixiao.report.rules_report import render_list

    entries = survey(api.load_registry(), args.rulesets, args.lang)
    render_list(entries, args.lang)
    return 0


def show_rules(args: argparse.Namespace) -> int:
    from jixiao.engine.ruleset.words import indicator_rows

    registry = api.load_registry()
    ruleset = api.load_ruleset(args.name, registry=registry, search=args.rulesets)
    rows = indicator_rows(ruleset, registry, args.lang)
    if args.format == "markdown":
        from jixiao.report.rules_report import show_markdown

        sys.stdout.write(show_markdown(ruleset, rows, args.lang))
    else:
        from jixiao.report.rules_report import render_show

        render_show(ruleset, rows, args.lang)
    return 0


def check_rules(args: argparse.Namespace) -> int:
    from jixiao.engine.ruleset.load import load_ruleset_file

    registry = api.load_registry()
    problems: list[Problem] = []
    for file in args.files:
        try:
            ruleset = load_ruleset_file(file, registry, args.rulesets)
        except InputError as error:
            problems.extend(error.problems)
            continue
        checked = CHECKED(
            file=file, title=ruleset.title, year=ruleset.year, sha=ruleset.sha256[:12]
        )
        print(escaped(checked.get(args.lang)))  # the file's name and the ruleset's title
    if problems:
        raise InputError(problems)
    return 0


def diff_rules(args: argparse.Namespace) -> int:
    from jixiao.engine.ruleset.diff import diff_rulesets

    registry = api.load_registry()
    problems: list[Problem] = []
    loaded = []
    for name in (args.old, args.new):
        try:
            loaded.append(api.load_ruleset(name, registry=registry, search=args.rulesets))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    old, new = loaded
    changes = diff_rulesets(old, new)
    if args.format == "json":
        from jixiao.report.rules_report import diff_json

        sys.stdout.write(diff_json(changes) + "\n")
    else:
        from jixiao.report.rules_report import render_diff

        render_diff(old, new, changes, args.lang)
    return 0
