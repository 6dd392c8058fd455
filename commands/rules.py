"""`score rules list|show|check|diff`: the finance bureau's tools for publishing a ruleset."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem


def add_parser(verbs: Any) -> None:
    parser = verbs.add_parser(
        "rules",
        help="list, show, check and compare rulesets",
        description="The yearly rulesets: list those found, show one as the indicator table, "
        "check files without scoring, and compare two after inheritance.",
    )
    sub = parser.add_subparsers(dest="rules_command", metavar="ACTION")
    sub.required = True

    listing = sub.add_parser("list", help="every ruleset found, with its year and whether valid")
    _search(listing)
    _lang(listing)
    listing.set_defaults(handler=list_rules)

    show = sub.add_parser("show", help="a ruleset as the indicator table (一级/二级/三级指标)")
    show.add_argument("name", metavar="NAME|PATH", help="a ruleset name (e.g. 2025) or file")
    _search(show)
    _lang(show)
    show.add_argument(
        "--format", choices=("table", "markdown"), default="table", help="table or markdown"
    )
    show.set_defaults(handler=show_rules)

    check = sub.add_parser("check", help="validate ruleset files without scoring (exit 0 or 2)")
    check.add_argument("files", metavar="FILE", nargs="+", help="ruleset files to check")
    _search(check)
    check.set_defaults(handler=check_rules)

    diff = sub.add_parser("diff", help="what changed between two rulesets, after inheritance")
    diff.add_argument("old", metavar="OLD", help="the earlier ruleset: name or file")
    diff.add_argument("new", metavar="NEW", help="the later ruleset: name or file")
    _search(diff)
    _lang(diff)
    diff.add_argument("--format", choices=("table", "json"), default="table", help="table or json")
    diff.set_defaults(handler=diff_rules)


def _search(parser: argparse.ArgumentParser) -> None:
    add_rulesets_option(parser)


def _lang(parser: argparse.ArgumentParser) -> None:
    add_lang_option(parser)


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
        print(f"ok: {file}: {ruleset.title.zh}, year {ruleset.year}, sha256 {ruleset.sha256[:12]}")
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
