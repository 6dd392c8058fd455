"""Ruleset inheritance: `extends = "2025"` and `remove = [...]`, resolved to one document.

A child ruleset names its parent with a top-level `extends` (a name, looked up next to the child
file and then on the ruleset search path, or a path relative to the child file) and gives only
what changes. Resolution is a deep merge of
tables: a key the child gives replaces the parent's value for that key, and lists (tiers, grades,
then) are replaced whole, never merged. A rule table whose `kind` differs from the parent's is
replaced whole too, so that no parameter of the old kind survives. Top-level `remove` lists
dotted key paths deleted from the merged document (a path that does not exist is an error).

The resolved document is validated as a whole by engine.ruleset; `origin` tells it which file
gave each key, so that an error names that file and line. Its identity (sha256) is the hash of
a canonical form of the resolved rules (`canonical_text`), so two files that resolve to the same
rules hash the same whatever their layout, comments, key order or spelling of numbers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from attrs import frozen

from jixiao.engine.errors import InputError, Problem
from jixiao.engine.files import mode_of
from jixiao.engine.tomlfile import TomlDocument, read_toml, special_file
from jixiao.engine.words.message import Template, Words

# The files of a chain are compared by their real paths (Path.resolve).
INHERIT_KEYS = ("extends", "remove")
# Parents above a ruleset, at most: a real chain has two or three; without a bound, a chain of
# a thousand files would exhaust Python's stack.
MAX_EXTENDS = 20
KeyPath = tuple[str, ...]
Locate = Callable[[str], tuple[str, int | None]]


@frozen
class Resolved:
    """A ruleset after inheritance: the merged data and where every key came from."""

    document: TomlDocument  # the child file, with `data` replaced by the merged rules
    origins: Mapping[KeyPath, TomlDocument]  # the file that gave each key path; unlisted: the child
    chain: tuple[str, ...]  # the child first, then its parent, grandparent…
    problems: tuple[Problem, ...] = ()  # found while resolving; validation adds its own

    @property
    def data(self) -> dict[str, Any]:
        return self.document.data

    @property
    def path(self) -> str:
        return self.document.path

    @property
    def sha256(self) -> str:
        return rules_sha256(self.data)

    def origin(self, field_path: str) -> tuple[str, int | None]:
        """The file and line that gave a dotted field path (`grades[1].min`, `dimensions.x`)."""
        parts = split_field_path(field_path)
        for end in range(len(parts), 0, -1):
            source = self.origins.get(parts[:end])
            if source is not None:
                return source.path, source.line_of(field_path)
        return self.document.path, self.document.line_of(field_path)


def split_field_path(field_path: str) -> KeyPath:
    """`grades[1].min` -> ("grades", "min"): lists are replaced whole, so the index is moot."""
    # the pattern is compiled (and cached by re) on first use: only an error needs it
    return tuple(part for part in re.sub(r"\[\d+\]", "", field_path).split(".") if part)


def resolve_file(
    path: str | Path,
    search: Callable[[str], Sequence[Path]] | None = None,
    document: TomlDocument | None = None,
) -> Resolved:
    """Read a ruleset file and resolve its `extends` chain; InputError names every file.
    `document`: the file already read (ruleset.library reads it to learn its year)."""
    return _resolve(Path(path), search or _no_search, (), document)


def _no_search(name: str) -> Sequence[Path]:
    return ()


def _resolve(
    path: Path,
    search: Callable[[str], Sequence[Path]],
    stack: tuple[Path, ...],
    document: TomlDocument | None = None,
) -> Resolved:
    if document is None:
        document = read_toml(path, "ruleset")
    if stack and "dimensions" not in document.data and "department" in document.data:
        # a department's file named as a parent: the parent is what is wrong, not the child
        child = _shown(stack[-1])
        raise InputError([Problem(document.path, "", PARENT_IS_FACTS(child=child))])
    own = {k: v for k, v in document.data.items() if k not in INHERIT_KEYS}
    problems: list[Problem] = []

    def fail(key: str, message: Words | str) -> None:
        problems.append(Problem(document.path, key, message, document.line_of(key)))

    extends = document.data.get("extends")
    remove = document.data.get("remove", [])
    if not isinstance(remove, list) or not all(isinstance(r, str) and r for r in remove):
        fail("remove", REMOVE_LIST)
        remove = []
    if extends is None:
        chain: tuple[str, ...] = (document.path,)
        # the file's own tables, copied only when `remove` is to delete from them; every key
        # named with its file only in a parent: the child's lookups fall back to the child
        data = _copy(own) if remove else own
        origins = _origins(own, document, ()) if stack else {}
    else:
        if not isinstance(extends, str) or not extends.strip():
            fail("extends", EXTENDS_TEXT)
            raise InputError(problems)
        for key in ("id", "year"):
            if key not in own:
                fail(key, OWN_KEY(key=key, example=_example(key), parent=extends))
        here = path.resolve()  # only a chain can hold a cycle
        if len(stack) >= MAX_EXTENDS:
            start = _shown(stack[0])
            fail("extends", TOO_LONG(most=MAX_EXTENDS, start=start))
            raise InputError(problems)
        parent_path = _parent(extends, path, search, (*stack, here), fail)
        if parent_path is None:
            raise InputError(problems)
        parent = _resolve(parent_path, search, (*stack, here))
        data = _copy(parent.data)
        origins = dict(parent.origins)
        _merge(data, own, origins, document, ())
        chain = (document.path, *parent.chain)
    if problems:
        raise InputError(problems)
    for index, dotted in enumerate(remove):
        if not _remove(data, origins, tuple(dotted.split("."))):
            fail(f"remove[{index}]", NOT_THERE(path=dotted))
    if problems and stack:  # a parent that cannot be resolved stops its children
        raise InputError(problems)
    merged = TomlDocument(document.path, document.text, data, document.had_bom)
    return Resolved(merged, origins, chain, tuple(problems))


def _example(key: str) -> str:
    return '"2026"' if key == "id" else "2026"


def _parent(
    extends: str,
    child: Path,
    search: Callable[[str], Sequence[Path]],
    stack: tuple[Path, ...],
    fail: Callable[[str, Words | str], None],
) -> Path | None:
    """The parent's file; a name that finds the child itself (or a file already in the chain)
    looks further down the search path, so a folder's 2025.toml may extend the bundled 2025."""
    if extends.endswith(".toml") or "/" in extends or "\\" in extends:
        candidate = (child.parent / extends).resolve()
        if candidate in stack:
            fail("extends", _cycle(stack, candidate))
            return None
        mode = mode_of(candidate)
        if mode is None:
            fail("extends", NO_PARENT_FILE(path=_shown(candidate)))
            return None
        special = special_file(mode)
        if special is not None:  # /dev/zero exists: it is not a file to read
            fail("extends", PARENT_NOT_FILE(path=_shown(candidate), thing=special))
            return None
        return candidate
    found = list(search(extends))
    local = child.parent / f"{extends}.toml"
    if mode_of(local) is not None and local.resolve() not in {f.resolve() for f in found}:
        found.insert(0, local)
    for candidate in found:
        if candidate.resolve() not in stack:
            return candidate
    if found:
        fail("extends", _cycle(stack, found[0].resolve()))
    else:
        fail("extends", NO_PARENT(name=extends))
    return None


def _cycle(stack: tuple[Path, ...], back: Path) -> Words:
    start = stack.index(back) if back in stack else 0
    return CYCLE(loop=" → ".join(_shown(p) for p in (*stack[start:], back)))


def _shown(path: Path) -> str:
    """A real path as the user would write it: relative to the current folder when inside."""
    here = Path.cwd().resolve()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _origins(data: Any, document: TomlDocument, prefix: KeyPath) -> dict[KeyPath, TomlDocument]:
    found: dict[KeyPath, TomlDocument] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            path = (*prefix, key)
            found[path] = document
            found.update(_origins(value, document, path))
    return found


def _drop(origins: dict[KeyPath, TomlDocument], prefix: KeyPath) -> None:
    for path in [p for p in origins if p[: len(prefix)] == prefix]:
        del origins[path]


def _merge(
    base: dict[str, Any],
    child: Mapping[str, Any],
    origins: dict[KeyPath, TomlDocument],
    document: TomlDocument,
    prefix: KeyPath,
) -> None:
    """Deep-merge `child` into `base` in place: tables merge, every other value replaces."""
    for key, value in child.items():
        path = (*prefix, key)
        old = base.get(key)
        if isinstance(old, dict) and isinstance(value, dict) and not _new_kind(old, value):
            origins[path] = document
            _merge(old, value, origins, document, path)
            continue
        _drop(origins, path)
        base[key] = _copy(value)
        origins.update(_origins({key: value}, document, prefix))


def _new_kind(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    return "kind" in new and new.get("kind") != old.get("kind")


def _remove(data: dict[str, Any], origins: dict[KeyPath, TomlDocument], path: KeyPath) -> bool:
    table: Any = data
    for key in path[:-1]:
        table = table.get(key) if isinstance(table, dict) else None
    if not isinstance(table, dict) or path[-1] not in table:
        return False
    del table[path[-1]]
    _drop(origins, path)
    return True


def merge_tables(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` deep-merged over a copy of `base` (the same rule as inheritance)."""
    merged: dict[str, Any] = _copy(dict(base))
    placeholder = TomlDocument("", "", {})
    _merge(merged, changes, {}, placeholder, ())
    return merged


def rules_sha256(data: Any) -> str:
    """The identity of a ruleset's rules: the sha256 of their canonical text."""
    return hashlib.sha256(canonical_text(data).encode("utf-8")).hexdigest()


def canonical_text(data: Any) -> str:
    """One spelling of the rules: JSON with sorted keys, numbers written exactly and minimally
    (5, 5.0 and 5.00 are all `5`), so layout, comments and key order do not change the hash."""
    return json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | Decimal):
        number = Decimal(value)
        if not number.is_finite():
            return {"number": str(number)}
        text = format(number.normalize(), "f")
        return {"number": text}
    return {"value": str(value)}  # dates and times


REMOVE_LIST = Template(
    "inherit.remove_list",
    '应为以点分隔的字段路径列表，如 remove = ["dimensions.x"]',
    'expected a list of dotted key paths, e.g. remove = ["dimensions.x"]',
)
EXTENDS_TEXT = Template(
    "inherit.extends_text",
    '应为上级评价规则的名称或路径，如 extends = "2025"',
    'expected the parent ruleset\'s name or path, e.g. extends = "2025"',
)
OWN_KEY = Template(
    "inherit.own_key",
    "继承其他评价规则时必须填写本评价规则自己的 {key}（如 {key} = {example}），"
    "不能沿用“{parent}”的",
    "is required in a ruleset that extends another: give this ruleset its own {key} (e.g. "
    "{key} = {example}) rather than inheriting '{parent}''s",
)
NOT_THERE = Template(
    "inherit.not_there",
    "“{path}”不在继承后的评价规则中；请对照 `score rules show` 检查拼写"
    "（路径形如 dimensions.ID.subindicators.ID）",
    "'{path}' is not in the resolved ruleset; check the spelling against `score rules show` "
    "(paths look like dimensions.ID.subindicators.ID)",
)
NO_PARENT_FILE = Template(
    "inherit.no_parent_file",
    "上级规则文件“{path}”不存在",
    "the parent file '{path}' does not exist",
)
PARENT_NOT_FILE = Template(
    "inherit.parent_not_file",
    "上级规则文件“{path}”是{thing}，不是普通文件；请写评价规则文件的路径",
    "the parent file '{path}' is {thing}, not a regular file; give the path of a ruleset file",
)
PARENT_IS_FACTS = Template(
    "inherit.parent_is_facts",
    "是部门的填报数据文件（含 [department]），不是评价规则，不能被继承；"
    '请把 {child} 中的 extends 改为评价规则的名称或路径，如 extends = "2025"',
    "is a department's facts file (it has [department]), not a ruleset, so it cannot be "
    'extended; change extends in {child} to a ruleset\'s name or path, e.g. extends = "2025"',
)
TOO_LONG = Template(
    "inherit.too_long",
    "评价规则逐级继承超过{most}层（从 {start} 算起）；"
    "请减少中间层级，让评价规则直接继承所需的上级评价规则",
    "leads more than {most} parents up (counting from {start}); let a ruleset extend the one "
    "it needs directly",
)
NO_PARENT = Template(
    "inherit.no_parent",
    "找不到名为“{name}”的评价规则（在本文件旁边和搜索路径中：--rulesets 目录、$SCORE_RULESETS、"
    '自带的评价规则）；请检查名称，或写路径，如 extends = "../2025.toml"',
    "no ruleset named '{name}' was found (next to this file or on the search path: "
    "--rulesets DIR, $SCORE_RULESETS, the bundled rulesets); check the name or give a path such "
    'as extends = "../2025.toml"',
)
CYCLE = Template(
    "inherit.cycle",
    "评价规则相互继承，形成循环：{loop}；其中一个不能再继承",
    "rulesets extend each other in a cycle: {loop}; one of them must not extend",
)
