"""`@value_class`: the engine's frozen value classes. attrs writes `__init__` (and slots, pickling);
equality, hashing and repr are shared methods defined once here.

attrs compiles every method it generates while the class is being created. Over the ~50
classes one `score run` imports, compiling `__repr__`, `__eq__` and `__hash__` for each cost
about 7 ms of every start, a third of the engine's import time. The shared methods behave as
attrs's do: the same repr text, equal when of the same class with equal compared fields, a
hash consistent with equality; `field(eq=False)`, `field(eq=key)`, `field(hash=False)` and
`field(repr=False)` / `field(repr=func)` are honoured, and a method the class defines itself
is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, dataclass_transform

import attrs

C = TypeVar("C", bound=type)
_Getter = tuple[str, Callable[[Any], Any] | None]  # a field's name, and the key it compares by


@cache
def _compared(cls: type) -> tuple[_Getter, ...]:
    return tuple((a.name, a.eq_key) for a in attrs.fields(cls) if a.eq)


@cache
def _hashed(cls: type) -> tuple[_Getter, ...]:
    # attrs: a field is hashed when it is compared, unless it says hash=False (or hash=True)
    hashed = (a for a in attrs.fields(cls) if (a.eq if a.hash is None else a.hash))
    return tuple((a.name, a.eq_key) for a in hashed)


@cache
def _shown(cls: type) -> tuple[tuple[str, Callable[[Any], str]], ...]:
    return tuple((a.name, repr if a.repr is True else a.repr) for a in attrs.fields(cls) if a.repr)


def _values(self: Any, getters: tuple[_Getter, ...]) -> tuple[Any, ...]:
    return tuple(
        [getattr(self, name) if key is None else key(getattr(self, name)) for name, key in getters]
    )


def _eq(self: Any, other: object) -> object:  # bool, or NotImplemented
    compared = _compared(self.__class__)
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self, compared) == _values(other, compared)


def _hash(self: Any) -> int:
    return hash((self.__class__, *_values(self, _hashed(self.__class__))))


def _repr(self: Any) -> str:
    fields = ", ".join(
        f"{name}={show(getattr(self, name))}" for name, show in _shown(self.__class__)
    )
    # a class defined in a function: attrs shows `C(...)`, not `f.<locals>.C(...)`
    return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({fields})"


_SHARED: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("__eq__", _eq),
    ("__hash__", _hash),
    ("__repr__", _repr),
)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def value_class(cls: C) -> C:
    """A frozen, slotted attrs class with the shared equality, hash and repr (unless the class
    defines its own: a class that defines `__eq__` alone is unhashable, as Python makes it)."""
    for name, method in _SHARED:
        if name not in cls.__dict__:
            setattr(cls, name, method)
    return attrs.frozen(cls, repr=False, eq=False)
