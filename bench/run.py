"""The benchmark: every figure a ratio of two things measured side by side, next to its target.

    python bench/run.py [--baseline REV] [--baseline-target 0.9] [--batch-files 4000]
                        [--memory-files 1000 20000] [--repeat 15] [--batch-repeat 5]
                        [--out docs/performance.md | --no-write]

Run it with the Python of a NON-editable install (`pip install .`, which leaves compiled .pyc
files): an editable install under PYTHONDONTWRITEBYTECODE=1 recompiles the package at every
start, and the start-up figures then measure the compiler. The machine may be shared, so no
figure is a bare time.

Figures:
  (a) start-up: `score run FILE --format json` against `python -c "import tomli, decimal,
      pluggy, attrs"`; the table against the same plus rich.console and rich.table.
  (b) batch, one process: departments/s of engine.batch.score_paths against those of the
      baseline commit (`--baseline`, installed from a git worktree of it), in the same run;
      and, for information, against reading and parsing the same files and nothing else.
  (c) batch, 2 processes against 1 (pool start-up included), next to a control: plain CPU
      work on 2 processes against 1, what the (shared) machine gives a second process.
  (d) peak memory (max RSS) of one process scoring 20,000 files against 1,000.
  (e) for information, where a department's time goes, stage by stage, and the number of
      messages formatted on the way (a batch keeps its words as data: none).
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline import Baseline, baseline  # noqa: E402  (bench/ is not a package)
from generate import big_ruleset, generate  # noqa: E402

# (g) is absolute: a bureau's 500 workbooks read and scored within a minute on one process
TARGETS = {"json": 3.0, "table": 3.0, "jobs2": 1.7, "memory": 1.2, "workbooks": 10}
CHILD = HERE / "child.py"


def child(python: str | Path, *args: object) -> dict[str, Any]:
    """One measurement in a fresh process of `python`."""
    done = subprocess.run(
        [str(python), str(CHILD), *map(str, args)], check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


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


def compiled_install() -> bool:
    """Whether jixiao is imported with saved bytecode (else start-up includes compiling)."""
    import importlib.util

    import jixiao.cli

    source = jixiao.cli.__file__
    assert source is not None
    return Path(importlib.util.cache_from_source(source)).exists()


class Report:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str, str]] = []

    def line(self, figure: str, measured: str, ratio: float, target: str, ok: bool | None) -> None:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        # three decimals: a ratio just past its target must not read as on it (1.50, FAIL)
        self.rows.append((figure, measured, f"{ratio:.3f}", target, verdict))
        print(f"{figure:<46} {measured:<40} {ratio:6.3f}  {target:<8} {verdict}")


def startup(report: Report, python: str, score: str, one: str, repeat: int) -> dict[str, float]:
    floor = "import tomli, decimal, pluggy, attrs"
    times = medians(
        {
            "floor": [python, "-c", floor],
            "json": [score, "run", one, "--format", "json"],
            "floor_rich": [python, "-c", floor + ", rich.console, rich.table"],
            "table": [score, "run", one],
        },
        repeat,
    )
    ms = {k: v * 1000 for k, v in times.items()}
    for name, floor_name, figure in (
        ("json", "floor", "(a) score run --format json / import floor"),
        ("table", "floor_rich", "(a) score run (table) / floor with rich"),
    ):
        ratio = times[name] / times[floor_name]
        report.line(
            figure,
            f"{ms[name]:.0f} ms / {ms[floor_name]:.0f} ms",
            ratio,
            f"<= {TARGETS[name]:g}",
            ratio <= TARGETS[name],
        )
    return ms


def throughput(
    folder: Path, n: int, repeat: int, base: Baseline | None
) -> tuple[dict[str, float], Callable[[str, str], float]]:
    """Departments/s of each kind of run, made one after the other, `repeat` times each."""
    ours = sys.executable
    runs: dict[str, list[float]] = {"parse": [], "spin1": [], "spin2": [], "jobs1": [], "jobs2": []}
    if base is not None:
        runs["base1"] = []
    for _ in range(repeat):
        runs["spin1"].append(8 / child(ours, "spin", folder, 8, 1)["seconds"])
        runs["spin2"].append(8 / child(ours, "spin", folder, 8, 2)["seconds"])
        runs["parse"].append(n / child(ours, "parse", folder, n)["seconds"])
        runs["jobs1"].append(n / child(ours, "score", folder, n, 1, "jixiao")["seconds"])
        if base is not None:
            seconds = child(base.python, "score", folder, n, 1, base.package)["seconds"]
            runs["base1"].append(n / seconds)
        runs["jobs2"].append(n / child(ours, "score", folder, n, 2, "jixiao")["seconds"])
    rate = {k: statistics.median(v) for k, v in runs.items()}

    def paired(top: str, bottom: str) -> float:
        """Median of the ratios of runs made one after the other: robust to drifting load."""
        return statistics.median(a / b for a, b in zip(runs[top], runs[bottom], strict=True))

    return rate, paired


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV", help="a commit to measure the batch against")
    parser.add_argument("--baseline-target", type=float, default=0.9, metavar="RATIO")
    parser.add_argument("--batch-files", type=int, default=4000)
    parser.add_argument("--memory-files", type=int, nargs=2, default=(1000, 20000))
    parser.add_argument("--repeat", type=int, default=15, help="whole-process runs per command")
    parser.add_argument("--batch-repeat", type=int, default=5)
    parser.add_argument("--workbooks", type=int, default=200, help="files read as workbooks")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=HERE.parent / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    return parser.parse_args()


def batch_figures(
    report: Report, folder: Path, args: argparse.Namespace, base: Baseline | None
) -> tuple[dict[str, float], float]:
    """Figures (b) and (c): the departments/s of each run, and the control's ratio."""
    rate, paired = throughput(folder, args.batch_files, args.batch_repeat, base)
    if base is not None:
        ratio = paired("jobs1", "base1")
        report.line(
            f"(b) batch, 1 process / baseline {base.commit[:7]}",
            f"{rate['jobs1']:,.0f} / {rate['base1']:,.0f} departments/s",
            ratio,
            f">= {args.baseline_target:g}",
            ratio >= args.baseline_target,
        )
    report.line(
        "(b) batch, 1 process / read+parse only",
        f"{rate['jobs1']:,.0f} / {rate['parse']:,.0f} departments/s",
        paired("jobs1", "parse"),
        "",
        None,
    )
    jobs_ratio = paired("jobs2", "jobs1")
    report.line(
        "(c) batch, 2 processes / 1 process",
        f"{rate['jobs2']:,.0f} / {rate['jobs1']:,.0f} departments/s",
        jobs_ratio,
        f">= {TARGETS['jobs2']:g}",
        jobs_ratio >= TARGETS["jobs2"],
    )
    headroom = paired("spin2", "spin1")
    print(f"    (control: plain CPU work on 2 processes / 1 = {headroom:.2f})")
    return rate, headroom


def memory_figure(report: Report, folder: Path, small: int, large: int) -> tuple[int, int]:
    """Figure (d): the peak memory of one process streaming through the files."""
    peak_small = child(sys.executable, "score", folder, small, 1, "jixiao")["peak_kib"]
    peak_large = child(sys.executable, "score", folder, large, 1, "jixiao")["peak_kib"]
    memory_ratio = peak_large / peak_small
    report.line(
        f"(d) peak memory, {large:,} files / {small:,}",
        f"{peak_large / 1024:.1f} MiB / {peak_small / 1024:.1f} MiB",
        memory_ratio,
        f"<= {TARGETS['memory']:g}",
        memory_ratio <= TARGETS["memory"],
    )
    return peak_small, peak_large


STAGES = {
    "read": "read and parse (tomli)",
    "validate": "validate every field",
    "measure": "indicators compute their measures",
    "rows": "rules score each sub-indicator",
    "aggregate": "aggregate, the scorecard, its summary",
}


def ruleset_figure(report: Report, tmp: Path) -> dict[str, float]:
    """(f) a bureau's system of 300 rows written as data, against the 2025 system: the time to
    load and validate it in a process whose imports are done (median of 9)."""
    big = big_ruleset(tmp, 300)
    ours = sys.executable
    loads = {
        "big": child(ours, "ruleset", big, 9)["seconds"],
        "2025": child(ours, "ruleset", HERE.parent / "rulesets" / "2025.toml", 9)["seconds"],
    }
    ms = {k: v * 1000 for k, v in loads.items()}
    report.line(
        "(f) load a 300-row ruleset / the 2025 one",
        f"{ms['big']:.0f} ms / {ms['2025']:.1f} ms",
        loads["big"] / loads["2025"],
        "< 1 s",
        loads["big"] < 1.0,
    )
    return loads


def workbook_figure(report: Report, folder: Path, n: int, repeat: int) -> dict[str, float]:
    """(g) departments/s read from workbooks (openpyxl, read-only) against the same facts read
    from TOML, scored the same way in one process; runs made one after the other."""
    ours = sys.executable
    child(ours, "workbooks", folder, n)
    runs: dict[str, list[float]] = {"toml": [], "xlsx": []}
    for _ in range(repeat):
        runs["toml"].append(n / child(ours, "score", folder, n, 1, "jixiao")["seconds"])
        runs["xlsx"].append(n / child(ours, "score", folder, n, 1, "jixiao", ".xlsx")["seconds"])
    rate = {kind: statistics.median(values) for kind, values in runs.items()}
    ratio = statistics.median(x / t for x, t in zip(runs["xlsx"], runs["toml"], strict=True))
    report.line(
        "(g) batch of workbooks / the same as TOML",
        f"{rate['xlsx']:,.0f} / {rate['toml']:,.0f} departments/s",
        ratio,
        f">= {TARGETS['workbooks']:g}/s",
        rate["xlsx"] >= TARGETS["workbooks"],
    )
    return rate


def stage_figures(folder: Path, n: int) -> dict[str, float]:
    """(e): µs a department spends in each stage, and the messages formatted: for information."""
    measured = child(sys.executable, "stages", folder, n)
    per = {name: 1e6 * measured[name] / n for name in STAGES}
    whole = sum(per.values())
    for name, what in STAGES.items():
        print(f"(e) {what:<42} {per[name]:7.0f} µs  {per[name] / whole:6.1%}")
    print(f"(e) messages formatted while scoring {n:,} departments: {measured['formatted']}")
    return {**per, "formatted": measured["formatted"]}


def main() -> None:
    args = arguments()
    began = time.perf_counter()
    compiled = compiled_install()
    if not compiled:
        print(
            "warning: jixiao has no saved bytecode (an editable install under "
            "PYTHONDONTWRITEBYTECODE?); start-up figures include compiling it",
            file=sys.stderr,
        )
    load_before = os.getloadavg()[0]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        base = None
        if args.baseline:
            print(f"installing {args.baseline} as the baseline …")
            base = baseline(args.baseline, Path(tmp) / "baseline")
        folder = Path(tmp) / "files"
        small, large = args.memory_files
        paths = generate(folder, max(args.batch_files, small, large), args.seed)
        mean_size = sum(p.stat().st_size for p in paths[:1000]) / min(1000, len(paths))
        print(f"generated {len(paths)} files (mean {mean_size:,.0f} bytes)")
        score = str(Path(sys.executable).parent / "score")
        ms = startup(report, sys.executable, score, str(paths[0]), args.repeat)
        rate, headroom = batch_figures(report, folder, args, base)
        peak_small, peak_large = memory_figure(report, folder, small, large)
        stages = stage_figures(folder, min(args.batch_files, 2000))
        loads = ruleset_figure(report, Path(tmp))
        books = workbook_figure(report, folder, args.workbooks, args.batch_repeat)
    took = time.perf_counter() - began
    print(f"benchmark took {took:.0f} s")
    if args.no_write:
        return
    facts = {
        "compiled": compiled,
        "ms": ms,
        "rate": rate,
        "mean_size": mean_size,
        "batch_files": args.batch_files,
        "memory": (small, large, peak_small, peak_large),
        "load": (load_before, os.getloadavg()[0]),
        "took": took,
        "headroom": headroom,
        "stages": stages,
        "loads": loads,
        "books": books,
        "workbooks": args.workbooks,
        "repeat": args.repeat,
        "batch_repeat": args.batch_repeat,
        "seed": args.seed,
        "baseline": "none" if base is None else f"`{base.rev}` ({base.commit[:12]})",
    }
    write_doc(args.out, report, facts)
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
    ms, rate = facts["ms"], facts["rate"]
    small, large, peak_small, peak_large = facts["memory"]
    values = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": "\n".join(f"| {k} | {v} |" for k, v in machine().items()),
        "compiled": "yes" if facts["compiled"] else "NO (start-up figures include compiling)",
        "rows": "\n".join(f"| {' | '.join(row)} |" for row in report.rows),
        "load": f"{facts['load'][0]:.2f} before, {facts['load'][1]:.2f} after",
        "took": f"{facts['took']:.0f}",
        "mean_size": f"{facts['mean_size']:,.0f}",
        "batch_files": f"{facts['batch_files']:,}",
        "repeat": str(facts["repeat"]),
        "batch_repeat": str(facts["batch_repeat"]),
        "seed": str(facts["seed"]),
        "baseline": facts["baseline"],
        "floor_ms": f"{ms['floor']:.0f}",
        "json_ms": f"{ms['json']:.0f}",
        "floor_rich_ms": f"{ms['floor_rich']:.0f}",
        "table_ms": f"{ms['table']:.0f}",
        "parse_rate": f"{rate['parse']:,.0f}",
        "headroom": f"{facts['headroom']:.2f}",
        "jobs1_rate": f"{rate['jobs1']:,.0f}",
        "jobs2_rate": f"{rate['jobs2']:,.0f}",
        "jobs1_ms": f"{1000 / rate['jobs1']:.3f}",
        "small": f"{small:,}",
        "large": f"{large:,}",
        "peak_small": f"{peak_small / 1024:.1f}",
        "peak_large": f"{peak_large / 1024:.1f}",
        "province_one_min": f"{500_000 / rate['jobs1'] / 60:.1f}",
        "province_two_min": f"{500_000 / rate['jobs2'] / 60:.1f}",
        "stages": "\n".join(
            f"| {what} | {facts['stages'][name]:.0f} µs |" for name, what in STAGES.items()
        ),
        "formatted": str(facts["stages"]["formatted"]),
        "big_ms": f"{facts['loads']['big'] * 1000:.0f}",
        "small_ms": f"{facts['loads']['2025'] * 1000:.1f}",
        "workbooks": f"{facts['workbooks']:,}",
        "xlsx_rate": f"{facts['books']['xlsx']:,.0f}",
        "xlsx_toml_rate": f"{facts['books']['toml']:,.0f}",
        "xlsx_ms": f"{1000 / facts['books']['xlsx']:.1f}",
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(template.format(**values), encoding="utf-8")


if __name__ == "__main__":
    main()
