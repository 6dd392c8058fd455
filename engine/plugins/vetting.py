"""What is wrong with what a plugin's hook returned: each check gives the reason, or None."""

from __future__ import annotations

from typing import Any

from jixiao.engine.facts.fields import FIELD_TYPES, Field, Section
from jixiao.engine.measures.kinds import FactRef, MeasureKind
from jixiao.engine.measures.types import MEASURE_TYPES
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.indicator import MeasureSpec
from jixiao.engine.rules.base import PARAM_TYPES, Param, RuleKind
from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text


def _container_problem(returned: Any, expected: type, hook_name: str) -> Words | None:
    named = {"hook": hook_name, "expected": expected.__name__}
    if not isinstance(returned, list | tuple):
        return faults.NOT_A_LIST(**named, found=_kind_of(returned))
    for index, item in enumerate(returned):
        if isinstance(item, type) and issubclass(item, expected):
            return faults.ITEM_IS_CLASS(**named, index=index, cls=item.__name__)
        if not isinstance(item, expected):
            return faults.ITEM_WRONG(**named, index=index, found=_kind_of(item))
    return None


def _kind_of(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name}"


def _indicator_problem(indicator: Any) -> Words | None:
    """What is wrong with a plugin's Indicator (its fields are whatever the plugin passed)."""
    if not isinstance(indicator.id, str) or not indicator.id.isidentifier():
        return faults.BAD_ID(what="id", example="satisfaction")
    if not isinstance(indicator.label, Text):
        return faults.LABEL_NOT_TEXT()
    if not callable(indicator.compute):
        return faults.NOT_CALLABLE(what="compute", or_none="")
    if indicator.validate is not None and not callable(indicator.validate):
        return faults.NOT_CALLABLE(what="validate", or_none=faults.OR_NONE)
    reads = indicator.reads
    if not isinstance(reads, tuple) or not all(isinstance(r, str) and r for r in reads):
        return faults.READS_WRONG()
    for spec in indicator.measures:
        if not isinstance(spec, MeasureSpec):
            return faults.HOLDS_WRONG(what="measures", expected="MeasureSpec", found=_kind_of(spec))
        if spec.type not in MEASURE_TYPES:
            names = ", ".join(t.__name__ for t in MEASURE_TYPES)
            return faults.UNKNOWN_TYPE(
                what=faults.MEASURE, name=spec.id, type=repr(spec.type), types=names
            )
    for section in indicator.sections:
        if not isinstance(section, Section):
            return faults.HOLDS_WRONG(what="sections", expected="Section", found=_kind_of(section))
        fields: tuple[Any, ...] = section.fields
        for one in fields:
            name = f"{section.name}.{getattr(one, 'name', '?')}"
            if not isinstance(one, Field):
                return faults.HOLDS_WRONG(
                    what=f"section {section.name}", expected="Field", found=_kind_of(one)
                )
            if one.type not in FIELD_TYPES:
                return faults.UNKNOWN_TYPE(
                    what=faults.FIELD, name=name, type=repr(one.type), types=", ".join(FIELD_TYPES)
                )
            if one.type == "choice" and not one.choices:
                return faults.CHOICE_WITHOUT_CHOICES(name=name)
    return None


def _rule_kind_problem(kind: Any) -> Words | None:
    """What is wrong with a plugin's RuleKind subclass instance."""
    name = getattr(kind, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        return faults.BAD_ID(what="name", example="sampled_tiers")
    if not isinstance(getattr(kind, "label", None), Text):
        return faults.LABEL_NOT_TEXT()
    accepts = getattr(kind, "accepts", None)
    if not isinstance(accepts, tuple) or not accepts:
        return faults.ACCEPTS_TUPLE()
    for measure_type in accepts:
        if measure_type not in MEASURE_TYPES:
            return faults.ACCEPTS_WRONG(type=repr(measure_type))
    wrong = _params_problem(kind.params)
    if wrong is not None:
        return wrong
    for param in kind.params:
        if param.name in ("kind", "measure"):
            return faults.RESERVED_PARAM(name=param.name)
    if type(kind).apply is RuleKind.apply or type(kind).describe is RuleKind.describe:
        return faults.APPLY_AND_DESCRIBE()
    return None


def _measure_kind_problem(kind: Any) -> Words | None:
    """What is wrong with a plugin's MeasureKind subclass instance."""
    name = getattr(kind, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        return faults.BAD_ID(what="name", example="weighted_share")
    if not isinstance(getattr(kind, "label", None), Text):
        return faults.LABEL_NOT_TEXT()
    if getattr(kind, "produces", None) not in MEASURE_TYPES:
        return faults.ACCEPTS_WRONG(type=repr(getattr(kind, "produces", None)))
    for ref in kind.facts:
        if not isinstance(ref, FactRef):
            return faults.HOLDS_WRONG(what="facts", expected="FactRef", found=_kind_of(ref))
    wrong = _params_problem(kind.params)
    if wrong is not None:
        return wrong
    if type(kind).compute is MeasureKind.compute:
        return faults.COMPUTE_MISSING()
    return None


def _params_problem(params: Any) -> Words | None:
    """What is wrong with a rule or measure kind's declared parameters."""
    for param in params:
        if not isinstance(param, Param):
            return faults.HOLDS_WRONG(what="params", expected="Param", found=_kind_of(param))
        if param.type not in PARAM_TYPES:
            return faults.UNKNOWN_TYPE(
                what=faults.PARAMETER,
                name=param.name,
                type=repr(param.type),
                types=", ".join(PARAM_TYPES),
            )
    return None
