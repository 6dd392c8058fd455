"""One measurement in a fresh process, printed as one JSON line; run by bench/run.py.

    python bench/child.py parse FOLDER COUNT
    python bench/child.py spin FOLDER COUNT JOBS
    python bench/child.py score FOLDER COUNT JOBS PACKAGE    # PACKAGE: jixiao, or score (old)
    python bench/child.py stages FOLDER COUNT                # where a department's time goes
    python bench/child.py workbooks FOLDER COUNT             # the first COUNT files as .xlsx
    python bench/child.py score FOLDER COUNT 1 jixiao .xlsx  # score those workbooks

It imports nothing of the project at the top, so that the Python of another install (the
baseline's) runs it with that install's package.
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from pathlib import Path

SPIN = 3_000_000  # about 0.1 s of pure Python arithmetic


def file_name(index: int, suffix: str = ".toml") -> str:
    """The names bench/generate.py writes (and `workbooks` beside them)."""
    return f"dept-{index:06d}{suffix}"


def workbooks(folder: Path, count: int) -> None:
    """The first `count` department files written as pre-filled workbooks (`score init --from`)
    beside them: the same facts, to be read from cells."""
    from jixiao.engine import api
    from jixiao.report.xlsx_template import build_facts_workbook

    registry = api.load_registry()
    for index in range(count):
        facts, ruleset = api.load_department(folder / file_name(index), registry)
        assert ruleset is not None
        values = {**facts.sections, "self_evaluation": dict(facts.claims)}
        build_facts_workbook(ruleset, registry, values=values).save(
            folder / file_name(index, ".xlsx")
        )


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parse(names: list[str]) -> int:
    """Read and parse files with tomli (the engine's reader) and exact decimals, nothing else."""
    from decimal import Decimal

    import tomli

    keys = 0
    for name in names:
        with open(name, "rb") as file:
            keys += len(tomli.loads(file.read().decode("utf-8"), parse_float=Decimal))
    return keys


def stages(names: list[Path]) -> dict[str, float]:
    """Seconds spent in each stage a department goes through, over `names`, and how many
    messages were formatted on the way (a batch keeps words as data: none should be)."""
    from jixiao.engine import api
    from jixiao.engine.batch.pool import Batch
    from jixiao.engine.batch.summary import summarize
    from jixiao.engine.scoring import score as scoring
    from jixiao.engine.tomlfile import read_toml
    from jixiao.engine.words import message

    formatted = 0
    render = message.Message.get

    def counted(self: message.Message, lang: str = "zh") -> str:
        nonlocal formatted
        formatted += 1
        return render(self, lang)

    message.Message.get = counted  # type: ignore[method-assign]
    registry = api.load_registry()
    batch = Batch(None, (), True)
    spent = dict.fromkeys(("read", "validate", "measure", "rows", "aggregate"), 0.0)
    clock = time.perf_counter
    for name in names:
        began = clock()
        document = read_toml(name, "facts file", defer_numbers=True, names=registry.schema.key_for)
        read = clock()
        facts = api.facts_from_toml(document, registry)
        plan = batch.plan_for(facts)
        checked = clock()
        used = {
            step.indicator.id: step.indicator
            for part in plan.dimensions
            for row in part.rows
            for step in row.steps
        }
        # plan.registry: the plugins and the ruleset's own facts and measures
        measured = {
            key: scoring._measure(indicator, facts, plan.registry).values
            for key, indicator in used.items()
        }
        computed = clock()
        for part in plan.dimensions:
            for row in part.rows:
                scoring.score_row(row, measured, plan)
        rows = clock()
        summarize(scoring.score(facts, plan), plan.ruleset.grades)
        whole = clock()
        spent["read"] += read - began
        spent["validate"] += checked - read
        spent["measure"] += computed - checked
        spent["rows"] += rows - computed
        # the whole of scoring, less its measures and rows: aggregation, the card, the summary
        spent["aggregate"] += (whole - rows) - (computed - checked) - (rows - computed)
    return {**spent, "formatted": formatted}


def main(argv: list[str]) -> None:
    what, folder, count = argv[0], Path(argv[1]), int(argv[2])
    suffix = argv[5] if len(argv) > 5 else ".toml"
    # a generator, not a list: the memory figure is the engine's, not the benchmark's
    paths = (folder / file_name(index, suffix) for index in range(count))
    if what == "workbooks":
        workbooks(folder, count)
        print(json.dumps({"files": count}))
        return
    if what == "ruleset":  # load the ruleset file at `folder` `count` times, imports done first
        from jixiao.engine import api

        registry = api.load_registry()
        times = []
        for _ in range(count):
            started = time.perf_counter()
            api.load_ruleset(str(folder), registry=registry)
            times.append(time.perf_counter() - started)
        print(json.dumps({"seconds": sorted(times)[len(times) // 2]}))
        return
    if what == "stages":
        result = stages(list(paths))
        print(json.dumps({"files": count, **result}))
        return
    if what == "parse":
        parse([])  # imports before the clock, as the scoring run has its imports done
        started = time.perf_counter()
        parse([str(path) for path in paths])
        seconds = time.perf_counter() - started
    elif what == "spin":  # the control: plain CPU work, `count` units on 1 or 2 processes
        jobs = int(argv[3])
        started = time.perf_counter()
        if jobs == 1:
            for _ in range(count):
                spin(SPIN)
        else:
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(jobs) as pool:
                sum(pool.map(spin, [SPIN] * count))
        seconds = time.perf_counter() - started
    else:
        jobs, package = int(argv[3]), argv[4]
        batch = importlib.import_module(f"{package}.engine.batch")
        batch.init_worker()  # imports and plugins before the clock; the ruleset inside it
        started = time.perf_counter()
        scored = sum(
            1 for result in batch.score_paths(paths, jobs=jobs) if result.total is not None
        )
        seconds = time.perf_counter() - started
        if scored != count:
            raise SystemExit(f"only {scored} of {count} files scored")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"files": count, "seconds": seconds, "peak_kib": peak_kib}))


if __name__ == "__main__":
    main(sys.argv[1:])
