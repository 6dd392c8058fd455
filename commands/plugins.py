"""`score plugins`: what the installed plugins provide, where each came from, what failed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from jixiao.commands.options import add_lang_option
from jixiao.commands.parser import say_in
from jixiao.engine import api


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "plugins",
        help=say(
            "列出已安装的指标和计分方法，以及加载失败的插件",
            "list installed indicators and rule kinds, and plugins that failed to load",
        ),
        description=say(
            "列出入口点组 jixiao.plugins 的每个插件：发行包与版本、实现的钩子、提供的指标（按 id）"
            "和计分方法，以及每个加载失败的插件及原因。有插件失败时退出码为3。",
            "List every plugin of the entry-point group jixiao.plugins: its distribution and "
            "version, the hooks it implements, the indicators (by id) and rule kinds it "
            "provides, and every plugin that failed to load, with why. Exit 3 when one failed.",
        ),
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=say("table 表格（默认）或 json", "table (default) or json"),
    )
    add_lang_option(parser, lang)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    registry = api.load_registry()
    if args.format == "json":
        from jixiao.report.plugins_json import render_plugins_json

        sys.stdout.write(render_plugins_json(registry, args.lang) + "\n")
    else:
        from jixiao.report.plugins_table import render_plugins_table

        render_plugins_table(registry, args.lang)
    return 3 if registry.failures else 0
