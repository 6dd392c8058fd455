"""The console script `score`: the start of the command line, kept free of imports so that a
Ctrl-C while score is still loading ends as an interrupt does later (exit 130, no traceback)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

EXIT_INTERRUPTED = 130
INTERRUPTED = {"zh": "已中断", "en": "interrupted"}  # the words of the Ctrl-C, importing nothing


LANG_VAR = "SCORE_LANG"
LANGUAGES = ("zh", "en")


def default_lang() -> str:
    """Chinese, unless $SCORE_LANG says en."""
    wanted = os.environ.get(LANG_VAR, "").strip().lower()
    return wanted if wanted in LANGUAGES else "zh"


def lang_of(argv: Sequence[str]) -> str:
    """The language a command line asks for (`--lang en`, `--lang=en`), before it is parsed:
    help and usage errors are shown in it too."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if arg.startswith("--lang=") and arg[len("--lang=") :] in LANGUAGES:
            return arg[len("--lang=") :]
    return default_lang()


def entry() -> None:
    try:
        from jixiao.cli import main

        code = main()
    except KeyboardInterrupt:  # before main() could catch it: while the modules were loading
        print(INTERRUPTED[lang_of(sys.argv[1:])], file=sys.stderr)
        code = EXIT_INTERRUPTED
    sys.exit(code)
