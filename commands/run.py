"""`score run FILE…`: score a department's facts file and show the breakdown; many files or
folders make a batch with a ranking (commands/runner.py, docs/batch.md)."""

from __future__ import annotations

import argparse
from typing import Any

from jixiao.commands import runner
from jixiao.commands.options import add_lang_option, add_rulesets_option
from jixiao.commands.parser import say_in


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "run",
        help=say(
            "为部门的填报数据文件评分（可多个文件、文件夹）",
            "score a department's facts file (or many: files and folders)",
        ),
        description=say(
            "为部门的填报数据文件评分，列出每一分的得失：默认为表格，--format json 为 JSON。"
            "多个文件或一个文件夹作为批量评分，最后给出排名与汇总。",
            "Score a department's facts file and show every point: the table, or JSON with "
            "--format json. Several files or a folder are scored as a batch, followed by a "
            "ranking and summary.",
        ),
    )
    parser.add_argument(
        "facts",
        metavar="FACTS",
        nargs="+",
        help=say(
            "部门的填报数据文件（.toml 或 .xlsx）；或多个文件和文件夹（含其中所有 .toml 和 .xlsx）",
            "the department's facts file (.toml or .xlsx); or several files and folders (every "
            ".toml and .xlsx inside)",
        ),
    )
    add_ruleset_options(parser, lang)
    parser.add_argument(
        "--format",
        choices=runner.FORMATS,
        default="table",
        help=say(
            "table 表格（默认）、json（批量时每行一个）、csv、markdown 或 xlsx（须加 -o）",
            "table (default), json (JSON Lines for a batch), csv, markdown or xlsx (with -o)",
        ),
    )
    add_lang_option(parser, lang)
    parser.add_argument(
        "--show-rules",
        action="store_true",
        help=say(
            "在每个三级指标下列出所用的评分规则", "show the rule applied under each sub-indicator"
        ),
    )
    runner.add_batch_options(parser, lang)
    parser.add_argument(
        "--lenient-plugins",
        action="store_true",
        help=say(
            "加载失败但评价规则未用到的插件只作警告（默认：任何插件出错都使结果不完整，退出码3）",
            "a plugin that failed to load but that the ruleset does not use is only a warning "
            "(default: any plugin failure marks the result incomplete, exit 3)",
        ),
    )
    parser.set_defaults(handler=run)


def add_ruleset_options(parser: argparse.ArgumentParser, lang: str) -> None:
    say = say_in(lang)
    parser.add_argument(
        "--ruleset",
        metavar="NAME|PATH",
        help=say(
            "使用的评价规则（默认：部门年度对应的规则）",
            "the ruleset to use (default: the one for the department's year)",
        ),
    )
    add_rulesets_option(parser, lang)


def run(args: argparse.Namespace) -> int:
    return runner.run(args)
