"""Where a command's output goes: stdout, or `--output FILE` written atomically.

The file is written to a temporary file in the same folder and moved into place only when the
whole output is done, so that an interrupted run never leaves a partial file. An existing file
is never overwritten without `--force`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from score.engine.errors import InputError, Problem


def check_target(path: str, force: bool) -> None:
    """Refuse early (exit 2) what the final rename would refuse or fail at."""
    target = Path(path)
    if target.is_dir():
        raise InputError([Problem(path, "--output", "is a folder; give a file name")])
    if target.exists() and not force:
        raise InputError([Problem(path, "--output", "already exists; use --force to overwrite it")])
    if not target.parent.is_dir():
        raise InputError([Problem(path, "--output", f"no such folder: {target.parent}")])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _publish(temp: str, path: str, force: bool) -> None:
    if force:
        os.replace(temp, path)
        return
    try:
        os.link(temp, path)  # fails if the file appeared meanwhile: never overwrite by accident
    except FileExistsError:
        raise InputError(
            [Problem(path, "--output", "was created by something else meanwhile; nothing written")]
        ) from None
    except OSError:  # a file system without hard links
        if os.path.exists(path):
            raise InputError(
                [Problem(path, "--output", "already exists; use --force to overwrite it")]
            ) from None
        os.replace(temp, path)
        return
    os.unlink(temp)


@contextmanager
def open_output(path: str | None, force: bool = False) -> Iterator[IO[str]]:
    """Yield a text stream: stdout, or a temporary file published to `path` on success."""
    if path is None:
        yield sys.stdout
        return
    check_target(path, force)
    folder = os.path.dirname(os.path.abspath(path))
    import tempfile  # only when writing: slow to import, and `score` starts often

    handle, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _publish(temp, path, force)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
