"""Scoring many facts files: find them, score them on N processes, yield results in path order.

Each worker process loads the plugin registry once and each ruleset once, scores one file at a
time and sends back a small FileOutcome: the summary row, the review when asked for, and the
file's output already rendered (a JSON line, a Markdown section), never the whole scorecard.
One unusable file is one unusable result; it never stops the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from attrs import evolve, frozen

from jixiao.engine.batch.pool import WORKER_DIED, Batch, ordered_map
from jixiao.engine.batch.review import Review, project_claims, review
from jixiao.engine.batch.summary import Summary, summarize
from jixiao.engine.errors import MAY_BE_THE_PLUGINS, InputError, PluginError, Problem, say
from jixiao.engine.facts.read import FACTS_SUFFIXES
from jixiao.engine.files import is_folder
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.scoring.invariants import InconsistentResult
from jixiao.engine.scoring.score import score
from jixiao.engine.words.message import Template, Words
from jixiao.report.words import escaped, json_text

Status = Literal["scored", "incomplete", "unusable", "internal"]
Render = Literal["none", "json", "markdown", "review_json"]
EXIT_BY_STATUS = {"scored": 0, "unusable": 2, "incomplete": 3, "internal": 4}

PLUGIN = Template("batch.plugin", "插件 {who} 出错：{message}", "plugin {who}: {message}")
INCOMPLETE = Template(
    "batch.incomplete",
    "插件 {who} 出错：{message}；结果不完整",
    "plugin {who}: {message}; the result is incomplete",
)
NO_FACTS_INSIDE = Template(
    "batch.no_facts_inside",
    "这个文件夹里没有任何填报数据文件（.toml 或 .xlsx）",
    "is a folder without any facts file (.toml or .xlsx)",
)
FOLDER_UNREADABLE = Template(
    "batch.folder_unreadable",
    "无法读取这个文件夹（{why}），其中的文件未评分；请检查文件夹的权限",
    "cannot read this folder ({why}); the files in it were not scored: check its permissions",
)
FOLDER_LOOP = Template(
    "batch.folder_loop",
    "这个链接指向其上级文件夹 {target}，已跳过，以免无限循环读取",
    "this link leads back to the folder {target} above it; not followed, to avoid a loop",
)
INTERNAL = Template(
    "batch.internal",
    "内部错误：{error}（score 的缺陷）",
    "internal error: {error} (a bug in score)",
)


@frozen
class Job:
    """What every worker needs to know; sent once to each process."""

    ruleset: str | None = None
    search: tuple[str, ...] = ()
    render: Render = "none"
    lang: str = "zh"
    review: bool = False
    strict: bool = True  # False: --lenient-plugins (docs/plugins.md, "When a plugin fails")


@frozen
class FileOutcome:
    source: str
    status: Status
    problems: tuple[Problem, ...] = ()  # why the file is unusable
    messages: tuple[Words | str, ...] = ()  # plugin failures, internal errors
    summary: Summary | None = None
    review: Review | None = None
    rendered: str = ""  # this file's part of the output, in the job's format

    @property
    def exit_code(self) -> int:
        return EXIT_BY_STATUS[self.status]

    def reasons(self, lang: str = "zh") -> tuple[str, ...]:
        """One line per reason this file failed (empty when it scored), each escaped: a file's
        name or a plugin's message may hold a line break (`error: …`) or an escape."""
        said = ": " if lang == "en" else "："
        return tuple(p.render(lang) for p in self.problems) + tuple(
            escaped(f"{self.source}{said}{say(m, lang)}") for m in self.messages
        )


def discover(arguments: Iterable[str]) -> list[str]:
    """The files to score: each FILE as given, each folder's *.toml and *.xlsx (recursively,
    following links to folders); sorted, unique.

    What cannot be scored stays in the list as itself, so that it is reported and never dropped
    without a word: a folder without any .toml file, a folder that cannot be read, a link that
    leads back into a folder above it, a name the system refuses.
    """
    found: dict[str, Path] = {}
    for argument in arguments:
        path = Path(argument)
        inside = _walk(path) if is_folder(path) else [path]
        for item in inside:  # by real path: a file reached twice (a link) is scored once
            found.setdefault(_real(item), item)
    return sorted((str(item) for item in found.values()), key=lambda k: Path(k).parts)


def _real(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return os.path.normpath(path)


def _walk(folder: Path) -> list[Path]:
    """The facts files (.toml, .xlsx) under `folder`, and each folder under it that is
    unusable."""
    found: list[Path] = []
    unreadable: list[Path] = []
    seen: set[tuple[int, int]] = set()  # folders walked, by device and inode: a loop ends

    def refused(error: OSError) -> None:
        unreadable.append(Path(error.filename))

    for top, folders, files in os.walk(folder, onerror=refused, followlinks=True):
        here = Path(top)
        try:
            stat = here.stat()
        except OSError:
            unreadable.append(here)
            folders[:] = []
            continue
        if (stat.st_dev, stat.st_ino) in seen:
            if _loops(top):  # a link back to a folder above it: named, not followed
                found.append(here)
            folders[:] = []  # else a second way into a folder whose files are listed already
            continue
        seen.add((stat.st_dev, stat.st_ino))
        facts = [here / name for name in files if is_facts_name(name)]
        found.extend(item for item in facts if not is_folder(item))
    found.extend(unreadable)
    return found or [folder]


def is_facts_name(name: str) -> bool:
    """A file a folder's facts are in: .toml, .xlsx or .xlsm; not the lock file Excel keeps
    beside a workbook it has open (`~$dept.xlsx`)."""
    lowered = name.lower()
    if lowered.startswith("~$"):
        return False
    return lowered.endswith(FACTS_SUFFIXES)


def _folder_problem(path: str) -> Words:
    """Why a folder in the list of files to score was not scored."""
    try:
        os.listdir(path)
    except OSError as error:
        return FOLDER_UNREADABLE(why=(error.strerror or type(error).__name__).lower())
    if _loops(path):
        return FOLDER_LOOP(target=os.path.realpath(path))
    return NO_FACTS_INSIDE()


def _loops(path: str) -> bool:
    """Whether `path` is a link to a folder above it."""
    real, above = os.path.realpath(path), os.path.realpath(os.path.dirname(path))
    return above == real or above.startswith(real + os.sep)


class _Worker:
    def __init__(self, job: Job) -> None:
        self.job = job
        # the engine's batch state: plugins loaded once, each ruleset loaded once
        self.batch = Batch(job.ruleset, job.search, job.strict)
        self.registry: Registry = self.batch.registry

    def score(self, path: str) -> FileOutcome:
        if is_folder(Path(path)):
            problem = Problem(path, "", _folder_problem(path))
            return self.unusable(path, (problem,))
        try:
            facts, planned = self.batch.load(path)
            rules = planned.ruleset
            card = score(facts, planned, strict=self.job.strict)
        except InputError as error:
            if error.plugin_failures:  # the problems may be those of a plugin that failed
                return self.incomplete(path, error)
            return self.unusable(path, error.problems)
        except PluginError as error:
            failure = error.failure
            return self.failed(
                path, "incomplete", PLUGIN(who=failure.who(), message=failure.message)
            )
        except InconsistentResult as error:
            status: Status = "incomplete" if error.suspects else "internal"
            return self.failed(path, status, error.message())
        summary = summarize(card, rules.grades)
        checked = review(facts, card, rules) if self.job.review else None
        rendered = ""
        if self.job.render == "json":
            from jixiao.report.json_report import scorecard_dict

            rendered = json_text(scorecard_dict(card, self.job.lang))
        elif self.job.render == "markdown":
            from jixiao.report.markdown import render_markdown

            rendered = render_markdown(card, self.job.lang, project_claims(facts))
        elif self.job.render == "review_json" and checked is not None:
            from jixiao.report.review_json import review_dict

            rendered = json_text(review_dict(checked, self.job.lang))
        failures = tuple(INCOMPLETE(who=f.who(), message=f.message) for f in card.plugin_failures)
        return FileOutcome(
            path,
            "scored" if card.complete else "incomplete",
            messages=failures,
            summary=summary,
            review=checked,
            rendered=rendered,
        )

    def unusable(self, path: str, problems: Sequence[Problem]) -> FileOutcome:
        return self.unusable_in(self.job, path, problems)

    @staticmethod
    def unusable_in(job: Job, path: str, problems: Sequence[Problem]) -> FileOutcome:
        rendered = ""
        if job.render in ("json", "review_json"):
            from jixiao.report.review_json import error_dict

            rendered = json_text(error_dict(path, problems, lang=job.lang))
        return FileOutcome(path, "unusable", problems=tuple(problems), rendered=rendered)

    def incomplete(self, path: str, error: InputError) -> FileOutcome:
        failures = tuple(
            MAY_BE_THE_PLUGINS(who=f.who(), message=f.message) for f in error.plugin_failures
        )
        unusable = self.unusable(path, error.problems)
        return evolve(unusable, status="incomplete", messages=failures)

    def failed(self, path: str, status: Status, message: Words) -> FileOutcome:
        rendered = ""
        if self.job.render in ("json", "review_json"):
            from jixiao.report.review_json import error_dict

            kind = "plugin failed" if status == "incomplete" else "internal error"
            rendered = json_text(error_dict(path, (), kind, (message,), self.job.lang))
        return FileOutcome(path, status, messages=(message,), rendered=rendered)

    def safe_score(self, path: str) -> FileOutcome:
        """Score one file; a bug on one file is reported for that file, not for the run."""
        try:
            return self.score(path)
        except Exception as error:
            if os.environ.get("SCORE_DEBUG"):
                raise
            bug = f"{type(error).__name__}: {error}"
            return self.failed(path, "internal", INTERNAL(error=bug))


_worker: _Worker | None = None


def _start(job: Job) -> None:
    global _worker
    _worker = _Worker(job)


def _score_path(path: str) -> FileOutcome:
    assert _worker is not None, "the worker was not started"
    return _worker.safe_score(path)


def score_files(paths: Sequence[str], job: Job, jobs: int = 1) -> Iterator[FileOutcome]:
    """Score `paths` on `jobs` processes; results come back in the order of `paths`."""
    if jobs <= 1 or len(paths) <= 1:
        worker = _Worker(job)
        for path in paths:
            yield worker.safe_score(path)
        return
    chunk = max(1, min(8, len(paths) // (jobs * 4)))

    def lost(path: str) -> FileOutcome:  # a file whose worker process died, twice
        return _Worker.unusable_in(job, path, (Problem(path, "", WORKER_DIED()),))

    yield from ordered_map(
        _score_path,
        paths,
        jobs=jobs,
        initializer=_start,
        initargs=(job,),
        chunksize=chunk,
        lost=lost,
    )


def exit_code(results: Iterable[FileOutcome]) -> int:
    """The most serious outcome: internal error 4 > plugin failure 3 > unusable input 2 > 0."""
    return max((r.exit_code for r in results), default=0)
