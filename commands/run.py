"""`score run FILE`: score a department's facts file and show the breakdown."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from score.engine import api


def add_parser(verbs: Any) -> None:
    parser = verbs.add_parser(
        "run",
        help="score a department's facts file",
        description="Score a department's facts file and show every "
        "point: the table, or JSON with --format json.",
    )
    parser.add_argument("facts", metavar="FACTS.toml", help="the department's facts file")
    add_ruleset_options(parser)
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="table (default) or json"
    )
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of labels and reasons (default zh)",
    )
    parser.add_argument(
        "--show-rules", action="store_true", help="show the rule applied under each sub-indicator"
    )
    parser.set_defaults(handler=run)


def add_ruleset_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ruleset",
        metavar="NAME|PATH",
        help="the ruleset to use (default: the one for the department's year)",
    )
    parser.add_argument(
        "--rulesets",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of rulesets searched before the bundled ones "
        "(repeatable; also $SCORE_RULESETS)",
    )


def run(args: argparse.Namespace) -> int:
    card = api.score_file(args.facts, args.ruleset, search=args.rulesets)
    if args.format == "json":
        from score.report.json_report import render_json

        sys.stdout.write(render_json(card, args.lang) + "\n")
    else:
        from score.report.table import render_table

        render_table(card, args.lang, show_rules=args.show_rules)
    return 0 if card.complete else 3
