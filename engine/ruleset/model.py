"""A ruleset as the engine holds it once validated: its grades, dimensions and sub-indicators."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from attrs import field, frozen

from jixiao.engine.rules.base import Rule
from jixiao.engine.ruleset.review_settings import ReviewSettings
from jixiao.engine.words.text import Text


@frozen
class Grade:
    label: Text
    min: Decimal
    below: Decimal | None
    style: str


@frozen
class RulesetIdentity:
    id: str
    year: int
    title: Text
    sha256: str
    source: str


@frozen
class SubIndicator:
    id: str
    code: str
    label: Text
    points: Fraction
    rule: Rule
    then: tuple[Rule, ...] = ()

    def rules(self) -> tuple[Rule, ...]:
        return (self.rule, *self.then)


@frozen
class Dimension:
    id: str
    label: Text
    weight: Fraction
    indicator: str
    subindicators: tuple[SubIndicator, ...]


@frozen
class Ruleset:
    id: str
    year: int
    title: Text
    places: int
    mode: str
    grades: tuple[Grade, ...]
    dimensions: tuple[Dimension, ...]
    source: str
    sha256: str
    review: ReviewSettings = field(factory=ReviewSettings)  # the 复核 thresholds, [review]

    @property
    def identity(self) -> RulesetIdentity:
        return RulesetIdentity(self.id, self.year, self.title, self.sha256, self.source)

    def grade_for(self, total: Decimal) -> Grade:
        for grade in self.grades:
            if total >= grade.min and (grade.below is None or total < grade.below):
                return grade
        return self.grades[-1]  # validation guarantees the bands cover 0–100

    def find(self, key: str) -> tuple[Dimension, SubIndicator] | None:
        """A sub-indicator by id or code ("execution_rate" or "1.1")."""
        for dimension in self.dimensions:
            for sub in dimension.subindicators:
                if key in (sub.id, sub.code):
                    return dimension, sub
        return None
