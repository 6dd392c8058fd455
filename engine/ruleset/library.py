"""Where rulesets come from: the user's folders, then $SCORE_RULESETS, then the bundled ones.

A ruleset is found by its file name without `.toml` (the first folder on the search path that
has a file of that name wins; the later ones are shadowed) or by the `id` its file states. A name
that finds more than one ruleset that way is an error naming each file: two files of the same
id, or one file's name that is another's id. Shadowed files are never used and not counted.
A department's year picks the ruleset whose top-level `year` equals it, searching the folders in
the same order; within one folder the file named `<year>.toml` is preferred, and two other files
of the same year in one folder are an error (say which with --ruleset).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from attrs import frozen

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.files import exists, is_file, is_folder
from jixiao.engine.tomlfile import TomlDocument, parse_toml, read_toml
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


# the top-level keys (`id` among them) come before a ruleset's first table, in its opening lines
HEAD_BYTES = 16 * 1024


def declared_id(path: Path) -> str | None:
    """The `id` a ruleset file states, or None (it states none, or it is no readable TOML).

    Read from the lines before the file's first table, where TOML keeps its top-level keys, so
    that finding a ruleset by id reads a few lines of each file; the whole file only when those
    lines cannot be told from its opening bytes."""
    if not is_file(path):  # a pipe on the search path is never opened
        return None
    try:
        with open(path, "rb") as stream:
            head = stream.read(HEAD_BYTES + 1)
    except OSError:
        return None
    data = _top_keys(head, str(path), whole=len(head) <= HEAD_BYTES)
    if data is None:
        document = _readable(path)
        data = None if document is None else document.data
    stated = None if data is None else data.get("id")
    return stated if isinstance(stated, str) and stated.strip() else None


def _top_keys(head: bytes, name: str, whole: bool) -> dict[str, object] | None:
    """The top-level keys of a file that opens with `head` (all of it when `whole`), or None
    when they cannot be had from it: no table header in it, or the lines before one do not
    parse by themselves (a multi-line string or list holding a line that starts with `[`)."""
    lines = head.split(b"\n")
    # the last line may be cut short: a header is looked for only in the lines before it
    table = next((i for i, line in enumerate(lines[:-1]) if line.lstrip().startswith(b"[")), None)
    if table is None and not whole:
        return None
    top = head if table is None else b"\n".join(lines[:table])
    if not top.strip():  # a file that opens with a table states no top-level key
        return {}
    try:
        return parse_toml(top, name, "ruleset").data
    except InputError:
        return None


def ids(found: Sequence[Found]) -> dict[Path, str | None]:
    """The id each of these ruleset files states (None: none it can be found by)."""
    return {f.path: declared_id(f.path) for f in found}


def listed(found: Found, stated: str | None) -> Text:
    """A ruleset as it is named in a list: its id, with its file when its name differs:
    2025, 2025b（bureau.toml）."""
    if stated is None or stated == found.name:
        return Text(found.name, found.name)
    return Text(f"{stated}（{found.path.name}）", f"{stated} ({found.path.name})")


def resolve_name(name: str, extra: Sequence[str | Path] = ()) -> Path:
    """The ruleset file a name finds: by its file name or by its id, on the search path."""
    rulesets = [f for f in every_ruleset(extra) if not f.shadowed]
    stated = ids(rulesets)
    stem = next((f.path for f in rulesets if f.name == name), None)
    by_id = [f.path for f in rulesets if stated[f.path] == name]
    distinct: dict[Path, Path] = {}  # one file found twice (a link to it) is one ruleset
    for f in rulesets:  # in search order
        if f.path == stem or f.path in by_id:
            distinct.setdefault(f.path.resolve(), f.path)
    matches = list(distinct.values())
    if len(matches) == 1:
        return matches[0]
    if not matches:
        names = sorted((listed(f, stated[f.path]) for f in rulesets), key=lambda t: t.zh)
        _missing(NO_SUCH_NAME(name=name, names=names or [NONE]))
    files = [str(path) for path in matches]
    if stem is None or stem in by_id:
        _missing(SAME_ID(name=name, count=len(files), files=files))
    others = [str(path) for path in by_id]
    _missing(NAME_AND_ID(name=name, file=str(stem), others=others))


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
    return resolve_name(name, extra), None


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
SAME_ID = Template(
    "library.same_id",
    "搜索路径上有{count}个评价规则的 id 都是“{name}”：{files:list}；按名称无法确定用哪一个。"
    '请把其中一个文件中的 id 改为别的名称（如 id = "{name}-2"），或用 --ruleset 路径 '
    "指定要用的文件",
    "{count} rulesets on the search path have the id '{name}': {files:list}; a name cannot tell "
    'them apart. Give one of them another id in its file (e.g. id = "{name}-2"), or name the '
    "file to use with --ruleset PATH",
)
NAME_AND_ID = Template(
    "library.name_and_id",
    "“{name}”既是 {file} 的文件名，又是 {others:list} 中的 id；按名称无法确定用哪一个。"
    "请修改其中一个的 id 或文件名，或用 --ruleset 路径 指定要用的文件",
    "'{name}' is the file name of {file} and the id in {others:list}; a name cannot tell them "
    "apart. Change one's id or file name, or name the file to use with --ruleset PATH",
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
