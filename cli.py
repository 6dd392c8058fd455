"""The `score` command: parses arguments, runs a verb, turns every expected error into a message.

Exit codes: 0 done; 1 a check did not pass; 2 unusable input or usage (one line per problem on
stderr: file, field, what was expected); 3 a plugin failed; 4 an internal error (a bug in
score: please report it; SCORE_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from score import __version__
from score.engine.errors import InputError, PluginError

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_PLUGIN, EXIT_INTERNAL = 0, 1, 2, 3, 4

Handler = Callable[[argparse.Namespace], int]
# Each verb's module adds its own sub-parser. A command line that names its verb builds and
# imports only that one: building every sub-parser and importing every command cost a tenth of
# a `score run`. Help, --version and a mistyped verb build them all.
VERBS = {
    "run": "score.commands.run",
    "review": "score.commands.review",
    "rules": "score.commands.rules",
    "test": "score.commands.test",
    "init": "score.commands.init",
    "plugins": "score.commands.plugins",
}


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size() gives it: $COLUMNS, else the
    terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, sized without importing shutil: argparse makes a formatter
    for every argument it adds, and shutil brings zlib, bz2 and lzma with it, a millisecond of
    every start for a width that only --help uses."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _columns() - 2)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv` (default: all verbs)."""
    wanted = [argv[0]] if argv and argv[0] in VERBS else list(VERBS)
    parser = _Parser(
        prog="score",
        description="Score a department's overall expenditure performance (部门整体支出绩效评价).",
    )
    parser.add_argument("--version", action="version", version=f"score {__version__}")
    verbs = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    verbs.required = True
    for verb in wanted:
        importlib.import_module(VERBS[verb]).add_parser(verbs)
    return parser


def report_problems(error: InputError) -> None:
    for problem in error.problems:
        print(f"error: {problem}", file=sys.stderr)


@contextmanager
def _starting(own_process: bool) -> Iterator[None]:
    """Garbage collection paused while the command starts. Start-up (imports, attrs classes,
    the parser) makes tens of thousands of lasting objects and no garbage, and collecting
    over them again and again cost about 5 ms of a 60 ms `score run`. In its own process the
    command then freezes them: later collections (a long batch's too) never rescan them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if own_process:
            gc.freeze()
        if collecting:
            gc.enable()


def main(argv: Sequence[str] | None = None, *, own_process: bool = False) -> int:
    """Run one command; `own_process`: the process is this command's alone (the console
    script), so its start-up objects may be frozen out of garbage collection."""
    if argv is None:
        argv = sys.argv[1:]
    with _starting(own_process):
        parser = build_parser(argv)  # imports the verb's module, and with it the engine
        args = parser.parse_args(argv)
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
    code = main(own_process=True)
    gc.freeze()  # the interpreter's last collection at exit would scan every object, for nothing
    sys.exit(code)


if __name__ == "__main__":
    entry()
