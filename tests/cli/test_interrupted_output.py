"""Nothing lost: a run interrupted while writing `--output` leaves the previous file exactly as
it was. Ctrl-C (SIGINT) exits 130 and removes the temporary file; a hard kill (SIGKILL) cannot
clean up, so its temporary file (`.out.csv.score-tmp-…`) may stay, clearly score's, and the next
run neither reads it nor trips over it. Inputs are never modified.

The run is a real `score` process over generated facts files (bench/generate.py), enough that
it is still scoring when the signal arrives: the test waits for the temporary file to appear.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from paths import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate

# these tests read the messages in English ($SCORE_LANG=en); Chinese, the default, is tested
# in test_chinese_output.py and the corpus
pytestmark = pytest.mark.usefixtures("english")

SCORE = str(Path(sys.executable).parent / "score")
COUNT = 1500  # about 2 s of scoring on one process: the signal always lands part-way
PREVIOUS = b"\xef\xbb\xbfprevious,results\r\nkept,intact\r\n"


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("submissions")
    generate(folder, COUNT, seed=11)
    return folder


def _digest(folder: Path) -> str:
    hashed = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        hashed.update(path.name.encode() + path.read_bytes())
    return hashed.hexdigest()


def _temporaries(folder: Path) -> list[Path]:
    return sorted(folder.glob(".out.csv.score-tmp-*"))


def _interrupt(
    submissions: Path, out: Path, sig: signal.Signals, jobs: int, fmt: str = "csv"
) -> tuple[int, str]:
    args = [SCORE, "run", str(submissions), "--format", fmt, "-o", str(out), "--force"]
    process = subprocess.Popen([*args, "-j", str(jobs)], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not _temporaries(out.parent):  # scoring has begun, the output is being written
            assert process.poll() is None, "score ended before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        time.sleep(0.2)
        assert process.poll() is None, "score ended before it could be interrupted"
        if fmt == "json":  # JSON Lines stream out file by file: a part is written already
            assert _temporaries(out.parent)[0].stat().st_size > 0
        process.send_signal(sig)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, err


@pytest.mark.parametrize(("fmt", "jobs"), [("csv", 1), ("csv", 2), ("json", 1)])
def test_ctrl_c_leaves_the_previous_output_and_no_temporary(
    submissions: Path, tmp_path: Path, fmt: str, jobs: int
) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(PREVIOUS)
    inputs = _digest(submissions)
    code, err = _interrupt(submissions, out, signal.SIGINT, jobs, fmt)
    assert code == 130
    assert err.splitlines()[-1] == "interrupted"
    assert "Traceback" not in err
    assert out.read_bytes() == PREVIOUS
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    assert _digest(submissions) == inputs
    assert _left_running(str(out)) == []  # no worker process outlives the run


def _left_running(marker: str) -> list[int]:
    """Processes whose command line names `marker` (Linux /proc; empty elsewhere)."""
    deadline = time.monotonic() + 5
    while True:
        found = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_a_hard_kill_leaves_the_previous_output_and_the_next_run_is_unaffected(
    submissions: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    out.write_bytes(PREVIOUS)
    inputs = _digest(submissions)
    code, _ = _interrupt(submissions, out, signal.SIGKILL, 1)
    assert code == -signal.SIGKILL
    assert out.read_bytes() == PREVIOUS
    leftovers = _temporaries(tmp_path)
    assert len(leftovers) == 1  # named as score's own: .out.csv.score-tmp-XXXXXXXX
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.csv", leftovers[0].name])

    # the next run is not disturbed by it, and leaves it alone
    done = subprocess.run(
        [SCORE, "run", str(submissions), "--format", "csv", "-o", str(out), "--force"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + COUNT
    assert _temporaries(tmp_path) == leftovers
    assert _digest(submissions) == inputs
