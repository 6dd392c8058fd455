"""The install of an earlier commit, for measuring against it in the same run.

`baseline(rev)` makes a git worktree of the commit in a temporary folder, installs it
(non-editable, so that it has bytecode as a user's install does) into a virtual environment of
its own, and gives that environment's Python and the import name of its package (`jixiao`, or
`score` before the package was renamed).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from attrs import frozen

ROOT = Path(__file__).resolve().parent.parent


@frozen
class Baseline:
    rev: str  # as given
    commit: str  # the full hash
    python: Path
    package: str
    command: Path  # its `score` console script


def _run(*args: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def baseline(rev: str, folder: Path) -> Baseline:
    """Install commit `rev` of this repository under `folder` (which the caller removes)."""
    commit = _run("git", "rev-parse", "--verify", f"{rev}^{{commit}}")
    tree = folder / "tree"
    _run("git", "worktree", "add", "--detach", tree, commit)
    try:
        venv = folder / "venv"
        _run(sys.executable, "-m", "venv", venv)
        python = venv / "bin" / "python"
        _run(python, "-m", "pip", "install", "-q", tree)
    finally:
        _run("git", "worktree", "remove", "--force", tree)
    package = "jixiao"
    try:
        _run(python, "-c", "import jixiao.engine.batch")
    except subprocess.CalledProcessError:
        package = "score"
    return Baseline(rev, commit, python, package, venv / "bin" / "score")
