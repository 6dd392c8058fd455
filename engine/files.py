"""What is at a path, asked without an error: a name the system refuses (too long for it, or
holding a NUL), or a folder above it that cannot be searched, holds nothing. Every check of a
path the user gave goes through here, so that no such name ends in a traceback."""

from __future__ import annotations

import os
import stat


def mode_of(path: str | os.PathLike[str]) -> int | None:
    """The stat mode of what is at `path` (links followed), or None when nothing usable is."""
    try:
        return os.stat(path).st_mode
    except (OSError, ValueError):
        return None


def is_folder(path: str | os.PathLike[str]) -> bool:
    mode = mode_of(path)
    return mode is not None and stat.S_ISDIR(mode)


def is_file(path: str | os.PathLike[str]) -> bool:
    """A regular file."""
    mode = mode_of(path)
    return mode is not None and stat.S_ISREG(mode)


def exists(path: str | os.PathLike[str]) -> bool:
    return mode_of(path) is not None


def is_special(path: str | os.PathLike[str]) -> bool:
    """An existing device or pipe (/dev/null, /dev/stdout, a FIFO): neither file nor folder."""
    mode = mode_of(path)
    return mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
