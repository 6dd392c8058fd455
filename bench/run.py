"""The performance benchmark of issue 7: every figure as a ratio to its floor, next to its target.

    python bench/run.py [--batch-files 4000] [--memory-files 1000 20000] [--repeat 15]
                        [--out docs/performance.md | --no-write]

Run it with the Python of a NON-editable install (`pip install .`, which leaves compiled .pyc
files): an editable install under PYTHONDONTWRITEBYTECODE=1 recompiles score at every start and
the start-up figures then measure the compiler. The machine may be shared, so every figure is a
ratio of two things measured side by side (interleaved, medians of repeats), never a bare time.

Figures:
  (a) start-up: `score run FILE --format json` against `python -c "import <toml reader>,
      decimal, pluggy, attrs"`; the table against the same plus rich.console and rich.table.
  (b) batch, one process: departments/s of engine.batch.score_paths against reading and
      parsing the same files with the same TOML reader in one process.
  (c) batch, 2 processes against 1 (pool start-up included), next to a control: plain CPU
      work on 2 processes against 1, what the (shared) machine gives a second process.
  (d) peak memory (max RSS) of one process scoring 20,000 files against 1,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TARGETS = {
    "json": 1.5,  # at most × floor
    "table": 1.5,  # at most × floor with rich
    "batch": 0.7,  # at least × parse-only throughput
    "jobs2": 1.7,  # at least × one process
    "memory": 1.2,  # at most × the peak for the small batch
}


# --- child side: each measurement runs in a fresh process -----------------------------------


def _child(argv: list[str]) -> None:
    what, folder, count = argv[0], Path(argv[1]), int(argv[2])
    import resource

    from generate import file_name

    # a generator, not a list: the memory figure is the engine's, not the benchmark's
    paths = (folder / file_name(index) for index in range(count))

    if what == "parse":
        parse_chunk([])  # imports before the clock, as the scoring run has its imports done
        started = time.perf_counter()
        parse_chunk([str(path) for path in paths])
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
        from jixiao.engine.batch.pool import init_worker, score_paths

        jobs = int(argv[3])
        init_worker()  # imports and plugins before the clock; each process's ruleset inside it
        started = time.perf_counter()
        scored = 0
        for result in score_paths(paths, jobs=jobs):
            if result.total is not None:
                scored += 1
        seconds = time.perf_counter() - started
        if scored != count:
            raise SystemExit(f"only {scored} of {count} files scored")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"files": count, "seconds": seconds, "peak_kib": peak_kib}))


SPIN = 3_000_000  # about 0.1 s of pure Python arithmetic


def spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parse_chunk(names: list[str]) -> int:
    """Read and parse files with the engine's TOML reader, exact decimals, nothing else."""
    from decimal import Decimal

    from jixiao.engine.tomlfile import toml_reader

    keys = 0
    for name in names:
        with open(name, "rb") as file:
            keys += len(toml_reader.loads(file.read().decode("utf-8"), parse_float=Decimal))
    return keys


def child(*args: object) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


# --- parent side -------------------------------------------------------------------------


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def medians(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Median wall time of each command, run interleaved so that load affects all alike."""
    for command in commands.values():  # warm the file cache
        wall(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: statistics.median(values) for name, values in times.items()}


def score_command() -> list[str]:
    script = Path(sys.executable).parent / "score"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from jixiao.cli import entry; entry()"]


def compiled_install() -> bool:
    """Whether score is imported with saved bytecode (else start-up includes compiling)."""
    import importlib.util

    import jixiao.cli

    source = jixiao.cli.__file__
    assert source is not None
    return Path(importlib.util.cache_from_source(source)).exists()


def reader_name() -> str:
    from jixiao.engine.tomlfile import toml_reader

    return toml_reader.__name__


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def line(self, figure: str, measured: str, ratio: float, target: str, ok: bool) -> None:
        verdict = "PASS" if ok else "FAIL"
        # three decimals: a ratio just past its target must not read as on it (1.50, FAIL)
        self.rows.append((figure, measured, f"{ratio:.3f}", target, verdict))
        print(f"{figure:<42} {measured:<44} {ratio:6.3f}  target {target:<8} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch-files", type=int, default=4000)
    parser.add_argument("--memory-files", type=int, nargs=2, default=(1000, 20000))
    parser.add_argument("--repeat", type=int, default=15, help="whole-process runs per command")
    parser.add_argument("--batch-repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()

    from generate import generate

    began = time.perf_counter()
    compiled = compiled_install()
    if not compiled:
        print(
            "warning: score has no saved bytecode (an editable install under "
            "PYTHONDONTWRITEBYTECODE?); start-up figures include compiling it",
            file=sys.stderr,
        )
    reader = reader_name()
    load_before = os.getloadavg()[0]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="score-bench-") as tmp:
        folder = Path(tmp) / "files"
        count = max(args.batch_files, *args.memory_files)
        started = time.perf_counter()
        paths = generate(folder, count, args.seed)
        generated = time.perf_counter() - started
        mean_size = sum(p.stat().st_size for p in paths[:1000]) / min(1000, len(paths))
        print(f"generated {count} files (mean {mean_size:,.0f} bytes) in {generated:.1f} s")
        one = str(paths[0])

        # (a) start-up
        python = sys.executable
        score = score_command()
        floor = f"import {reader}, decimal, pluggy, attrs"
        floor_rich = floor + ", rich.console, rich.table"
        times = medians(
            {
                "floor": [python, "-c", floor],
                "json": [*score, "run", one, "--format", "json"],
                "floor_rich": [python, "-c", floor_rich],
                "table": [*score, "run", one],
            },
            args.repeat,
        )
        ms = {k: v * 1000 for k, v in times.items()}
        json_ratio = times["json"] / times["floor"]
        report.line(
            "(a) score run --format json / import floor",
            f"{ms['json']:.0f} ms / {ms['floor']:.0f} ms",
            json_ratio,
            "<= 1.5",
            json_ratio <= TARGETS["json"],
        )
        table_ratio = times["table"] / times["floor_rich"]
        report.line(
            "(a) score run (table) / floor with rich",
            f"{ms['table']:.0f} ms / {ms['floor_rich']:.0f} ms",
            table_ratio,
            "<= 1.5",
            table_ratio <= TARGETS["table"],
        )

        # (b), (c) batch throughput, interleaved repeats in fresh processes
        n = args.batch_files
        runs: dict[str, list[float]] = {
            "parse": [],
            "spin1": [],
            "spin2": [],
            "jobs1": [],
            "jobs2": [],
            "cli1": [],
        }
        # the same files as the command-line user scores them: `score run FOLDER --format csv`,
        # one whole process (start-up, discovery, CSV written to a file)
        cli_folder = Path(tmp) / "cli"
        generate(cli_folder, n, args.seed)
        cli = [*score, "run", str(cli_folder), "--format", "csv", "-o", str(Path(tmp) / "o.csv")]
        for _ in range(args.batch_repeat):
            runs["spin1"].append(8 / child("spin", folder, 8, 1)["seconds"])
            runs["spin2"].append(8 / child("spin", folder, 8, 2)["seconds"])
            runs["parse"].append(n / child("parse", folder, n)["seconds"])
            runs["jobs1"].append(n / child("score", folder, n, 1)["seconds"])
            runs["jobs2"].append(n / child("score", folder, n, 2)["seconds"])
            runs["cli1"].append(n / wall([*cli, "--force"]))
        rate = {k: statistics.median(v) for k, v in runs.items()}

        def paired(top: str, bottom: str) -> float:
            """Median of the ratios of runs made one after the other: robust to drifting load."""
            return statistics.median(a / b for a, b in zip(runs[top], runs[bottom], strict=True))

        batch_ratio = paired("jobs1", "parse")
        report.line(
            "(b) batch, 1 process / read+parse only",
            f"{rate['jobs1']:,.0f} / {rate['parse']:,.0f} departments/s",
            batch_ratio,
            ">= 0.7",
            batch_ratio >= TARGETS["batch"],
        )
        cli_ratio = paired("cli1", "parse")
        report.line(
            "(b) the same, by `score run DIR` (CSV)",
            f"{rate['cli1']:,.0f} / {rate['parse']:,.0f} departments/s",
            cli_ratio,
            ">= 0.7",
            cli_ratio >= TARGETS["batch"],
        )
        jobs_ratio = paired("jobs2", "jobs1")
        report.line(
            "(c) batch, 2 processes / 1 process",
            f"{rate['jobs2']:,.0f} / {rate['jobs1']:,.0f} departments/s",
            jobs_ratio,
            ">= 1.7",
            jobs_ratio >= TARGETS["jobs2"],
        )

        headroom = paired("spin2", "spin1")
        print(
            f"    (control: plain CPU work on 2 processes / 1 = {headroom:.2f}, "
            "what this machine gave a second process during the run)"
        )

        # (d) peak memory of one process streaming through the files
        small, large = args.memory_files
        peak_small = child("score", folder, small, 1)["peak_kib"]
        peak_large = child("score", folder, large, 1)["peak_kib"]
        memory_ratio = peak_large / peak_small
        report.line(
            f"(d) peak memory, {large:,} files / {small:,}",
            f"{peak_large / 1024:.1f} MiB / {peak_small / 1024:.1f} MiB",
            memory_ratio,
            "<= 1.2",
            memory_ratio <= TARGETS["memory"],
        )
    load_after = os.getloadavg()[0]
    took = time.perf_counter() - began
    projected = 500_000 / rate["jobs2"]
    print(
        f"projection: 500,000 departments in {projected / 60:.1f} min on 2 processes "
        f"({500_000 / rate['jobs1'] / 60:.1f} min on one); benchmark took {took:.0f} s"
    )
    if args.no_write:
        return
    write_doc(
        args.out,
        report,
        {
            "reader": reader,
            "compiled": compiled,
            "ms": ms,
            "rate": rate,
            "mean_size": mean_size,
            "batch_files": n,
            "memory": (small, large, peak_small, peak_large),
            "load": (load_before, load_after),
            "took": took,
            "projected": projected,
            "headroom": headroom,
            "repeat": args.repeat,
            "batch_repeat": args.batch_repeat,
            "seed": args.seed,
        },
    )
    print(f"wrote {args.out}")


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "Python": platform.python_version(),
        "system": platform.platform(),
    }


def write_doc(out: Path, report: Report, facts: dict[str, Any]) -> None:
    template = (HERE / "performance.md.in").read_text(encoding="utf-8")
    rows = "\n".join(f"| {' | '.join(row)} |" for row in report.rows)
    ms, rate = facts["ms"], facts["rate"]
    small, large, peak_small, peak_large = facts["memory"]
    values = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": "\n".join(f"| {k} | {v} |" for k, v in machine().items()),
        "reader": facts["reader"],
        "compiled": "yes" if facts["compiled"] else "NO (start-up figures include compiling)",
        "rows": rows,
        "load": f"{facts['load'][0]:.2f} before, {facts['load'][1]:.2f} after",
        "took": f"{facts['took']:.0f}",
        "mean_size": f"{facts['mean_size']:,.0f}",
        "batch_files": f"{facts['batch_files']:,}",
        "repeat": str(facts["repeat"]),
        "batch_repeat": str(facts["batch_repeat"]),
        "seed": str(facts["seed"]),
        "floor_ms": f"{ms['floor']:.0f}",
        "json_ms": f"{ms['json']:.0f}",
        "floor_rich_ms": f"{ms['floor_rich']:.0f}",
        "table_ms": f"{ms['table']:.0f}",
        "parse_rate": f"{rate['parse']:,.0f}",
        "headroom": f"{facts['headroom']:.2f}",
        "jobs1_rate": f"{rate['jobs1']:,.0f}",
        "jobs2_rate": f"{rate['jobs2']:,.0f}",
        "parse_ms": f"{1000 / rate['parse']:.3f}",
        "jobs1_ms": f"{1000 / rate['jobs1']:.3f}",
        "small": f"{small:,}",
        "large": f"{large:,}",
        "peak_small": f"{peak_small / 1024:.1f}",
        "peak_large": f"{peak_large / 1024:.1f}",
        "projected_min": f"{facts['projected'] / 60:.1f}",
        "projected_one_min": f"{500_000 / rate['jobs1'] / 60:.1f}",
        "projected_free_min": f"{500_000 / (rate['jobs1'] * 1.9) / 60:.1f}",
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(template.format(**values), encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
    else:
        main()
