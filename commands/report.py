"""`score report FILE|FOLDER… -o OUT`: the report to hand in, in the format OUT's suffix names.

- `.docx`: the self-evaluation report of one department as a Word document
  (report/docx_report.py), in the structure and layout departments hand in;
- `.html`: a self-contained page with charts, for one department or a batch
  (report/html_report.py);
- `.pdf`: the same page printed to PDF (report/pdf.py).

The output is written as every output is (commands/output.py): refused before any work when it
cannot be written, exists (without --force) or is one of the files read; written to a temporary
file beside it and moved into place only when complete. Exit codes as `score run`: 2 an
unusable input, 3 a plugin failed (the report is written, marked incomplete).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.commands.options import add_lang_option, show_traces
from jixiao.commands.output import (
    OUTPUT,
    open_binary_output,
    open_output,
    output_path,
    refuse_overwriting,
    refuse_unwritable,
)
from jixiao.commands.parser import say_in
from jixiao.engine.errors import InputError, Problem
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

if TYPE_CHECKING:
    from jixiao.engine.facts.model import Facts
    from jixiao.engine.ruleset.model import Ruleset
    from jixiao.engine.scoring.results import Scorecard

SUFFIXES = (".docx", ".html", ".pdf")

UNKNOWN_SUFFIX = Template(
    "report.unknown_suffix",
    "无法从文件名看出报告格式（{suffix}）；文件名应以 {known:list} 结尾",
    "cannot tell the report's format from the name ({suffix}); it must end in {known:list}",
)
NO_SUFFIX = Text("无扩展名", "no suffix")
ONE_DEPARTMENT = Template(
    "report.one_department",
    "Word 自评报告只能写一个部门，这里有{count}个填报数据文件：请逐个部门生成，"
    "或用 .html / .pdf 生成批量报告",
    "a Word self-evaluation report is for one department, and {count} facts files were given: "
    "write one per department, or a batch report as .html or .pdf",
)
NOTHING_SCORED = Template(
    "report.nothing_scored",
    "没有一个部门能够评分，未写入报告",
    "no department could be scored; no report was written",
)
ERROR = Text("错误：", "error: ")


def add_parser(verbs: Any, lang: str) -> None:
    from jixiao.commands.run import add_ruleset_options

    say = say_in(lang)
    parser = verbs.add_parser(
        "report",
        help=say(
            "生成上交的报告：Word 自评报告（.docx），或带图表的网页（.html）、PDF",
            "write the report to hand in: the self-evaluation as Word (.docx), or a page with "
            "charts (.html) or PDF",
        ),
        description=say(
            "为部门评分并生成报告，格式由 -o 的扩展名决定：.docx 为一个部门的 Word 自评报告"
            "（按公文格式，需填写的部分标注【待填写】）；.html 为带图表的网页，.pdf 为其打印版，"
            "二者可包含一个部门或一批部门（文件和文件夹，同 score run）。",
            "Score the departments and write a report in the format OUT's suffix names: .docx "
            "the Word self-evaluation report of one department (official-document layout, what "
            "the department writes itself marked 【待填写】); .html a page with charts and .pdf "
            "its print, for one department or a batch (files and folders, as score run).",
        ),
    )
    parser.add_argument(
        "facts",
        metavar="FACTS.toml",
        nargs="+",
        help=say(
            "部门的填报数据文件；.html / .pdf 可以是多个文件和文件夹",
            "the department's facts file; for .html / .pdf, several files and folders",
        ),
    )
    parser.add_argument(
        "--output",
        "-o",
        metavar="OUT",
        required=True,
        help=say(
            "报告文件：以 .docx、.html 或 .pdf 结尾（整体写入：要么完整，要么不写）",
            "the report file, ending in .docx, .html or .pdf (written atomically: complete or "
            "not at all)",
        ),
    )
    add_ruleset_options(parser, lang)
    add_lang_option(parser, lang)
    parser.add_argument(
        "--force",
        action="store_true",
        help=say("允许覆盖已有的报告文件", "let the report overwrite an existing file"),
    )
    parser.set_defaults(handler=run, lenient_plugins=False)


def suffix_of(path: str) -> str:
    """The report's format from its name; an unknown one is refused, naming those known."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        shown: Any = suffix or NO_SUFFIX
        said = UNKNOWN_SUFFIX(suffix=shown, known=list(SUFFIXES))
        raise InputError([Problem(path, OUTPUT, said)])
    return suffix


def run(args: argparse.Namespace) -> int:
    from jixiao.commands.runner import is_batch, rulesets_read

    out: str = args.output
    suffix = suffix_of(out)  # refused before any work is done
    refuse_unwritable(out, args.force)
    refuse_overwriting(out, rulesets_read(args))
    if is_batch(args.facts):
        from jixiao.commands.batch import discover

        paths = discover(args.facts)
    else:
        paths = list(args.facts)
    refuse_overwriting(out, paths)
    if suffix == ".docx":
        if len(paths) != 1:
            raise InputError([Problem(out, OUTPUT, ONE_DEPARTMENT(count=len(paths)))])
        from jixiao.report.docx_report import require_docx

        require_docx(out)
    departments, failures, worst = _score_all(paths, args, batch=is_batch(args.facts))
    if not departments:
        raise InputError([*failures, Problem(out, OUTPUT, NOTHING_SCORED())])
    if suffix == ".docx":
        _write_docx(out, departments[0], args)
    elif suffix == ".html":
        html = _page(departments, args.lang)
        with open_output(out, args.force) as stream:
            stream.write(html)
    else:
        html = _page(departments, args.lang)
        from jixiao.report.pdf import write_pdf

        _write_pdf(out, html, write_pdf, args.force)
    _report_failures(failures, args.lang)
    if is_batch(args.facts):  # the tally `score run` gives a batch written to a file
        from jixiao.commands.runner import SCORED

        unscored = len(paths) - len(departments)
        tally = SCORED(files=len(paths), scored=len(departments), failed=unscored)
        print(tally.get(args.lang), file=sys.stderr)
    incomplete = any(not card.complete for _, card, _ in departments)
    return max(worst, 3 if incomplete else 0)


def _score_all(
    paths: Sequence[str], args: argparse.Namespace, batch: bool
) -> tuple[list[tuple[Facts, Scorecard, Ruleset]], list[Problem], int]:
    """Each department loaded and scored, in order. One FILE that cannot be scored is the
    error it always is (exit 2); in a batch it is reported and the others are written."""
    from jixiao.engine import api
    from jixiao.engine.files import is_folder

    registry = api.load_registry()
    if batch and args.ruleset is not None:  # one clear error before any work
        api.load_ruleset(args.ruleset, registry=registry, search=args.rulesets)
    scored: list[tuple[Facts, Scorecard, Ruleset]] = []
    failures: list[Problem] = []
    worst = 0
    for path in paths:
        try:
            if is_folder(Path(path)):
                from jixiao.commands.batch import _folder_problem

                raise InputError([Problem(path, "", _folder_problem(path))])
            facts, rules = api.load_department(path, registry, args.ruleset, search=args.rulesets)
            assert rules is not None  # a file that gives no year is refused
            card = api.score(facts, rules, registry, strict=not args.lenient_plugins)
        except InputError as error:
            if not batch:
                raise
            failures.extend(error.problems)
            worst = max(worst, 3 if error.plugin_failures else 2)
            continue
        show_traces(card.plugin_failures)
        scored.append((facts, card, rules))
    return scored, failures, worst


def _page(departments: Sequence[tuple[Facts, Scorecard, Ruleset]], lang: str) -> str:
    """The HTML page, its charts coloured by each ruleset's grade bands (every band listed)."""
    from jixiao.report.html_report import render_html

    bands = {rules.id: rules.grades for _, _, rules in departments}
    return render_html([(facts, card) for facts, card, _ in departments], lang, grades=bands)


def _write_docx(out: str, department: tuple[Facts, Scorecard, Ruleset], args: Any) -> None:
    from jixiao.report.docx_report import write_docx

    facts, card, rules = department
    with open_binary_output(out, args.force) as stream:
        write_docx(facts, card, stream, args.lang, rules.grades)


def _write_pdf(out: str, html: str, write_pdf: Any, force: bool) -> None:
    """The PDF engine writes a file by name: it writes the temporary one, published when
    complete."""
    with output_path(out, force) as target:
        write_pdf(html, target)


def _report_failures(failures: Sequence[Problem], lang: str) -> None:
    for problem in failures:
        print(f"{ERROR.get(lang)}{problem.render(lang)}", file=sys.stderr)
