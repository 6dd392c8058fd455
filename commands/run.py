"""`score run FILE…`: score a department's facts file and show the breakdown; many files or
folders make a batch with a ranking (commands/runner.py, docs/batch.md)."""

from __future__ import annotations

import argparse
from typing import Any

from jixiao.commands import runner
from jixiao.commands.options import add_lang_option, add_rulesets_option


def add_parser(verbs: Any) -> None:
    parser = verbs.add_parser(
        "run",
        help="score a department's facts file (or many: files and folders)",
        description="Score a department's facts file and show every "
        "point: the table, or JSON with --format json. Several files or a folder are "
        "scored as a batch, followed by a ranking and summary.",
    )
    parser.add_argument(
        "facts",
        metavar="FACTS.toml",
        nargs="+",
        help="the department's facts file; or several files and folders (every *.toml inside)",
    )
    add_ruleset_options(parser)
    parser.add_argument(
        "--format",
        choices=runner.FORMATS,
        default="table",
        help="table (default), json (JSON Lines for a batch), csv or markdown",
    )
    add_lang_option(parser)
    parser.add_argument(
        "--show-rules", action="store_true", help="show the rule applied under each sub-indicator"
    )
    runner.add_batch_options(parser)
    parser.add_argument(
        "--lenient-plugins",
        action="store_true",
        help="a plugin that failed to load but that the ruleset does not use is only a warning "
        "(default: any plugin failure marks the result incomplete, exit 3)",
    )
    parser.set_defaults(handler=run)


def add_ruleset_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ruleset",
        metavar="NAME|PATH",
        help="the ruleset to use (default: the one for the department's year)",
    )
    add_rulesets_option(parser)


def run(args: argparse.Namespace) -> int:
    return runner.run(args)
