"""A ruleset as the engine holds it once validated: its grades, dimensions and sub-indicators."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from attrs import field, frozen

from jixiao.engine.plugins.indicator import Indicator
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
class Group:
    """A 二级 group of a dimension: its points, and the rows it adds up."""

    id: str
    label: Text
    points: Fraction
    subindicators: tuple[SubIndicator, ...]


@frozen
class Dimension:
    """A 一级 dimension. `subindicators` holds every row, in order, whether the dimension has
    二级 groups (`groups`, each holding some of them) or not."""

    id: str
    label: Text
    weight: Fraction
    indicator: str  # where unqualified measures are looked up first; "" for none
    subindicators: tuple[SubIndicator, ...]
    groups: tuple[Group, ...] = ()

    def indicators(self) -> tuple[str, ...]:
        """The indicators its rules read, in the order they first appear."""
        ids = (rule.indicator for sub in self.subindicators for rule in sub.rules())
        return tuple(dict.fromkeys(ids))


NA_POLICIES = ("rebase", "full_points")


@frozen
class Levels:
    """How each level above the rows treats its N/A parts: "rebase" scales the applicable
    parts up to the level's points (the 2025 convention); "full_points" counts an N/A part at
    its full points. Each level's subtotal is rounded once, to the ruleset's places."""

    group: str = "rebase"
    dimension: str = "rebase"
    total: str = "rebase"


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
    levels: Levels = field(factory=Levels)
    # the facts and measures the ruleset declares itself, as an indicator (engine/declared)
    declared: Indicator | None = None

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
