"""Where rulesets come from: the user's folders, then $SCORE_RULESETS, then the bundled ones."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError, Problem

ENV_VAR = "SCORE_RULESETS"


def bundled_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "rulesets"


def search_path(extra: Sequence[str | Path] = ()) -> list[Path]:
    """The folders searched for a ruleset by name, first match wins."""
    dirs = [Path(d) for d in extra]
    dirs += [Path(d) for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d]
    dirs.append(bundled_dir())
    return dirs


def available(extra: Sequence[str | Path] = ()) -> dict[str, Path]:
    """Every ruleset name on the search path, with the file that the name resolves to."""
    found: dict[str, Path] = {}
    for folder in search_path(extra):
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except (OSError, ValueError):  # an unreadable or impossible folder holds no rulesets
            files = []
        for file in files:
            found.setdefault(file.stem, file)
    return found


def looks_like_path(name: str) -> bool:
    return name.endswith(".toml") or os.sep in name or "/" in name


def find_ruleset(
    name: str | None = None, year: int | None = None, extra: Sequence[str | Path] = ()
) -> Path:
    """A ruleset file by path, by name on the search path, or by the department's year."""
    if name is not None and looks_like_path(name):
        path = Path(name)
        try:
            exists = path.exists()
        except (OSError, ValueError):  # a name too long or holding NUL: no such file either
            exists = False
        if not exists:
            raise InputError([Problem(name, "", "no such ruleset file")])
        return path
    wanted = name if name is not None else str(year)
    rulesets = available(extra)
    if wanted in rulesets:
        return rulesets[wanted]
    names = ", ".join(sorted(rulesets)) or "none"
    if name is None:
        return _missing(
            f"there is no ruleset for the year {year}; rulesets found: {names}. "
            "Name one with --ruleset NAME|PATH, or add a folder with --rulesets DIR"
        )
    return _missing(f"there is no ruleset named {name!r}; rulesets found: {names}")


def _missing(message: str) -> Path:
    raise InputError([Problem("--ruleset", "", message)])
