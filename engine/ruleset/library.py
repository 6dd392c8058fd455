"""Where rulesets come from: the user's folders, then $SCORE_RULESETS, then the bundled ones.

A ruleset's name is its file name without `.toml`; the first folder on the search path that has
a name wins. A department's year picks the ruleset whose top-level `year` equals it, searching
the folders in the same order; within one folder the file named `<year>.toml` is preferred, and
two other files of the same year in one folder are an error (say which with --ruleset).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from attrs import frozen

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.files import exists, is_folder
from jixiao.engine.tomlfile import TomlDocument, read_toml
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

ENV_VAR = "SCORE_RULESETS"
BUNDLED = Path(__file__).resolve().parents[2] / "rulesets"  # package data of jixiao.rulesets


@frozen
class Folder:
    path: Path
    origin: str  # "--rulesets", "$SCORE_RULESETS" or "bundled"


@frozen
class Found:
    """One ruleset file on the search path."""

    name: str
    path: Path
    origin: str
    shadowed: bool  # an earlier folder has a ruleset of the same name


def folders(extra: Sequence[str | Path] = ()) -> list[Folder]:
    """The folders searched, in order, each with where it came from. A folder named that is
    not one is refused: a bureau that mistypes its folder would get the bundled rules."""
    found = [Folder(Path(d), "--rulesets") for d in extra]
    found += [
        Folder(Path(d), f"${ENV_VAR}") for d in os.environ.get(ENV_VAR, "").split(os.pathsep) if d
    ]
    missing = [folder for folder in found if not is_folder(folder.path)]
    if missing:
        raise InputError(
            Problem(folder.origin, "", NOT_A_FOLDER(path=str(folder.path))) for folder in missing
        )
    found.append(Folder(BUNDLED, "bundled"))
    return found


NOT_A_FOLDER = Template(
    "ruleset.not_a_folder",
    "{path} 不是一个文件夹；请给出存放评价规则的文件夹",
    "{path} is not a folder; give the folder that holds the rulesets",
)


def search_path(extra: Sequence[str | Path] = ()) -> list[Path]:
    """The folders searched for a ruleset by name, first match wins."""
    return [folder.path for folder in folders(extra)]


def toml_files(folder: Path) -> list[Path]:
    """The folder's *.toml files by name; no such folder, or an unreadable one, holds none."""
    try:
        return sorted(folder.glob("*.toml"))
    except (OSError, ValueError):  # a name too long, or holding NUL
        return []


def every_ruleset(extra: Sequence[str | Path] = ()) -> list[Found]:
    """Every ruleset file on the search path, in search order, shadowed ones included."""
    seen: set[str] = set()
    found: list[Found] = []
    for folder in folders(extra):
        for file in toml_files(folder.path):
            found.append(Found(file.stem, file, folder.origin, file.stem in seen))
            seen.add(file.stem)
    return found


def available(extra: Sequence[str | Path] = ()) -> dict[str, Path]:
    """Every ruleset name on the search path, with the file that the name resolves to."""
    return {f.name: f.path for f in every_ruleset(extra) if not f.shadowed}


def named(name: str, extra: Sequence[str | Path] = ()) -> list[Path]:
    """Every file called `name`.toml on the search path, first match first."""
    return [f.path for f in every_ruleset(extra) if f.name == name]


def looks_like_path(name: str) -> bool:
    return name.endswith(".toml") or os.sep in name or "/" in name


def _readable(path: Path) -> TomlDocument | None:
    try:
        return read_toml(path, "ruleset")
    except InputError:
        return None


def _year(document: TomlDocument | None) -> int | None:
    year = None if document is None else document.data.get("year")
    return year if isinstance(year, int) and not isinstance(year, bool) else None


def find_ruleset(
    name: str | None = None, year: int | None = None, extra: Sequence[str | Path] = ()
) -> Path:
    """A ruleset file by path, by name on the search path, or by the department's year."""
    return find_ruleset_document(name, year, extra)[0]


def find_ruleset_document(
    name: str | None = None, year: int | None = None, extra: Sequence[str | Path] = ()
) -> tuple[Path, TomlDocument | None]:
    """find_ruleset, and the file as read when finding it meant reading it (by year), so that
    the caller need not read and parse it a second time."""
    if name is not None and looks_like_path(name):
        path = Path(name)
        if exists(path):
            return path, None
        if path.name == name and path.suffix == ".toml":  # `2025.toml` for the ruleset `2025`
            by_name = available(extra).get(path.stem)
            if by_name is not None:
                return by_name, None
        raise InputError([Problem(name, "", NO_SUCH_FILE)])
    if name is None:
        if year is None:
            _missing(NAME_ONE)
        return _for_year(year, extra)
    rulesets = available(extra)
    if name in rulesets:
        return rulesets[name], None
    names: list[str] | list[Text] = sorted(rulesets) or [NONE]
    _missing(NO_SUCH_NAME(name=name, names=names))


def _for_year(year: int, extra: Sequence[str | Path]) -> tuple[Path, TomlDocument | None]:
    years: dict[int, list[str]] = {}
    for folder in folders(extra):
        matches: list[tuple[Path, TomlDocument | None]] = []
        for file in toml_files(folder.path):
            document = _readable(file)
            stated = _year(document)
            if stated is not None:
                years.setdefault(stated, []).append(file.stem)
            if stated == year:
                matches.append((file, document))
        preferred = [m for m in matches if m[0].stem == str(year)]
        if preferred:
            return preferred[0]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = [str(f) for f, _ in matches]
            _missing(TWO_FOR_YEAR(folder=str(folder.path), year=year, listed=listed))
    found: list[Words] = [
        YEAR_FILES(year=y, files=list(dict.fromkeys(n))) if set(n) != {str(y)} else YEAR(year=y)
        for y, n in sorted(years.items())
    ]
    _missing(NO_YEAR(year=year, found=found or [NONE]))


def _missing(message: Words) -> NoReturn:
    raise InputError([Problem("--ruleset", "", message)])


NO_SUCH_FILE = Template("library.no_such_file", "找不到这个评价规则文件", "no such ruleset file")
NAME_ONE = Template(
    "library.name_one",
    "请用 --ruleset 名称|路径 指定评价规则",
    "name a ruleset with --ruleset NAME|PATH",
)
NONE = Text("（无）", "none")
NO_SUCH_NAME = Template(
    "library.no_such_name",
    "没有名为“{name}”的评价规则；已有的评价规则：{names:list}",
    "there is no ruleset named '{name}'; rulesets found: {names:list}",
)
TWO_FOR_YEAR = Template(
    "library.two_for_year",
    "{folder} 中有不止一个评价规则适用于{year}年（{listed:list}）；请用 --ruleset 指定一个，"
    "或把要用的命名为 {year}.toml",
    "more than one ruleset in {folder} is for the year {year} ({listed:list}); name one with "
    "--ruleset, or name the one to use {year}.toml",
)
YEAR = Template("library.year", "{year}年", "{year}")
YEAR_FILES = Template("library.year_files", "{year}年（{files:list}）", "{year} ({files:list})")
NO_YEAR = Template(
    "library.no_year",
    "没有适用于{year}年的评价规则；有评价规则的年度：{found:list}。请用 --ruleset 名称|路径 指定，"
    "或用 --rulesets 目录 添加评价规则所在的文件夹",
    "there is no ruleset for the year {year}; years with a ruleset: {found:list}. Name one with "
    "--ruleset NAME|PATH, or add a folder with --rulesets DIR",
)
