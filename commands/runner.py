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
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from jixiao.commands.options import show_traces
from jixiao.commands.output import open_output, refuse_overwriting, refuse_unwritable
from jixiao.commands.parser import say_in
from jixiao.engine import api
from jixiao.engine.errors import InputError, Problem, say
from jixiao.engine.files import is_folder
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text
from jixiao.report.words import escaped

if TYPE_CHECKING:  # the batch machinery is imported only when a batch runs
    from jixiao.commands.batch import FileOutcome, Render
    from jixiao.engine.batch.summary import Summary
    from jixiao.engine.ruleset.model import Ruleset
    from jixiao.engine.scoring.results import Scorecard

FORMATS = ("table", "json", "csv", "markdown", "xlsx")


NOT_A_SCORE = Template(
    "cli.not_a_score",
    "应为0至100的分数，如 85 或 84.5，填写的是 {text}",
    "expected a score from 0 to 100 such as 85 or 84.5, not {text}",
)
NOT_A_JOB_COUNT = Template(
    "cli.not_a_job_count",
    "应为不小于1的整数（进程数），填写的是 {text}",
    "expected a whole number of processes ≥ 1, not {text}",
)


def score_value(lang: str) -> Callable[[str], Decimal]:
    """The type of --fail-under: a score from 0 to 100, refused in `lang`."""

    def score(text: str) -> Decimal:
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite() or not 0 <= value <= 100:
            raise argparse.ArgumentTypeError(NOT_A_SCORE(text=text).get(lang))
        return value

    return score


def job_count(lang: str) -> Callable[[str], int]:
    """The type of --jobs: a whole number ≥ 1, refused in `lang`."""

    def count(text: str) -> int:
        if not text.isdigit() or int(text) < 1:
            raise argparse.ArgumentTypeError(NOT_A_JOB_COUNT(text=text).get(lang))
        return int(text)

    return count


def add_output_options(parser: argparse.ArgumentParser, lang: str) -> None:
    say = say_in(lang)
    add_output_file_options(parser, lang)
    parser.add_argument(
        "--jobs",
        "-j",
        type=job_count(lang),
        default=1,
        metavar="N",
        help=say(
            "批量评分时用 N 个进程（默认1；结果相同）",
            "score a batch on N processes (default 1; the output is the same)",
        ),
    )


def add_output_file_options(parser: argparse.ArgumentParser, lang: str) -> None:
    """--output and --force, with the guarantees every output keeps."""
    say = say_in(lang)
    parser.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help=say(
            "写入文件而不是屏幕（整体写入：要么完整，要么不写）",
            "write to FILE (atomically: complete or not at all) instead of stdout",
        ),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=say("允许 --output 覆盖已有文件", "let --output overwrite an existing file"),
    )


def add_batch_options(parser: argparse.ArgumentParser, lang: str) -> None:
    say = say_in(lang)
    add_output_options(parser, lang)
    parser.add_argument(
        "--fail-under",
        type=score_value(lang),
        metavar="SCORE",
        help=say(
            "有部门总分低于该分数时退出码为1",
            "exit 1 if any department's total is below SCORE",
        ),
    )
    parser.add_argument(
        "--fail-under-grade",
        metavar="GRADE",
        help=say(
            "有部门评价等级低于该等级时退出码为1（如 良好 或 Good）",
            "exit 1 if any department's grade is below GRADE (e.g. 良好 or Good)",
        ),
    )


def is_batch(arguments: Sequence[str]) -> bool:
    return len(arguments) != 1 or is_folder(arguments[0])  # "" is .


TOTAL_BELOW = Template(
    "cli.total_below",
    "总分{total:pts}分，低于 --fail-under {limit:num}分",
    "total {total:pts} is below --fail-under {limit:num}",
)
GRADE_BELOW = Template(
    "cli.grade_below",
    "评价等级{grade}，低于 --fail-under-grade {limit}",
    "grade {grade} is below --fail-under-grade {limit}",
)
BELOW = Template(
    "cli.below",
    "未达标：{source}：{name}（{code}）：{reasons}",
    "below: {source}: {name} ({code}): {reasons}",
)
UNKNOWN_GRADE = Template(
    "cli.unknown_grade",
    "“{grade}”不是评价规则中的等级；可以写：{known}",
    "'{grade}' is not a grade of the ruleset; expected one of {known}",
)
REASONS_JOINER = {"zh": "；", "en": "; "}
SCORED = Template(
    "cli.scored",
    "共{files}个文件，已评分{scored}个，{failed}个未能评分",
    "scored {scored} of {files} file(s); {failed} failed",
)
ERROR = Text("错误：", "error: ")
WARNING = Text("警告：", "warning: ")
SAME_DEPARTMENT = Template(
    "cli.same_department",
    "部门编码 {code}（{year}年度）出现在{count}个文件中：{files:list}；排名中每个文件各算一次，"
    "请确认是否重复提交，或编码是否填错",
    "the department code {code} ({year}) is in {count} files: {files:list}; each is ranked on "
    "its own: check whether one was handed in twice, or a code is wrong",
)


def _unknown_grade(grade: str, known: list[tuple[str, str]]) -> InputError:
    listed = Text(
        "、".join(f"{zh}（{en}）" for zh, en in known),
        ", ".join(f"{en} ({zh})" for zh, en in known),
    )
    return InputError([Problem("--fail-under-grade", "", UNKNOWN_GRADE(grade=grade, known=listed))])


def below(summary: Summary, args: argparse.Namespace) -> Words | None:
    """Why this department fails --fail-under / --fail-under-grade, or None."""
    reasons: list[Words] = []
    if args.fail_under is not None and summary.total < args.fail_under:
        reasons.append(TOTAL_BELOW(total=summary.total, limit=args.fail_under))
    if args.fail_under_grade is not None:
        wanted = summary.grade_index(args.fail_under_grade)
        if wanted is None:
            known = [(g.zh, g.en) for g in summary.grades]
            raise _unknown_grade(args.fail_under_grade, known)
        if summary.grade_rank > wanted:
            reasons.append(GRADE_BELOW(grade=summary.grade, limit=args.fail_under_grade))
    if not reasons:
        return None
    return BELOW(
        source=summary.source, name=summary.name, code=summary.code, reasons=_Joined(reasons)
    )


class _Joined:
    """Reasons shown one after the other, joined as the language joins clauses."""

    def __init__(self, parts: Sequence[Words]) -> None:
        self.parts = parts

    def get(self, lang: str = "zh") -> str:
        return REASONS_JOINER.get(lang, "; ").join(part.get(lang) for part in self.parts)


def report_below(rows: Sequence[Words], lang: str) -> int:
    for row in rows:  # a department's name may hold a line break: `error: …` on a line
        print(escaped(row.get(lang)), file=sys.stderr)
    return 1 if rows else 0


def report_failures(failures: Sequence[FileOutcome], lang: str) -> None:
    """Every file that could not be scored, on stderr: where a user looks for problems, even
    when stdout is redirected. Each reason is one line: FileOutcome.reasons escapes them."""
    for failure in failures:
        for reason in failure.reasons(lang):
            print(f"{say(ERROR, lang)}{reason}", file=sys.stderr)


def report_same_department(summaries: Sequence[Summary], lang: str) -> None:
    """A department scored from several files, on stderr: it is ranked once per file."""
    from jixiao.engine.batch.summary import same_department

    for group in same_department(summaries):
        files = [summary.source for summary in group]
        said = SAME_DEPARTMENT(
            code=group[0].code, year=group[0].year, count=len(group), files=files
        )
        print(f"{say(WARNING, lang)}{escaped(said.get(lang))}", file=sys.stderr)


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
        raise _unknown_grade(args.fail_under_grade, list(grades))


def rulesets_read(args: argparse.Namespace) -> list[Path]:
    """The ruleset files a run may read: the one named and those beside it (its parents), and
    every one on the search path; an --output may be none of them, as it may be no facts file."""
    from jixiao.engine.ruleset.library import folders, toml_files

    found = [file for folder in folders(args.rulesets) for file in toml_files(folder.path)]
    if args.ruleset is not None and Path(args.ruleset).suffix == ".toml":
        named = Path(args.ruleset)
        found += [named, *toml_files(named.parent)]
    return found


XLSX_NEEDS_OUTPUT = Template(
    "cli.xlsx_needs_output",
    "--format xlsx 写的是 Excel 工作簿（二进制文件），不能显示在屏幕上：请用 -o 指定文件名，"
    "如 -o 2025.xlsx",
    "--format xlsx writes an Excel workbook (a binary file), which cannot be shown on a "
    "terminal: name the file with -o, e.g. -o 2025.xlsx",
)


def refuse_binary_to_terminal(args: argparse.Namespace) -> None:
    """A workbook goes to a file: refused (exit 2, before any work) without -o, or to a
    terminal (`-o /dev/stdout` on a screen)."""
    if args.format != "xlsx":
        return
    if args.output is None or _is_terminal(args.output):
        where = "--format" if args.output is None else args.output
        field = "" if args.output is None else "--output"
        raise InputError([Problem(where, field, XLSX_NEEDS_OUTPUT())])
    from jixiao.report.xlsx_cells import require_openpyxl

    require_openpyxl(args.output)


def _is_terminal(path: str) -> bool:
    import os

    try:
        handle = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError:
        return False  # a file to create, or one refused later with its reason
    try:
        return os.isatty(handle)
    finally:
        os.close(handle)


def run(args: argparse.Namespace) -> int:
    refuse_binary_to_terminal(args)
    if args.output is not None:
        refuse_unwritable(args.output, args.force)  # refuse before any work is done
        refuse_overwriting(args.output, rulesets_read(args))
    refuse_unknown_grade(args)
    if is_batch(args.facts):
        return run_batch(args)
    return run_one(args)


def run_one(args: argparse.Namespace) -> int:
    """One file, exactly as `score run FILE` always was (plus the new formats and checks)."""
    refuse_overwriting(args.output, args.facts)
    registry = api.load_registry()
    facts, found = api.load_department(args.facts[0], registry, args.ruleset, search=args.rulesets)
    assert found is not None  # a file that gives no year is refused
    rules = found
    card = api.score(facts, rules, registry, strict=not args.lenient_plugins)
    show_traces(card.plugin_failures)
    if args.format == "xlsx":  # the department's 自评表
        from jixiao.report.xlsx_report import build_self_evaluation

        save_workbook(build_self_evaluation(card, args.lang, rules.grades), args)
        return _one_exit(card, rules, args)
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
    return _one_exit(card, rules, args)


def save_workbook(book: Any, args: argparse.Namespace) -> None:
    """A workbook built in full, then written as every output is (atomically, never over a
    file without --force; Ctrl-C or a full disk leaves nothing)."""
    from jixiao.commands.output import open_binary_output

    with open_binary_output(args.output, args.force) as stream:
        book.save(stream)


def _one_exit(card: Scorecard, rules: Ruleset, args: argparse.Namespace) -> int:
    if not card.complete:
        return 3
    if args.fail_under is None and args.fail_under_grade is None:
        return 0
    from jixiao.engine.batch.summary import summarize

    reason = below(summarize(card, rules.grades), args)
    return report_below([reason] if reason else [], args.lang)


def _render_kind(fmt: str) -> Render:
    if fmt in ("json", "xlsx"):  # a workbook's 明细 is read from each department's JSON
        return "json"
    return "markdown" if fmt == "markdown" else "none"


def run_batch(args: argparse.Namespace) -> int:
    from jixiao.commands.batch import Job, discover, score_files

    paths = discover(args.facts)
    refuse_overwriting(args.output, paths)
    if args.ruleset is not None:  # one clear error before any work, not one per worker
        api.load_ruleset(args.ruleset, search=args.rulesets)
    job = Job(
        args.ruleset,
        tuple(args.rulesets),
        _render_kind(args.format),
        args.lang,
        strict=not args.lenient_plugins,
    )
    summaries: list[Summary] = []
    failures: list[FileOutcome] = []
    details: list[str] = []  # --format xlsx: each scored department's JSON object
    workbook = args.format == "xlsx"
    worst = 0
    from jixiao.report.progress import progress

    # output streamed onto the same terminal would tear the bar: it shows the progress itself
    streaming = args.output is None and args.format in ("json", "markdown") and sys.stdout.isatty()
    with (
        open_output(None if workbook else args.output, args.force) as out,
        progress(
            len(paths), "评分" if args.lang != "en" else "scoring", enabled=not streaming
        ) as advance,
    ):
        first = True
        for result in score_files(paths, job, args.jobs):
            advance()
            worst = max(worst, result.exit_code)
            if result.summary is not None:
                summaries.append(result.summary)
            if result.status != "scored":
                failures.append(result)
            if workbook:
                if result.summary is not None:
                    details.append(result.rendered)
            elif result.rendered:
                if args.format == "markdown" and not first:
                    out.write("\n---\n\n")
                out.write(result.rendered + ("\n" if args.format == "json" else ""))
                first = False
            out.flush()
        _finish(args, out, summaries, failures)
    if workbook:
        from jixiao.report.xlsx_report import build_batch_workbook

        not_scored = [f for f in failures if f.summary is None]
        save_workbook(build_batch_workbook(summaries, details, not_scored, args.lang), args)
    report_failures(failures, args.lang)
    report_same_department(summaries, args.lang)
    if args.format != "table" or args.output is not None:
        unscored = sum(1 for f in failures if f.summary is None)  # incomplete ones are scored
        tally = SCORED(files=len(paths), scored=len(summaries), failed=unscored)
        print(tally.get(args.lang), file=sys.stderr)
    failing = [why for s in summaries if (why := below(s, args))]
    return max(worst, report_below(failing, args.lang))


def _finish(
    args: argparse.Namespace, out: IO[str], summaries: list[Summary], failures: list[FileOutcome]
) -> None:
    """What follows the streamed per-file output: the ranking (table) or the CSV rows."""
    if args.format == "csv":
        from jixiao.report.csv_report import write_csv

        write_csv(summaries, out, args.lang)
    elif args.format == "table":
        from jixiao.report.ranking import render_summary

        listed: list[tuple[str, Any]] = [(f.source, f.reasons(args.lang)) for f in failures]
        render_summary(summaries, listed, args.lang, file=None if args.output is None else out)
