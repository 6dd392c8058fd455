"""`score review FILE…`: compare departments' self-evaluations (复核) with the computed result.

Every file is scored as `score run` would; the claims in `[self_evaluation]` and the projects'
`self_score` / `self_grade` are compared with the result, and a department is flagged when a
gap reaches the thresholds of the ruleset's `[review]` table. The table lists the largest gaps
first. Exit code: the batch's (4 > 3 > 2, see commands/runner.py), else 1 when any department
is flagged, else 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from jixiao.commands.options import add_lang_option
from jixiao.commands.output import open_output, refuse_overwriting, refuse_unwritable
from jixiao.commands.parser import say_in
from jixiao.commands.run import add_ruleset_options
from jixiao.commands.runner import add_output_options, is_batch, report_failures, rulesets_read
from jixiao.engine import api
from jixiao.report.words import json_text

if TYPE_CHECKING:  # the batch machinery is imported only when a review runs
    from jixiao.commands.batch import FileOutcome, Render
    from jixiao.engine.batch.review import Review


def add_parser(verbs: Any, lang: str) -> None:
    say = say_in(lang)
    parser = verbs.add_parser(
        "review",
        help=say(
            "复核自评结果：自评与计算结果比较",
            "compare self-evaluations with the computed scores (复核)",
        ),
        description=say(
            "为每个部门评分，将其自评总分、自评等级和项目自评得分与计算结果比较；"
            "按评价规则 [review] 的阈值标出需复核的部门，并列出主要失分的指标。",
            "Score each department and compare its claimed total and grade, and its projects' "
            "self-scores, with the computed result; flag the gaps the ruleset's [review] "
            "thresholds call for, with the sub-indicators that explain them.",
        ),
    )
    parser.add_argument(
        "facts",
        metavar="FACTS",
        nargs="+",
        help=say(
            "填报数据文件（.toml 或 .xlsx）和文件夹（含其中所有 .toml 和 .xlsx）",
            "facts files (.toml or .xlsx) and folders (every .toml and .xlsx inside)",
        ),
    )
    add_ruleset_options(parser, lang)
    parser.add_argument(
        "--format",
        choices=("table", "json", "xlsx"),
        default="table",
        help=say(
            "table 表格（默认）、json（一个对象；批量时每行一个）或 xlsx（Excel 工作簿，需 -o）",
            "table (default), json (one object; JSON Lines for a batch) or xlsx (an Excel "
            "workbook, with -o)",
        ),
    )
    add_lang_option(parser, lang)
    add_output_options(parser, lang)
    parser.set_defaults(handler=run_review)


def run_review(args: argparse.Namespace) -> int:
    from jixiao.commands.runner import refuse_binary_to_terminal

    refuse_binary_to_terminal(args)
    if args.output is not None:
        refuse_unwritable(args.output, args.force)
        refuse_overwriting(args.output, rulesets_read(args))
    batch = is_batch(args.facts)
    from jixiao.commands.batch import Job, discover, score_files

    paths = discover(args.facts)
    refuse_overwriting(args.output, paths)
    if args.ruleset is not None:  # one clear error before any work, not one per worker
        api.load_ruleset(args.ruleset, search=args.rulesets)
    render: Render = "review_json" if args.format == "json" else "none"
    job = Job(args.ruleset, tuple(args.rulesets), render, args.lang, review=True)
    reviews: list[Review] = []
    failures: list[FileOutcome] = []
    worst = 0
    from jixiao.report.progress import progress

    streaming = args.output is None and args.format == "json" and sys.stdout.isatty()
    workbook = args.format == "xlsx"
    with (
        open_output(None if workbook else args.output, args.force) as out,
        progress(
            len(paths), "复核" if args.lang != "en" else "review", enabled=not streaming
        ) as advance,
    ):
        for result in score_files(paths, job, args.jobs):
            advance()
            if not batch and result.status == "unusable":
                from jixiao.engine.errors import InputError

                raise InputError(result.problems)  # one file: exactly as `score run`
            worst = max(worst, result.exit_code)
            if result.review is not None:
                reviews.append(result.review)
            if result.status != "scored":
                failures.append(result)
            if args.format == "json" and result.rendered:
                if batch:
                    out.write(result.rendered + "\n")
                else:
                    document = json.loads(result.rendered)
                    out.write(json_text(document, indent=2) + "\n")
        if args.format == "table":
            from jixiao.report.review_table import render_review

            listed = [(f.source, f.reasons(args.lang)) for f in failures]
            render_review(reviews, listed, args.lang, file=None if args.output is None else out)
    if workbook:
        from jixiao.commands.runner import save_workbook
        from jixiao.report.xlsx_report import build_review_workbook

        unscored = [f for f in failures if f.review is None]
        save_workbook(build_review_workbook(reviews, unscored, args.lang), args)
    report_failures(failures, args.lang)
    flagged = any(item.flagged for item in reviews)
    return max(worst, 1 if flagged else 0)
