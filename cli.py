"""The `score` command: parses arguments, runs a verb, turns every expected error into a message.

Exit codes: 0 done; 1 a check did not pass; 2 unusable input or usage (one line per problem on
stderr: file, field, what was expected); 3 a plugin failed; 4 an internal error (a bug in
score: please report it; SCORE_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from jixiao import __version__
from jixiao.commands import init, plugins, review, rules, run, test
from jixiao.engine.errors import InputError, PluginError

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_PLUGIN, EXIT_INTERNAL = 0, 1, 2, 3, 4

Handler = Callable[[argparse.Namespace], int]
# One module per verb; each adds its own sub-parser and imports what its work needs when it runs.
VERBS = (run, review, rules, test, init, plugins)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="score",
        description="Score a department's overall expenditure performance (部门整体支出绩效评价).",
    )
    parser.add_argument("--version", action="version", version=f"score {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND")
    verbs.required = True
    for verb in VERBS:
        verb.add_parser(verbs)
    return parser


def report_problems(error: InputError) -> None:
    for problem in error.problems:
        print(f"error: {problem}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except InputError as error:
        report_problems(error)
        return EXIT_INPUT
    except PluginError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_PLUGIN
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `score run … | head`); nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so briefly, never a bare traceback
        if os.environ.get("SCORE_DEBUG"):
            raise
        print(
            f"internal error: {type(error).__name__}: {error}\n"
            "This is a bug in score; rerun with SCORE_DEBUG=1 for the traceback and report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
