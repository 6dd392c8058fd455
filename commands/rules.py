"""`score rules list|show|check|diff`: the finance bureau's tools for publishing a ruleset."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.commands.parser import say_in
from jixiao.commands.runner import add_output_file_options
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

    show = _one_ruleset(
        sub,
        "show",
        say(
            "以指标体系表（一级/二级/三级指标）查看评价规则",
            "a ruleset as the indicator table (一级/二级/三级指标)",
        ),
        lang,
    )
    show.set_defaults(handler=show_rules)
    facts = _one_ruleset(
        sub,
        "facts",
        say(
            "评价规则要求填报的全部数据项（含评价规则自己声明的），可打印下发",
            "every fact a ruleset asks departments for, its own included, to print and hand out",
        ),
        lang,
    )
    facts.set_defaults(handler=facts_reference)

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
        help=say(
            "要检查的评价规则文件或名称（如 hunan）", "ruleset files or names (e.g. hunan) to check"
        ),
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

    impact = sub.add_parser(
        "impact",
        help=say(
            "新评价规则对各部门得分和等级的影响",
            "what a new ruleset would change in each department's total and grade",
        ),
        description=say(
            "按原评价规则和新评价规则分别为各部门评分，列出两个总分和等级、总分变化，"
            "以及两个规则下的评价等级分布和等级变动。",
            "Score each department under the old and the new ruleset: both totals and grades, "
            "the change in the total, the grade distribution under each and the moves.",
        ),
    )
    impact.add_argument(
        "old",
        metavar="OLD",
        help=say("原评价规则：名称或文件", "the current ruleset: name or file"),
    )
    impact.add_argument(
        "new",
        metavar="NEW",
        help=say("新评价规则：名称或文件", "the new ruleset: name or file"),
    )
    impact.add_argument(
        "departments",
        metavar="FILE|FOLDER",
        nargs="+",
        help=say(
            "各部门的填报数据文件，或文件夹（其中的 .toml 文件，含子文件夹）",
            "the departments' facts files, or folders of them (their .toml files, recursively)",
        ),
    )
    add_rulesets_option(impact, lang)
    add_lang_option(impact, lang)
    impact.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help=say("table 表格（默认）、json 或 csv", "table (default), json or csv"),
    )
    add_output_file_options(impact, lang)
    impact.set_defaults(handler=impact_rules)


def _one_ruleset(sub: Any, verb: str, help_text: str, lang: str) -> argparse.ArgumentParser:
    """A verb on one ruleset by name or file, drawn as a table or Markdown."""
    say = say_in(lang)
    parser: argparse.ArgumentParser = sub.add_parser(verb, help=help_text)
    parser.add_argument(
        "name",
        metavar="NAME|PATH",
        help=say("评价规则名称（如 2025）或文件", "a ruleset name (e.g. 2025) or file"),
    )
    add_rulesets_option(parser, lang)
    add_lang_option(parser, lang)
    parser.add_argument(
        "--format",
        choices=("table", "markdown"),
        default="table",
        help=say("table 表格或 markdown", "table or markdown"),
    )
    return parser


CHECKED = Template(
    "rules.checked",
    "通过：{file}：{title}，{year}年度，校验码 {sha}",
    "ok: {file}: {title}, year {year}, sha256 {sha}",
)


def list_rules(args: argparse.Namespace) -> int:
    from attrs import evolve

    from jixiao.engine.ruleset.catalog import survey
    from jixiao.report.rules_report import render_list

    entries = survey(api.load_registry(), args.rulesets, args.lang)
    # named as --ruleset finds it: by its id, with the file when the file's name differs
    render_list([evolve(e, name=e.listed or e.name) for e in entries], args.lang)
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
    registry = api.load_registry()
    problems: list[Problem] = []
    for file in args.files:  # a file, or a name on the search path as --ruleset takes
        try:
            ruleset = api.load_ruleset(file, registry=registry, search=args.rulesets)
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
    from jixiao.commands.impact import load_both
    from jixiao.engine.ruleset.diff import diff_rulesets

    old, new = load_both(args, api.load_registry())
    changes = diff_rulesets(old, new)
    if args.format == "json":
        from jixiao.report.rules_report import diff_json

        sys.stdout.write(diff_json(changes) + "\n")
    else:
        from jixiao.report.rules_report import render_diff

        render_diff(old, new, changes, args.lang)
    return 0


def impact_rules(args: argparse.Namespace) -> int:
    from jixiao.commands.impact import run

    return run(args)


def facts_reference(args: argparse.Namespace) -> int:
    """The facts a department reports under a ruleset: the plugins' it scores with and its
    own, section by section, as the template has them."""
    from jixiao.engine.facts.template import template_sections
    from jixiao.report.facts_reference import reference_markdown, render_reference

    registry = api.load_registry()
    ruleset = api.load_ruleset(args.name, registry=registry, search=args.rulesets)
    sections = template_sections(ruleset, registry)
    title = ruleset.title.get(args.lang)
    if args.format == "markdown":
        sys.stdout.write(reference_markdown(title, sections, args.lang))
    else:
        render_reference(title, sections, args.lang)
    return 0
