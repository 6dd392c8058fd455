"""`score init [FILE]`: write a complete facts template for a ruleset's year."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from attrs import evolve

from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.commands.output import open_output, refuse_overwriting
from jixiao.commands.parser import say_in
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.words.message import Template


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "init",
        help=say("生成某年度的填报数据模板", "write a facts template for a ruleset's year"),
        description=say(
            "生成填报数据文件模板（TOML 文本文件，或带下拉列表的 Excel 工作簿），包含评价规则"
            "各指标所需的全部表和字段，每项附中文说明；或用 --from 把已填好的文件转成另一种格式。"
            "已有的文件不会被覆盖，除非加上 --force。",
            "Write a facts template (a TOML file, or an Excel workbook with drop-downs) with "
            "every section and field the ruleset's indicators read, each explained; or, with "
            "--from, a filled-in file in the other format. An existing file is never overwritten "
            "unless --force is given.",
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="?",
        help=say(
            "写入的文件（默认 dept-年度.toml，用 --from 时为另一种格式的同名文件；以 .xlsx 结尾"
            "则写 Excel 填报工作簿；- 表示以 TOML 输出到屏幕）",
            "where to write (default dept-YEAR.toml, or with --from the same name in the other "
            "format; a name ending in .xlsx gets the Excel workbook to fill in; - for TOML on "
            "stdout)",
        ),
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="FACTS",
        help=say(
            "已填好的填报数据文件（.toml 或 .xlsx）：写出同样内容的另一种格式，"
            "如 --from dept.toml dept.xlsx，或 --from dept.xlsx dept.toml",
            "a facts file already filled in (.toml or .xlsx): write the same facts in the other "
            "format, e.g. --from dept.toml dept.xlsx, or --from dept.xlsx dept.toml",
        ),
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--year",
        type=int,
        help=say(
            "预算年度（默认：今年有评价规则则为今年，否则为去年）",
            "the budget year (default: this year if it has a ruleset, else last year)",
        ),
    )
    which.add_argument(
        "--ruleset",
        metavar="NAME|PATH",
        help=say("依据的评价规则", "the ruleset to follow"),
    )
    add_rulesets_option(parser, lang)
    add_lang_option(parser, lang)
    parser.add_argument(
        "--force",
        action="store_true",
        help=say("文件已存在时覆盖它", "overwrite FILE if it exists"),
    )
    parser.set_defaults(handler=init)


def _ruleset_for(args: argparse.Namespace, registry: Registry) -> Ruleset:
    """The --year's ruleset; by default this year's or, before it is published, last year's:
    departments evaluate the year just ended."""
    if args.year is not None:
        try:
            return api.load_ruleset(year=args.year, registry=registry, search=args.rulesets)
        except InputError as error:  # the year was asked for with --year, not --ruleset
            error.problems = tuple(
                evolve(p, file="--year") if p.file == "--ruleset" else p for p in error.problems
            )
            raise
    import datetime as dt

    this_year = dt.date.today().year
    try:
        return api.load_ruleset(year=this_year, registry=registry, search=args.rulesets)
    except InputError:
        return api.load_ruleset(year=this_year - 1, registry=registry, search=args.rulesets)


def init(args: argparse.Namespace) -> int:
    from jixiao.engine.facts.read import is_workbook
    from jixiao.engine.facts.template import render_template

    registry = api.load_registry()
    values: dict[str, Any] | None = None
    if args.source is not None:
        ruleset, values = _filled_in(args, registry)
    elif args.ruleset is not None:
        ruleset = api.load_ruleset(args.ruleset, registry=registry, search=args.rulesets)
    else:
        ruleset = _ruleset_for(args, registry)
    if args.file == "-":  # a template, or a file's facts, as TOML on the screen
        sys.stdout.write(render_template(ruleset, registry, args.lang, values))
        return 0
    target = args.file or _default_target(args.source, ruleset)
    inputs = [ruleset.identity.source, *([args.source] if args.source else [])]
    refuse_overwriting(target, inputs, field="")
    if is_workbook(target):
        _write_workbook(target, ruleset, registry, args, values)
    else:
        text = render_template(ruleset, registry, args.lang, values)
        # the same atomic, never-overwriting write as --output; the file is named by itself
        with open_output(target, args.force, field="") as out:
            out.write(text)
    said = WROTE_FROM(target=target, source=args.source) if args.source else None
    print((said or WROTE(target=target, title=ruleset.title)).get(args.lang))
    return 0


def _default_target(source: str | None, ruleset: Ruleset) -> str:
    """dept-2025.toml for a template; for `--from`, the file's name in the other format, here
    (dept.toml → dept.xlsx, dept.xlsx → dept.toml)."""
    from pathlib import Path

    from jixiao.engine.facts.read import is_workbook

    if source is None:
        return f"dept-{ruleset.year}.toml"
    return Path(source).with_suffix(".toml" if is_workbook(source) else ".xlsx").name


def _filled_in(args: argparse.Namespace, registry: Registry) -> tuple[Ruleset, dict[str, Any]]:
    """The ruleset and the facts of `--from`'s file, validated: what is carried into the other
    format is what would be scored."""
    if args.year is not None:
        raise InputError([Problem("--year", "", FROM_HAS_YEAR(source=args.source))])
    facts, ruleset = api.load_department(args.source, registry, args.ruleset, search=args.rulesets)
    assert ruleset is not None  # a file that gives no year is refused
    values = dict(facts.sections)
    if facts.claims:
        values["self_evaluation"] = dict(facts.claims)
    return ruleset, values


def _write_workbook(
    target: str,
    ruleset: Ruleset,
    registry: Registry,
    args: argparse.Namespace,
    values: dict[str, Any] | None,
) -> None:
    from jixiao.commands.output import open_binary_output
    from jixiao.report.xlsx_cells import require_openpyxl
    from jixiao.report.xlsx_template import build_facts_workbook

    require_openpyxl(target, field="")
    book = build_facts_workbook(ruleset, registry, args.lang, values, args.source or "")
    with open_binary_output(target, args.force, field="") as out:
        book.save(out)


WROTE = Template(
    "init.wrote",
    "已写入 {target}：{title}的填报数据模板。请填写后运行 score run {target}",
    "wrote {target}: a facts template for {title}; fill it in, then run score run {target}",
)
WROTE_FROM = Template(
    "init.wrote_from",
    "已写入 {target}：{source} 中的填报数据",
    "wrote {target}: the facts of {source}",
)
FROM_HAS_YEAR = Template(
    "init.from_has_year",
    "不能与 --from 同用：{source} 自带评价年度（department.year），按它选用评价规则",
    "cannot be used with --from: {source} gives its own year (department.year), which chooses "
    "the ruleset",
)
