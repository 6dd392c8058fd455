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
from jixiao.commands import init, plugins, report, review, rules, run, test
from jixiao.commands.options import DEBUG_VAR, lang_of, show_traces
from jixiao.commands.parser import parser_class, say_in
from jixiao.commands.start import EXIT_INTERRUPTED, INTERRUPTED, entry
from jixiao.engine.errors import MAY_BE_THE_PLUGINS, InputError, PluginError
from jixiao.engine.scoring.invariants import InconsistentResult
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text
from jixiao.report.words import escaped

EXIT_OK, EXIT_CHECK_FAILED, EXIT_INPUT, EXIT_PLUGIN, EXIT_INTERNAL = 0, 1, 2, 3, 4

Handler = Callable[[argparse.Namespace], int]
# One module per verb; each adds its own sub-parser and imports what its work needs when it runs.
VERBS = (run, report, review, rules, test, init, plugins)


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The whole command line, its help and its usage errors in `lang`."""
    say = say_in(lang)
    parser = parser_class(lang)(
        prog="score",
        description=say(
            "部门整体支出绩效评价：按财政部门的评价规则为部门的填报数据评分，并说明每一分的来由。",
            "Score a department's overall expenditure performance (部门整体支出绩效评价) "
            "against the finance bureau's ruleset, and explain every point.",
        ),
        epilog=say(
            "各命令的用法：score 命令 -h。语言：--lang en 或环境变量 SCORE_LANG=en 显示英文。",
            "Each command's help: score COMMAND -h. Language: --lang zh, or SCORE_LANG=zh.",
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"score {__version__}",
        help=say("显示版本号并退出", "show the version and exit"),
    )
    verbs = parser.add_subparsers(
        dest="command", metavar=say("命令", "COMMAND"), title=say("命令", "commands")
    )
    verbs.required = True
    for verb in VERBS:
        verb.add_parser(verbs, lang)
    return parser


ERROR = Text("错误：", "error: ")
INTERNAL = Template(
    "cli.internal",
    "内部错误：{error}\n"
    "这是 score 的缺陷；请加上 SCORE_DEBUG=1 重新运行以查看详细信息，并报告此问题。",
    "internal error: {error}\n"
    "This is a bug in score; rerun with SCORE_DEBUG=1 for the traceback and report it.",
)


def report_problems(error: InputError, lang: str = "zh") -> int:
    """Every problem on stderr; the exit code: 2, or 3 when a plugin that failed to load may be
    the cause (named after the problems)."""
    for problem in error.problems:
        print(f"{ERROR.get(lang)}{problem.render(lang)}", file=sys.stderr)
    for failure in error.plugin_failures:
        said = MAY_BE_THE_PLUGINS(who=failure.who(), message=failure.message)
        print(f"{ERROR.get(lang)}{escaped(said.get(lang))}", file=sys.stderr)
    show_traces(error.plugin_failures)
    return EXIT_PLUGIN if error.plugin_failures else EXIT_INPUT


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code."""
    if argv is None:
        argv = sys.argv[1:]
    lang = lang_of(argv)
    args = build_parser(lang).parse_args(argv)
    lang = getattr(args, "lang", None) or lang
    handler: Handler = args.handler
    try:
        return handler(args)
    except InputError as error:
        return report_problems(error, lang)
    except PluginError as error:
        print(f"{ERROR.get(lang)}{escaped(error.render(lang))}", file=sys.stderr)
        show_traces([error.failure])
        return EXIT_PLUGIN
    except InconsistentResult as error:
        print(f"{ERROR.get(lang)}{escaped(error.render(lang))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(INTERRUPTED[lang], file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (e.g. `score run … | head`); nothing left to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a bug: say so briefly, never a bare traceback
        if os.environ.get(DEBUG_VAR):
            raise
        said = INTERNAL(error=escaped(f"{type(error).__name__}: {error}"))  # two lines
        print(said.get(lang), file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    entry()
