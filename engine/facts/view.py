"""The facts as one indicator's code sees them: read-only, and only what it declared.

An indicator's `validate` and `compute` are third-party code. They get the department's facts
through a view that cannot be changed (so that no plugin, used by the ruleset or not, can alter
what the next one reads) and that refuses a field the indicator never declared: a misspelt
field name (`in_posts` for `in_post`) would otherwise read as "not given", score 0 and blame
the department. An indicator reads the fields of its own sections and the other indicators'
fields it names in `reads`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

from attrs import frozen

from jixiao.engine.facts.fields import Section
from jixiao.engine.facts.model import Department, Facts

TOP = ""  # the path of the file's top level


class UndeclaredFact(Exception):
    """An indicator read a field it did not declare. Not a KeyError, which a plugin might catch
    as "not given"; the view also remembers the read, in case the plugin catches this too."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(path)


@frozen
class Readable:
    """What one indicator may read: for each section path, the names in it."""

    names: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, sections: Iterable[Section], reads: Iterable[str] = ()) -> Readable:
        names: dict[str, set[str]] = {TOP: set()}
        for section in sections:
            _add(names, section.name.split("."))
            names.setdefault(section.name, set()).update(f.name for f in section.fields)
        for dotted in reads:
            _add(names, dotted.split("."))
        return cls({path: frozenset(held) for path, held in names.items()})

    def view(self, facts: Facts) -> tuple[Facts, list[str]]:
        """The facts as the indicator may read them, and the list that collects every
        undeclared field it tried to read."""
        misses: list[str] = []
        sections = ReadOnlySection(facts.sections, TOP, TOP, self.names, misses)
        department = facts.department  # a copy: what one plugin does to it stays its own
        seen = Facts(
            Department(department.name, department.code, department.year),
            sections,
            facts.source,
            MappingProxyType(dict(facts.claims)),
            facts.notes,
        )
        return seen, misses


def _add(names: dict[str, set[str]], parts: list[str]) -> None:
    """Each part of a dotted path is a name its parent may read."""
    for depth, part in enumerate(parts):
        names.setdefault(".".join(parts[:depth]), set()).add(part)


_ABSENT = object()


class ReadOnlySection(Mapping[str, Any]):
    """One table of the facts: its values as the file gave them, read-only; a name outside what
    the indicator declared raises UndeclaredFact. Indicators read every field through here, so
    `get`, `[]` and `in` are written out rather than left to Mapping's slower defaults."""

    __slots__ = ("_misses", "_names", "_path", "_readable", "_shown", "_values", "_wrapped")

    def __init__(
        self,
        values: Mapping[str, Any],
        path: str,
        shown: str,
        names: Mapping[str, frozenset[str]],
        misses: list[str],
    ) -> None:
        self._values = values
        self._path = path  # the section's path in the schema: targets for every target
        self._shown = shown  # its path in the file: targets[2]
        self._names = names
        self._misses = misses
        self._readable = names.get(path, frozenset())
        self._wrapped: dict[str, Any] = {}  # each table or array made read-only once per view

    def _undeclared(self, key: object) -> UndeclaredFact:
        where = f"{self._shown}.{key}" if self._shown else str(key)
        self._misses.append(where)
        return UndeclaredFact(where)

    def __getitem__(self, key: str) -> Any:
        if key not in self._readable:
            raise self._undeclared(key)
        value = self._values[key]
        kind = type(value)
        return self._wrap(key, value) if kind is dict or kind is list else value

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self._readable:
            raise self._undeclared(key)
        value = self._values.get(key, _ABSENT)
        if value is _ABSENT:
            return default
        kind = type(value)
        return self._wrap(key, value) if kind is dict or kind is list else value

    def __contains__(self, key: object) -> bool:
        if key not in self._readable:
            raise self._undeclared(key)
        return key in self._values

    def __iter__(self) -> Iterator[str]:  # the keys given that it may read
        readable = self._readable
        return (key for key in self._values if key in readable)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:  # names only what may be read: no value of another's
        return f"ReadOnlySection({self._shown or 'facts'}, may read: {sorted(self._readable)})"

    def _wrap(self, key: str, value: dict[str, Any] | list[Any]) -> Any:
        """A table or an array of tables, read-only (the callers pass any other value, a
        Decimal, a str, a date, as it is)."""
        wrapped = self._wrapped.get(key)
        if wrapped is None:
            wrapped = self._wrapped[key] = self._read_only(key, value)
        return wrapped

    def _read_only(self, key: str, value: dict[str, Any] | list[Any]) -> Any:
        path = f"{self._path}.{key}" if self._path else key
        shown = f"{self._shown}.{key}" if self._shown else key
        if type(value) is dict:
            return ReadOnlySection(value, path, shown, self._names, self._misses)
        return tuple(
            ReadOnlySection(item, path, f"{shown}[{index}]", self._names, self._misses)
            if type(item) is dict
            else item
            for index, item in enumerate(value)
        )
