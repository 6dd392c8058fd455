"""`score rules impact OLD NEW DEPARTMENTS…`: what a new indicator system would change.

Each department (facts files, and the *.toml files of folders, as `score run` finds them) is
scored under the old and the new ruleset, through the engine's one door (api.score_file); the
report (report/impact_report.py) shows both totals and grades, the change in the total, the grade
distribution under each and how the departments moved. A file that cannot be scored under one
of them is listed with its problems on stderr and never stops the others.

Exit code: the most serious outcome of any file under either ruleset, 4 internal error > 3 plugin
failure > 2 unusable input > 0; a ruleset that cannot be used, or an --output refused, is 2
before anything is scored.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.commands.batch import INCOMPLETE, INTERNAL, PLUGIN, _folder_problem, discover
from jixiao.commands.options import DEBUG_VAR
from jixiao.commands.output import open_output, refuse_overwriting, refuse_unwritable
from jixiao.engine import api
from jixiao.engine.batch.summary import summarize
from jixiao.engine.errors import (
    MAY_BE_THE_PLUGINS,
    InputError,
    PluginError,
    Problem,
    ScoreError,
    say,
)
from jixiao.engine.files import is_folder
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.invariants import InconsistentResult
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

if TYPE_CHECKING:
    from jixiao.report.impact_report import Compared, Impact, Side

FORMATS = ("table", "json", "csv")
EXIT_BY_STATUS = {"scored": 0, "unusable": 2, "incomplete": 3, "internal": 4}

ERROR = Text("错误：", "error: ")
TALLY = Template(
    "impact.tally",
    "共{files}个文件，{compared}个已按两个评价规则评分并比较，{failed}个未能比较",
    "{compared} of {files} file(s) scored under both rulesets and compared; {failed} not",
)


def scored_under(path: str, ruleset: Ruleset, registry: Registry) -> Side:
    """One file under one ruleset: its summary row, or why it could not be scored. Whatever
    goes wrong concerns this file and this ruleset only."""
    from jixiao.report.impact_report import Side

    if is_folder(Path(path)):  # discover keeps an empty or unreadable folder, to name it
        return Side("unusable", problems=(Problem(path, "", _folder_problem(path)),))
    try:
        card = api.score_file(path, ruleset, registry=registry)
    except InputError as error:
        if error.plugin_failures:  # the problems may be those of a plugin that failed
            failed = tuple(
                MAY_BE_THE_PLUGINS(who=f.who(), message=f.message) for f in error.plugin_failures
            )
            return Side("incomplete", problems=error.problems, messages=failed)
        return Side("unusable", problems=error.problems)
    except PluginError as error:
        failure = error.failure
        return Side("incomplete", messages=(PLUGIN(who=failure.who(), message=failure.message),))
    except InconsistentResult as error:
        return Side("incomplete" if error.suspects else "internal", messages=(error.message(),))
    except ScoreError as error:
        return Side("internal", messages=(INTERNAL(error=f"{type(error).__name__}: {error}"),))
    except Exception as error:  # a bug on one file is reported for that file, not the run
        if os.environ.get(DEBUG_VAR):
            raise
        return Side("internal", messages=(INTERNAL(error=f"{type(error).__name__}: {error}"),))
    failures = tuple(INCOMPLETE(who=f.who(), message=f.message) for f in card.plugin_failures)
    summary = summarize(card, ruleset.grades)
    if not card.complete:
        return Side("incomplete", summary, messages=failures)
    return Side("scored", summary)


def compare(path: str, old: Ruleset, new: Ruleset, registry: Registry) -> Compared:
    from jixiao.report.impact_report import Compared

    return Compared(path, scored_under(path, old, registry), scored_under(path, new, registry))


def load_both(args: argparse.Namespace, registry: Registry) -> tuple[Ruleset, Ruleset]:
    """OLD and NEW as `score rules diff` loads them; the problems of both reported at once."""
    problems: list[Problem] = []
    loaded: list[Ruleset] = []
    for name in (args.old, args.new):
        try:
            loaded.append(api.load_ruleset(name, registry=registry, search=args.rulesets))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    return loaded[0], loaded[1]


def rulesets_read(args: argparse.Namespace, rulesets: Sequence[Ruleset]) -> list[Path]:
    """The ruleset files the run reads or may read (the two named, their parents beside them,
    every one on the search path): an --output may be none of them."""
    from jixiao.engine.ruleset.library import folders, toml_files

    found = [file for folder in folders(args.rulesets) for file in toml_files(folder.path)]
    for ruleset in rulesets:
        named = Path(ruleset.source)
        found += [named, *toml_files(named.parent)]
    return found


def report_failures(impact: Impact, lang: str) -> None:
    """Every file not cleanly scored, on stderr, one line per reason: where a user looks for
    problems even when stdout is redirected."""
    from jixiao.report.impact_report import failures

    for row in impact.rows:
        for heading, reasons in failures(row, impact, lang):
            for line in [heading, *reasons] if heading else reasons:
                print(f"{say(ERROR, lang)}{line}", file=sys.stderr)


def exit_code(rows: Sequence[Compared]) -> int:
    sides = [side for row in rows for side in (row.old, row.new)]
    return max((EXIT_BY_STATUS[side.status] for side in sides), default=0)


def run(args: argparse.Namespace) -> int:
    from jixiao.report.impact_report import Impact
    from jixiao.report.progress import progress

    if args.output is not None:
        refuse_unwritable(args.output, args.force)  # refused before any work is done
    registry = api.load_registry()
    old, new = load_both(args, registry)
    paths = discover(args.departments)
    if args.output is not None:
        refuse_overwriting(args.output, [*rulesets_read(args, (old, new)), *paths])
    rows: list[Compared] = []
    label = "评分" if args.lang != "en" else "scoring"
    with progress(len(paths), label) as advance:
        for path in paths:
            rows.append(compare(path, old, new, registry))
            advance()
    impact = Impact.of(old, new, rows)
    with open_output(args.output, args.force) as out:
        if args.format == "json":
            from jixiao.report.impact_report import impact_json

            out.write(impact_json(impact, args.lang) + "\n")
        elif args.format == "csv":
            from jixiao.report.impact_report import write_impact_csv

            write_impact_csv(impact, out, args.lang)
        else:
            from jixiao.report.impact_report import render_impact

            render_impact(impact, args.lang, file=None if args.output is None else out)
    report_failures(impact, args.lang)
    if args.format != "table" or args.output is not None:
        compared = len(impact.compared())
        tally = TALLY(files=len(paths), compared=compared, failed=len(paths) - compared)
        print(tally.get(args.lang), file=sys.stderr)
    return exit_code(rows)
