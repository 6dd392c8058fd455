"""The console script `score`: the start of the command line, kept free of imports so that a
Ctrl-C while score is still loading ends as an interrupt does later (exit 130, no traceback)."""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 130


def entry() -> None:
    try:
        from jixiao.cli import main

        code = main()
    except KeyboardInterrupt:  # before main() could catch it: while the modules were loading
        from jixiao.cli import INTERRUPTED
        from jixiao.commands.options import lang_of

        print(INTERRUPTED.get(lang_of(sys.argv[1:])), file=sys.stderr)
        code = EXIT_INTERRUPTED
    sys.exit(code)
