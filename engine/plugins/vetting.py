"""What is wrong with what a plugin's hook returned: each check gives the reason, or None."""

from __future__ import annotations

from typing import Any

from jixiao.engine.facts.fields import FIELD_TYPES, Field, Section
from jixiao.engine.measures.types import MEASURE_TYPES
from jixiao.engine.plugins.indicator import MeasureSpec
from jixiao.engine.rules.base import PARAM_TYPES, Param, RuleKind
from jixiao.engine.text import Text


def _container_problem(returned: Any, expected: type, hook_name: str) -> str | None:
    wanted = f"{hook_name}() must return a list of {expected.__name__}"
    if not isinstance(returned, list | tuple):
        return f"{wanted}, returned {_kind_of(returned)}"
    for index, item in enumerate(returned):
        if isinstance(item, type) and issubclass(item, expected):
            cls = item.__name__
            return f"{wanted}; item {index} is the class {cls}: return an instance, {cls}()"
        if not isinstance(item, expected):
            return f"{wanted}; item {index} is {_kind_of(item)}"
    return None


def _kind_of(value: Any) -> str:
    if value is None:
        return "None"
    name = type(value).__name__
    return f"{'an' if name[0] in 'AEIOUaeiou' else 'a'} {name}"


def _indicator_problem(indicator: Any) -> str | None:
    """What is wrong with a plugin's Indicator (its fields are whatever the plugin passed)."""
    if not isinstance(indicator.id, str) or not indicator.id.isidentifier():
        return "id must be a word of letters, digits and underscores, e.g. 'satisfaction'"
    if not isinstance(indicator.label, Text):
        return "label must be a Text(zh, en)"
    if not callable(indicator.compute):
        return "compute must be a function taking Facts"
    if indicator.validate is not None and not callable(indicator.validate):
        return "validate must be a function taking Facts, or None"
    for spec in indicator.measures:
        if not isinstance(spec, MeasureSpec):
            return f"measures must hold MeasureSpec, found {_kind_of(spec)}"
        if spec.type not in MEASURE_TYPES:
            names = ", ".join(t.__name__ for t in MEASURE_TYPES)
            return f"measure {spec.id!r} has type {spec.type!r}; the measure types are {names}"
    for section in indicator.sections:
        if not isinstance(section, Section):
            return f"sections must hold Section, found {_kind_of(section)}"
        fields: tuple[Any, ...] = section.fields
        for one in fields:
            if not isinstance(one, Field):
                return f"section {section.name} must hold Field, found {_kind_of(one)}"
            if one.type not in FIELD_TYPES:
                return (
                    f"field {section.name}.{one.name} has type {one.type!r}; "
                    f"the field types are {', '.join(FIELD_TYPES)}"
                )
            if one.type == "choice" and not one.choices:
                return f"field {section.name}.{one.name} is a choice without choices"
    return None


def _rule_kind_problem(kind: Any) -> str | None:
    """What is wrong with a plugin's RuleKind subclass instance."""
    name = getattr(kind, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        return "name must be a word of letters, digits and underscores, e.g. 'sampled_tiers'"
    if not isinstance(getattr(kind, "label", None), Text):
        return "label must be a Text(zh, en)"
    accepts = getattr(kind, "accepts", None)
    if not isinstance(accepts, tuple) or not accepts:
        return "accepts must be a tuple of measure types, e.g. (Ratio,)"
    for measure_type in accepts:
        if measure_type not in MEASURE_TYPES:
            return f"accepts {measure_type!r}, which is not a measure type"
    for param in kind.params:
        if not isinstance(param, Param):
            return f"params must hold Param, found {_kind_of(param)}"
        if param.type not in PARAM_TYPES:
            return (
                f"parameter {param.name!r} has type {param.type!r}; "
                f"the parameter types are {', '.join(PARAM_TYPES)}"
            )
        if param.name in ("kind", "measure"):
            return f"parameter {param.name!r} is reserved: every rule has it"
    if type(kind).apply is RuleKind.apply or type(kind).describe is RuleKind.describe:
        return "a rule kind must define both apply and describe"
    return None
