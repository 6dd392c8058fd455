"""`@value_class`: the engine's frozen value classes. attrs writes `__init__` (and slots, pickling);
equality, hashing and repr are shared methods defined once here.

attrs compiles every method it generates while the class is being created. Over the ~50
classes one `score run` imports, compiling `__repr__`, `__eq__` and `__hash__` for each cost
about 7 ms of every start, a third of the engine's import time. The shared methods behave as
attrs's do: the same repr text, equal when of the same class with equal compared fields
(`field(eq=False)` and `field(repr=False)` are honoured), a hash consistent with equality.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, dataclass_transform

import attrs

C = TypeVar("C", bound=type)


@cache
def _compared(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls) if a.eq)


@cache
def _shown(cls: type) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls) if a.repr)


def _key(self: Any) -> tuple[Any, ...]:
    return tuple([getattr(self, name) for name in _compared(self.__class__)])


def _eq(self: Any, other: object) -> object:  # bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _key(self) == _key(other)


def _hash(self: Any) -> int:
    return hash((self.__class__, *_key(self)))


def _repr(self: Any) -> str:
    fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in _shown(self.__class__))
    return f"{self.__class__.__qualname__}({fields})"


_SHARED: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("__eq__", _eq),
    ("__hash__", _hash),
    ("__repr__", _repr),
)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def value_class(cls: C) -> C:
    """A frozen, slotted attrs class with the shared equality, hash and repr."""
    for name, method in _SHARED:
        setattr(cls, name, method)
    return attrs.frozen(cls, repr=False, eq=False)
