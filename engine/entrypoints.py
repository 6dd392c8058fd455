"""Entry points of one group, read straight from the installed distributions' metadata files.

`importlib.metadata` costs about 20 ms to import (it pulls in email, zipfile, csv, …), which is
half of score's whole start-up budget; reading `entry_points.txt` of each `*.dist-info` folder on
sys.path takes well under a millisecond. The semantics are those of importlib.metadata: the
first distribution of a name on sys.path wins; zipped distributions (eggs) are read through
importlib.metadata as a fallback, since they are rare.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable
from typing import Any

from .values import value_class

# Parsed with string methods, not regular expressions: compiling the patterns cost about 0.3 ms
# of every start, more than reading the files.
_METADATA = (".dist-info", ".egg-info")


@value_class
class EntryPoint:
    name: str
    value: str
    group: str
    distribution: str
    version: str

    def load(self) -> Any:
        found = _target(self.value)
        if found is None:
            raise ValueError(f"malformed entry point {self.name} = {self.value!r}")
        module, attr = found
        target: Any = importlib.import_module(module)
        for part in attr.split("."):
            if part:
                target = getattr(target, part)
        return target


def _target(value: str) -> tuple[str, str] | None:
    r"""(module, attribute path or "") of `module[:attr] [extras]`; None if it is not one. What
    `^(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+))?\s*(\[.*\])?$` matches, exactly."""
    end = _word_end(value, 0)
    if end == 0:
        return None
    module, attr = value[:end], ""
    at = _space_end(value, end)
    if value.startswith(":", at):
        start = _space_end(value, at + 1)
        end = _word_end(value, start)
        if end == start:
            return None
        attr = value[start:end]
        at = _space_end(value, end)
    extras = value[at:]
    if extras.endswith("\n"):  # `$` also matches before a final newline
        extras = extras[:-1]
    if extras and not (
        len(extras) > 1 and extras[0] == "[" and extras[-1] == "]" and "\n" not in extras
    ):
        return None
    return module, attr


def _word_end(text: str, start: int) -> int:
    r"""Where a run of `[\w.]` characters from `start` ends."""
    end = start
    while end < len(text) and (text[end].isalnum() or text[end] in "._"):
        end += 1
    return end


def _space_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end].isspace():
        end += 1
    return end


def _normalise(name: str) -> str:
    """The name as `re.sub(r"[-_.]+", "-", name).lower()` writes it."""
    name = name.replace("_", "-").replace(".", "-")
    while "--" in name:
        name = name.replace("--", "-")
    return name.lower()


def _parse(text: str, group: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if len(line) > 2 and line[0] == "[" and line[-1] == "]":  # [section]
            current = line[1:-1].strip()
            continue
        name, equals, value = line.partition("=")
        if equals and value and line[0] != "=" and current == group:  # name = value
            found.append((name.strip(), value.strip()))
    return found


def _metadata_dirs(folder: str) -> Iterable[tuple[str, str, str]]:
    """(distribution, version, path) of each dist-info / egg-info folder directly in `folder`."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    # the standard library's folders hold hundreds of names and no metadata: sort only these
    for name in sorted(name for name in names if name.endswith(_METADATA)):
        stem = name.rsplit(".", 1)[0]
        dist, _, version = stem.partition("-")
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            yield dist, version.split("-")[0], path


def _name_and_version(meta: str, dist: str, version: str) -> tuple[str, str]:
    """The distribution's own spelling of its name and its version, from its metadata header."""
    for file_name in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(meta, file_name), encoding="utf-8") as file:
                header = file.read(4096).split("\n\n", 1)[0]
        except OSError:
            continue
        fields = dict(line.split(": ", 1) for line in header.splitlines() if ": " in line)
        return fields.get("Name", dist), fields.get("Version", version)
    return dist, version


def entry_points(group: str, path: Iterable[str] | None = None) -> list[EntryPoint]:
    """Every entry point of `group` from the distributions on `path` (default sys.path)."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    zipped = False
    for folder in sys.path if path is None else path:
        folder = folder or "."
        if os.path.isfile(folder):
            zipped = True
            continue
        for dist, version, meta in _metadata_dirs(folder):
            key = _normalise(dist)
            if key in seen:
                continue
            seen.add(key)
            try:
                with open(os.path.join(meta, "entry_points.txt"), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                continue
            entries = _parse(text, group) if group in text else []
            if entries:
                dist, version = _name_and_version(meta, dist, version)
                found.extend(
                    EntryPoint(name, value, group, dist, version) for name, value in entries
                )
    if zipped:
        found.extend(_zipped(group, seen))
    return found


def _zipped(group: str, seen: set[str]) -> list[EntryPoint]:
    """Distributions inside zip files on sys.path, through the standard library."""
    from importlib.metadata import distributions

    found = []
    for dist in distributions():
        name = dist.metadata["Name"] or ""
        if _normalise(name) in seen:
            continue
        seen.add(_normalise(name))
        for entry in dist.entry_points:
            if entry.group == group:
                found.append(EntryPoint(entry.name, entry.value, group, name, dist.version))
    return found
