"""@value_class shares equality, hash and repr instead of generating them per class: they must
behave exactly as attrs's generated ones do, since results are compared, hashed, pickled to and
from batch workers, and shown in test failures."""

from __future__ import annotations

import operator
import pickle
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from attrs import field
from attrs.exceptions import FrozenInstanceError
from hypothesis import given
from hypothesis import strategies as st

from score.engine.measures import Ratio
from score.engine.text import Text
from score.engine.values import value_class


@value_class
class Point:
    x: int
    y: int = 0
    note: str = field(default="", eq=False, repr=False)


@attrs.frozen
class AttrsPoint:
    x: int
    y: int = 0
    note: str = field(default="", eq=False, repr=False)


@value_class
class Other:
    x: int
    y: int = 0


def test_repr_is_attrs_repr() -> None:
    assert repr(Point(1, 2, "hidden")) == repr(AttrsPoint(1, 2, "hidden")).replace(
        "AttrsPoint", "Point"
    )
    assert repr(Text("甲", "a")) == "Text(zh='甲', en='a')"


def test_equality_is_by_class_and_compared_fields() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b")  # note is not compared
    assert Point(1, 2) != Point(1, 3)
    assert Point(1, 2) != Other(1, 2)  # same fields, another class
    assert Point(1, 2) != (1, 2)
    assert operator.ne(Point(1, 2), Point(1, 2)) is False


def test_frozen_and_slotted() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    assert not hasattr(point, "__dict__")


@given(st.integers(), st.integers(), st.integers(), st.integers())
def test_equal_values_hash_alike(a: int, b: int, c: int, d: int) -> None:
    assert (Point(a, b) == Point(c, d)) == ((a, b) == (c, d))
    if Point(a, b) == Point(c, d):
        assert hash(Point(a, b)) == hash(Point(c, d))
    assert len({Point(a, b), Point(a, b, "other note")}) == 1


def test_a_field_left_out_of_equality_still_pickles() -> None:
    ratio = Ratio(Fraction(1), Fraction(3), Text("甲", "a"), Text("乙", "b"))
    again = pickle.loads(pickle.dumps(ratio))
    assert again == ratio and again.value == Fraction(1, 3)
    assert "value=" not in repr(ratio)  # field(repr=False)
    assert Ratio(Fraction(1), Fraction(3), Text("甲", "a"), Text("乙", "b"), excluded=1) != ratio
    assert Decimal(1) not in {ratio}


@value_class
class Tagged:
    name: str = field(eq=str.lower)  # compared without case
    tags: list[str] = field(factory=list, hash=False)  # compared, not hashed
    secret: str = field(default="", repr=lambda _: "***")


@attrs.frozen
class AttrsTagged:
    name: str = field(eq=str.lower)
    tags: list[str] = field(factory=list, hash=False)
    secret: str = field(default="", repr=lambda _: "***")


def test_field_options_as_attrs_reads_them() -> None:
    a, b = Tagged("Budget", ["x"], "p"), Tagged("budget", ["x"], "p")
    assert a == b and hash(a) == hash(b)  # a list field with hash=False does not stop hashing
    assert Tagged("budget", ["y"]) != b
    assert repr(a) == repr(AttrsTagged("Budget", ["x"], "p")).replace("AttrsTagged", "Tagged")
    assert (AttrsTagged("Budget", ["x"]) == AttrsTagged("budget", ["x"])) is (a == b)


def test_a_class_keeps_what_it_defines_itself() -> None:
    @value_class
    class Loose:
        x: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose)

        def __repr__(self) -> str:
            return "loose"

    assert Loose(1) == Loose(2) and repr(Loose(1)) == "loose"
    with pytest.raises(TypeError):
        hash(Loose(1))  # defines __eq__ alone: unhashable, as Python and attrs make it

    @value_class
    class Local:
        x: int

    assert repr(Local(1)) == "Local(x=1)"  # not test_….<locals>.Local, as attrs shows it
