"""Running the score command in the test's own process, as a user would in a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.cli import main


def cli(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], cwd: Path
) -> tuple[int, str, str]:
    """`score ARGS` run in `cwd`: (exit code, stdout, stderr)."""
    monkeypatch.chdir(cwd)
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
