"""Scoring many facts files: one small, picklable result per file, in input order, streamed.

The plugins and each ruleset are loaded once per process, never per file; only a `FileResult`
(the department, the total, the grade, each dimension's score, or the file's problems) leaves
the function, so a batch of any size runs in constant memory and a worker process sends back a
few hundred bytes per department instead of a whole scorecard.

    from jixiao.engine.batch.pool import score_paths
    for result in score_paths(paths, jobs=2):        # an iterator, in the order of `paths`
        print(result.path, result.total, result.grade)

API:

- `score_paths(paths, ruleset_name=None, *, search=(), jobs=1, chunksize=32)`: an iterator of
  `FileResult`, one per path, in order. `ruleset_name` (a name or a path, as `score run
  --ruleset`) applies to every file; without it each file is scored under the ruleset of its
  `department.year`. With `jobs > 1` the files are scored in a pool of that many processes,
  each set up once by `init_worker`; at most a few chunks per worker are in flight, so memory
  does not grow with the number of files. An unusable file (unreadable, invalid, or of a year
  that has no ruleset) gives a result with `problems` and never stops the batch; a
  `ruleset_name` that cannot be loaded raises InputError before any file is scored. A plugin
  that fails leaves `complete` False on the results, as `score run` exits 3.
- `score_path(path)`: the pure per-file function of one process, the one that `score_paths`
  maps; call `init_worker(...)` once in the process first (it is a worker initialiser for
  `concurrent.futures.ProcessPoolExecutor(initializer=init_worker, initargs=(name, search))`).
- `Batch(ruleset_name, search)`: the same with the loaded state held in an object, for a program
  that maps `batch.score(path)` or `batch.score_facts(facts)` over its own pipeline.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from attrs import frozen

from jixiao.engine import api
from jixiao.engine.batch.summary import DimensionScore, Summary, summarize
from jixiao.engine.errors import InputError, Problem
from jixiao.engine.facts.model import Facts
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.plan import ScoringPlan, plan
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.scoring.score import score
from jixiao.engine.words.message import Template

__all__ = ["Batch", "FileResult", "init_worker", "ordered_map", "score_path", "score_paths"]

T = TypeVar("T")
R = TypeVar("R")


@frozen
class FileResult:
    """What a batch keeps of one file: small, picklable, enough for a summary line or a row.

    `summary` is the department's row (batch.summary.Summary: total, grade, each dimension's
    score), the same row the command line ranks and exports; None when the file is unusable.
    """

    path: str
    summary: Summary | None = None
    ruleset: str | None = None  # the id of the ruleset it was scored under
    problems: tuple[Problem, ...] = ()  # why the file is unusable, each shown when read

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total(self) -> Decimal | None:
        return None if self.summary is None else self.summary.total

    @property
    def grade(self) -> str | None:
        """The grade's Chinese label, as the ruleset names it."""
        return None if self.summary is None else self.summary.grade.zh

    @property
    def complete(self) -> bool:
        """False when a plugin failed (score run exits 3) or the file is unusable."""
        return self.summary is not None and self.summary.complete

    @property
    def dimensions(self) -> tuple[DimensionScore, ...]:
        return () if self.summary is None else self.summary.dimensions


def summarise(path: str, card: Scorecard, ruleset: Ruleset) -> FileResult:
    return FileResult(path, summarize(card, ruleset.grades), card.ruleset.id)


class Batch:
    """The loaded plugins and rulesets of one process; scores file after file with them.

    `strict=False` is `score run --lenient-plugins` (docs/plugins.md, "When a plugin fails").
    """

    def __init__(
        self,
        ruleset_name: str | None = None,
        search: Sequence[str | Path] = (),
        strict: bool = True,
    ) -> None:
        self.registry: Registry = api.load_registry()
        self.search = tuple(search)
        self.strict = strict
        # each ruleset loaded and planned once: the one named, or one per department year
        self.fixed: ScoringPlan | None = (
            plan(
                api.load_ruleset(ruleset_name, registry=self.registry, search=self.search),
                self.registry,
            )
            if ruleset_name is not None
            else None
        )
        self.by_year: dict[int, ScoringPlan] = {}
        self.by_name: dict[str, ScoringPlan] = {}  # the rulesets workbooks say they are for

    def plan_for(self, facts: Facts) -> ScoringPlan:
        """The plan of the ruleset that scores `facts`."""
        if self.fixed is not None:
            return self.fixed
        year = facts.department.year
        known = self.by_year.get(year)
        if known is None:
            ruleset = api.ruleset_for(facts, registry=self.registry, search=self.search)
            known = self.by_year[year] = plan(ruleset, self.registry)
        return known

    def ruleset_of_file(self, year: int | None, stated: str | None = None) -> Ruleset | None:
        """The ruleset that scores a file of `year`, or the one a workbook `stated` it was
        made for, loaded and planned once (None: the file gives no year, and its validation
        says so)."""
        if self.fixed is not None:
            return self.fixed.ruleset
        if stated is not None:
            named = self.by_name.get(stated)
            if named is None:
                ruleset = api.load_ruleset(stated, registry=self.registry, search=self.search)
                named = self.by_name[stated] = plan(ruleset, self.registry)
            return named.ruleset
        if year is None:
            return None
        known = self.by_year.get(year)
        if known is None:
            ruleset = api.load_ruleset(year=year, registry=self.registry, search=self.search)
            known = self.by_year[year] = plan(ruleset, self.registry)
        return known.ruleset

    def load(self, path: str | Path) -> tuple[Facts, ScoringPlan]:
        """A file's facts, validated with what its ruleset declares, and that ruleset's plan."""
        facts, ruleset = api.load_department(path, self.registry, choose=self.ruleset_of_file)
        for planned in self.by_name.values():
            if ruleset is planned.ruleset:  # a workbook's own ruleset, not its year's
                return facts, planned
        return facts, self.plan_for(facts)

    def score_facts(self, facts: Facts) -> Scorecard:
        return score(facts, self.plan_for(facts), strict=self.strict)

    def score(self, path: str | Path) -> FileResult:
        name = str(path)
        try:
            facts, planned = self.load(name)
            card = score(facts, planned, strict=self.strict)
        except InputError as error:
            return FileResult(name, problems=error.problems)
        return summarise(name, card, planned.ruleset)


_worker: Batch | None = None


def init_worker(ruleset_name: str | None = None, search: Sequence[str | Path] = ()) -> None:
    """Load plugins and the ruleset once for this process (a ProcessPoolExecutor initializer)."""
    global _worker
    _worker = Batch(ruleset_name, search)


def score_path(path: str | Path) -> FileResult:
    """Score one file with this process's loaded state (see init_worker)."""
    if _worker is None:
        init_worker()
    assert _worker is not None
    return _worker.score(path)


def score_paths(
    paths: Iterable[str | Path],
    ruleset_name: str | None = None,
    *,
    search: Sequence[str | Path] = (),
    jobs: int = 1,
    chunksize: int = 32,
) -> Iterator[FileResult]:
    """One FileResult per path, in order; `jobs` processes; memory bounded for any count."""
    if jobs <= 1:
        batch = Batch(ruleset_name, search)
        for path in paths:
            yield batch.score(path)
        return
    yield from _pooled(paths, ruleset_name, tuple(search), jobs, max(1, chunksize))


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _apply(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


# A worker process that dies (killed, out of memory) breaks its pool, and no one can tell which
# item it was doing: every item then in flight is tried again in a new pool, one at a time, so
# that an item that breaks a pool again is known, and lost (given to `lost`). Past this many
# pools, the rest is lost too.
MAX_POOLS = 8


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    initializer: Callable[..., object],
    initargs: tuple[object, ...] = (),
    chunksize: int = 32,
    lost: Callable[[T], R] | None = None,
) -> Iterator[R]:
    """`function` over `items` on `jobs` processes, results in the order of `items`.

    Each process is set up once by `initializer`; at most four chunks per process are in flight,
    so memory stays bounded however many items there are. `function` must be picklable (a
    module-level function). When a worker process dies, its chunk is tried again in a new pool;
    an item that cannot be done is `lost(item)` in its place (without `lost`, the pool's
    BrokenProcessPool is raised).
    """
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    source = _chunks(items, max(1, chunksize))
    retry: deque[tuple[list[T], int]] = deque()  # chunks whose pool broke, in order, with tries
    limit = jobs * 4
    pools = 0
    while True:
        pools += 1
        pool = ProcessPoolExecutor(
            jobs, initializer=_start_worker, initargs=(initializer, initargs)
        )
        # each chunk in order, with its tries and its future (None: it is lost)
        in_flight: deque[tuple[list[T], int, Future[list[R]] | None]] = deque()
        broken = False
        try:
            more = True
            while True:
                while more and len(in_flight) < limit and not broken:
                    if retry:
                        if in_flight and retry[0][1]:
                            break  # an item tried again runs alone: if it breaks the pool again,
                            # it is the one
                        chunk, tries = retry.popleft()
                    else:
                        taken = next(source, None)
                        if taken is None:
                            more = False
                            break
                        chunk, tries = taken, 0
                    if lost is not None and (tries > 1 or pools > MAX_POOLS):
                        in_flight.append((chunk, tries, None))
                        continue
                    try:
                        in_flight.append((chunk, tries, pool.submit(_apply, function, chunk)))
                    except BrokenProcessPool:
                        retry.appendleft((chunk, tries))
                        broken = True
                    if tries:
                        break
                if not in_flight:
                    if broken:
                        break
                    return
                chunk, tries, future = in_flight[0]
                if future is None:
                    in_flight.popleft()
                    assert lost is not None
                    yield from (lost(item) for item in chunk)
                    continue
                try:
                    done = future.result()
                except BrokenProcessPool:
                    if lost is None:
                        raise
                    broken = True
                    break
                in_flight.popleft()
                yield from done
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        # the pool broke: what it held goes first into the next one, item by item, one try more
        again = [([item], tries + 1) for chunk, tries, _ in in_flight for item in chunk]
        retry.extendleft(reversed(again))


def _start_worker(initializer: Callable[..., object], initargs: tuple[object, ...]) -> None:
    """A worker leaves Ctrl-C to the main process, which stops the pool: a worker interrupted
    while it starts would print a traceback and could leave the pool waiting for it."""
    import signal

    from jixiao.engine.plugins.registry import interrupts_are_faults

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    interrupts_are_faults()
    initializer(*initargs)


def _pooled(
    paths: Iterable[str | Path],
    ruleset_name: str | None,
    search: tuple[str | Path, ...],
    jobs: int,
    chunksize: int,
) -> Iterator[FileResult]:
    # Check the ruleset here first, so that a bad --ruleset is one clear error, not one per worker
    if ruleset_name is not None:
        api.load_ruleset(ruleset_name, search=search)
    yield from ordered_map(
        score_path,
        (str(path) for path in paths),
        jobs=jobs,
        initializer=init_worker,
        initargs=(ruleset_name, search),
        chunksize=chunksize,
        lost=lambda path: FileResult(path, problems=(Problem(path, "", WORKER_DIED()),)),
    )


WORKER_DIED = Template(
    "batch.worker_died",
    "未评分：评分进程意外退出（可能被系统强行终止，或内存不足），已自动重试一次仍未完成；"
    "请重新运行，如仍出现，请不加 --jobs 单独对该文件评分",
    "not scored: the process scoring it stopped unexpectedly (killed, or out of memory), "
    "also when tried again; run again",
)
