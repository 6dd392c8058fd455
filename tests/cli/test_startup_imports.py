"""What one `score run FILE` imports: a heavy library is imported only by the output that uses
it (rich only to draw a table). Run on a copy of the package laid out as installed, without site
processing, so that an editable install's import hooks do not count."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
from pathlib import Path

import pytest
from paths import ROOT

EXAMPLE = ROOT / "examples" / "luquan-cppcc-2025.toml"
PACKAGE = ("__init__.py", "cli.py", "engine", "indicators", "rulesets", "report", "commands")
HEAVY = ("rich",)  # imported only to draw

PROBE = """
import contextlib, io, sys
from jixiao import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(sys.argv[2:])
wanted = sys.argv[1].split(",")
print(code, " ".join(m for m in wanted if m in sys.modules))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("installed")
    for name in PACKAGE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, root / "jixiao" / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            (root / "jixiao").mkdir(exist_ok=True)
            shutil.copy(source, root / "jixiao" / name)
    return root


def _run(installed: Path, watched: tuple[str, ...], *args: str) -> str:
    path = [str(installed), *site.getsitepackages()]
    done = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            f"import sys; sys.path[:0] = {path!r}\n{PROBE}",
            ",".join(watched),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=installed,
    )
    return done.stdout.strip()


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_one_run_imports_no_heavy_library_it_does_not_use(installed: Path, fmt: str) -> None:
    expected = "0 rich" if fmt == "table" else "0"
    assert _run(installed, HEAVY, "run", str(EXAMPLE), "--format", fmt) == expected


def test_the_probe_sees_what_a_run_imports(installed: Path) -> None:
    """The check above can fail: JSON output does import json."""
    assert _run(installed, ("json",), "run", str(EXAMPLE), "--format", "json") == "0 json"
