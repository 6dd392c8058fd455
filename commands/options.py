"""Options several commands share, defined once so that they read and behave the same."""

from __future__ import annotations

import argparse


def add_rulesets_option(parser: argparse.ArgumentParser) -> None:
    """--rulesets DIR: where a bureau's own rulesets are found, before the bundled ones."""
    parser.add_argument(
        "--rulesets",
        metavar="DIR",
        action="append",
        default=[],
        help="a folder of rulesets searched before the bundled ones "
        "(repeatable; also $SCORE_RULESETS)",
    )


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """--lang zh|en: the language of labels, reasons and messages in the output."""
    parser.add_argument(
        "--lang",
        choices=("zh", "en"),
        default="zh",
        help="language of labels and reasons (default zh)",
    )
