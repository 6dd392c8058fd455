"""`score run` over one file or many: formats, `--output`, `--jobs`, `--fail-under`.

One FILE (not a folder) is scored as always: the breakdown table or one JSON object, and an
unusable file is exit 2 with its problems. Several files or a folder make a batch: every file is
scored (one bad file never stops the run), results stream out in path order, and a ranking and
summary follow. Exit code of a batch: 4 internal error > 3 plugin failure > 2 unusable input >
1 a department below --fail-under / --fail-under-grade > 0.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jixiao.commands.output import open_output, refuse_unwritable
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem

if TYPE_CHECKING:  # the batch machinery is imported only when a batch runs
    from jixiao.commands.batch import FileOutcome, Render
    from jixiao.engine.batch.summary import Summary

FORMATS = ("table", "json", "csv", "markdown")


def score_value(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(
            f"expected a score such as 85 or 84.5, not {text!r}"
        ) from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a score from 0 to 100, not {text}")
    return value


def job_count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes ≥ 1, not {text!r}")
    return int(text)


def add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="write to FILE (atomically: complete or not at all) instead of stdout",
    )
    parser.add_argument(
        "--force", action="store_true", help="let --output overwrite an existing file"
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=job_count,
        default=1,
        metavar="N",
        help="score a batch on N processes (default 1; the output is the same)",
    )


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    add_output_options(parser)
    parser.add_argument(
        "--fail-under",
        type=score_value,
        metavar="SCORE",
        help="exit 1 if any department's total is below SCORE",
    )
    parser.add_argument(
        "--fail-under-grade",
        metavar="GRADE",
        help="exit 1 if any department's grade is below GRADE (e.g. 良好 or Good)",
    )


def is_batch(arguments: Sequence[str]) -> bool:
    return len(arguments) != 1 or Path(arguments[0]).is_dir()  # "" is .


def below(summary: Summary, args: argparse.Namespace) -> str | None:
    """Why this department fails --fail-under / --fail-under-grade, or None."""
    reasons = []
    if args.fail_under is not None and summary.total < args.fail_under:
        reasons.append(f"total {summary.total} < {args.fail_under}")
    if args.fail_under_grade is not None:
        wanted = summary.grade_index(args.fail_under_grade)
        if wanted is None:
            bands = ", ".join(f"{g.zh} ({g.en})" for g in summary.grades)
            raise InputError(
                [
                    Problem(
                        "--fail-under-grade",
                        "",
                        f"{args.fail_under_grade!r} is not a grade of the ruleset; "
                        f"expected one of {bands}",
                    )
                ]
            )
        if summary.grade_rank > wanted:
            reasons.append(f"grade {summary.grade.zh} below {args.fail_under_grade}")
    if not reasons:
        return None
    return f"{summary.source}: {summary.name}（{summary.code}）: " + "; ".join(reasons)


def report_below(rows: Sequence[str]) -> int:
    for row in rows:
        print(f"below: {row}", file=sys.stderr)
    return 1 if rows else 0


def refuse_unknown_grade(args: argparse.Namespace) -> None:
    """Refuse an unknown --fail-under-grade before any work is done (and any output written)."""
    if args.fail_under_grade is None:
        return
    from jixiao.engine.ruleset.library import available

    names = [args.ruleset] if args.ruleset else list(available(args.rulesets))
    grades: dict[tuple[str, str], None] = {}  # in band order, best first
    for name in names:
        try:
            ruleset = api.load_ruleset(name, search=args.rulesets)
        except InputError:
            continue  # an unusable ruleset is reported when a department needs it
        grades.update(((g.label.zh, g.label.en), None) for g in ruleset.grades)
    if grades and not any(args.fail_under_grade in pair for pair in grades):
        known = ", ".join(f"{zh} ({en})" for zh, en in grades)
        raise InputError(
            [
                Problem(
                    "--fail-under-grade",
                    "",
                    f"{args.fail_under_grade!r} is not a grade of the ruleset; "
                    f"expected one of {known}",
                )
            ]
        )


def run(args: argparse.Namespace) -> int:
    if args.output is not None:
        refuse_unwritable(args.output, args.force)  # refuse before any work is done
    refuse_unknown_grade(args)
    if is_batch(args.facts):
        return run_batch(args)
    return run_one(args)


def run_one(args: argparse.Namespace) -> int:
    """One file, exactly as `score run FILE` always was (plus the new formats and checks)."""
    registry = api.load_registry()
    facts = api.load_facts(args.facts[0], registry)
    rules = api.ruleset_for(facts, args.ruleset, registry=registry, search=args.rulesets)
    card = api.score(facts, rules, registry, strict=not args.lenient_plugins)
    with open_output(args.output, args.force) as out:
        if args.format == "json":
            from jixiao.report.json_report import render_json

            out.write(render_json(card, args.lang) + "\n")
        elif args.format == "csv":
            from jixiao.engine.batch.summary import summarize
            from jixiao.report.csv_report import write_csv

            write_csv([summarize(card, rules.grades)], out, args.lang)
        elif args.format == "markdown":
            from jixiao.engine.batch.review import project_claims
            from jixiao.report.markdown import render_markdown

            out.write(render_markdown(card, args.lang, project_claims(facts)))
        else:
            from jixiao.report.table import render_table

            render_table(
                card,
                args.lang,
                show_rules=args.show_rules,
                file=None if args.output is None else out,
            )
    if not card.complete:
        return 3
    if args.fail_under is None and args.fail_under_grade is None:
        return 0
    from jixiao.engine.batch.summary import summarize

    reason = below(summarize(card, rules.grades), args)
    return report_below([reason] if reason else [])


def _render_kind(fmt: str) -> Render:
    return "json" if fmt == "json" else "markdown" if fmt == "markdown" else "none"


def run_batch(args: argparse.Namespace) -> int:
    from jixiao.commands.batch import Job, discover, score_files

    paths = discover(args.facts)
    job = Job(
        args.ruleset,
        tuple(args.rulesets),
        _render_kind(args.format),
        args.lang,
        strict=not args.lenient_plugins,
    )
    summaries: list[Summary] = []
    failures: list[FileOutcome] = []
    worst = 0
    from jixiao.report.progress import progress

    # output streamed onto the same terminal would tear the bar: it shows the progress itself
    streaming = args.output is None and args.format in ("json", "markdown") and sys.stdout.isatty()
    with (
        open_output(args.output, args.force) as out,
        progress(len(paths), "score", enabled=not streaming) as advance,
    ):
        first = True
        for result in score_files(paths, job, args.jobs):
            advance()
            worst = max(worst, result.exit_code)
            if result.summary is not None:
                summaries.append(result.summary)
            if result.status != "scored":
                failures.append(result)
            if result.rendered:
                if args.format == "markdown" and not first:
                    out.write("\n---\n\n")
                out.write(result.rendered + ("\n" if args.format == "json" else ""))
                first = False
            out.flush()
        _finish(args, out, summaries, failures)
    if args.format != "table" or args.output is not None:  # else the summary lists them
        for failure in failures:
            for reason in failure.reasons():
                print(f"error: {reason}", file=sys.stderr)
    if args.format != "table":
        print(
            f"scored {len(summaries)} of {len(paths)} file(s); {len(failures)} failed",
            file=sys.stderr,
        )
    failing = [why for s in summaries if (why := below(s, args))]
    return max(worst, report_below(failing))


def _finish(
    args: argparse.Namespace, out: IO[str], summaries: list[Summary], failures: list[FileOutcome]
) -> None:
    """What follows the streamed per-file output: the ranking (table) or the CSV rows."""
    if args.format == "csv":
        from jixiao.report.csv_report import write_csv

        write_csv(summaries, out, args.lang)
    elif args.format == "table":
        from jixiao.report.ranking import render_summary

        listed: list[tuple[str, Any]] = [(f.source, f.reasons()) for f in failures]
        render_summary(summaries, listed, args.lang, file=None if args.output is None else out)
