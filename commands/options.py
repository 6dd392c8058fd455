"""Options several commands share, defined once so that they read and behave the same."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable

from jixiao.commands.parser import say_in
from jixiao.commands.start import LANG_VAR, LANGUAGES, default_lang, lang_of

__all__ = ["LANGUAGES", "LANG_VAR", "default_lang", "lang_of"]  # also the languages' home
from jixiao.engine.errors import PluginFailure


def add_rulesets_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """--rulesets DIR: where a bureau's own rulesets are found, before the bundled ones."""
    say = say_in(lang)
    parser.add_argument(
        "--rulesets",
        metavar="DIR",
        action="append",
        default=[],
        help=say(
            "先于内置规则查找的评价规则文件夹（可多次给出；也可用环境变量 SCORE_RULESETS）",
            "a folder of rulesets searched before the bundled ones "
            "(repeatable; also $SCORE_RULESETS)",
        ),
    )


def add_lang_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """--lang zh|en: the language of labels, reasons and messages, the output's and the errors'."""
    say = say_in(lang)
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default_lang(),
        help=say(
            "标签、理由和提示的语言：zh 中文（默认）或 en 英文；也可用环境变量 SCORE_LANG",
            "language of labels, reasons and messages (default zh; also $SCORE_LANG)",
        ),
    )


DEBUG_VAR = "SCORE_DEBUG"


def show_traces(failures: Iterable[PluginFailure]) -> None:
    """Under SCORE_DEBUG=1, each failed plugin's traceback on stderr, for its programmer."""
    if not os.environ.get(DEBUG_VAR):
        return
    for failure in failures:
        if failure.trace:
            print(f"{failure.who()}:\n{failure.trace}", end="", file=sys.stderr)
