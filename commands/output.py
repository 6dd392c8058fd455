"""Where a command's output goes: stdout, or `--output FILE` written atomically.

The file is written to a temporary file in the same folder and moved into place only when the
whole output is done, so that an interrupted run never leaves a partial file. An existing file
is never overwritten without `--force`; a device or pipe (`-o /dev/null`) is written to directly,
never replaced. The temporary file is named `.FILE.score-tmp-XXXXXXXX`
(see `temporary_file`): Ctrl-C removes it; only a hard kill (SIGKILL, a power cut) can leave one
behind, which is then clearly score's and safe to delete, and never read by a later run.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from jixiao.engine.errors import InputError, Problem


def is_special(path: str | os.PathLike[str]) -> bool:
    """An existing device or pipe (/dev/null, /dev/stdout, a FIFO): written to, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def refuse_unwritable(path: str, force: bool) -> None:
    """Refuse early (exit 2) what the final rename would refuse or fail at."""
    target = Path(path)  # "" is "."
    if target.is_dir():
        raise InputError([Problem(path, "--output", "is a folder; give a file name")])
    if path.endswith(tuple(filter(None, (os.sep, os.altsep)))):
        problem = f"ends with {path[-1]}, which names a folder; give a file name"
        raise InputError([Problem(path, "--output", problem)])
    if is_special(target):
        return
    if target.exists() and not force:
        raise InputError([Problem(path, "--output", "already exists; use --force to overwrite it")])
    folder = target.parent
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(path, "--output", f"{folder} is a file, not a folder")])
    if not folder.is_dir():
        raise InputError([Problem(path, "--output", f"no such folder: {folder}")])


TEMP_MARK = ".score-tmp-"
FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO)  # the disk, not score, failed


def temporary_file(path: str | os.PathLike[str], field: str) -> tuple[int, str]:
    """Create `.NAME.score-tmp-XXXXXXXX` beside `path`; a folder we cannot write is exit 2."""
    folder = os.path.dirname(os.path.abspath(path))
    import tempfile  # only when writing: slow to import, and `score` starts often

    try:
        return tempfile.mkstemp(prefix=f".{os.path.basename(path)}{TEMP_MARK}", dir=folder)
    except OSError as error:
        problem = f"cannot write in the folder {folder}: {write_failure(error)}"
        raise InputError([Problem(str(path), field, problem)]) from None


def write_failure(error: OSError) -> str:
    reason = (error.strerror or type(error).__name__).lower()
    if isinstance(error, PermissionError):
        return f"{reason}; choose a folder you can write to"
    return f"{reason}; nothing was written"


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
    refuse_unwritable(path, force)
    if is_special(path):  # a device or pipe cannot be replaced atomically: it is written to
        try:
            with open(path, "w", encoding="utf-8", newline="") as device:
                yield device
        except OSError as error:  # /dev/full, a pipe whose reader went away
            if error.errno not in (*FULL, errno.EPIPE):
                raise
            raise InputError([Problem(path, "--output", write_failure(error))]) from None
        return
    handle, temp = temporary_file(path, "--output")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            try:
                yield stream
            except OSError as error:
                if error.errno not in FULL:
                    raise
                raise InputError([Problem(path, "--output", write_failure(error))]) from None
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as error:  # a full disk, a network folder gone
                raise InputError([Problem(path, "--output", write_failure(error))]) from None
        _publish(temp, path, force)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
