"""The sections a facts file may hold (the core's and every indicator's), and what validating
a file looks up in them, worked out once per set of sections."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from jixiao.engine.facts.fields import Field, Section
from jixiao.engine.text import Text

CORE_SECTIONS: tuple[Section, ...] = (
    Section(
        "department",
        Text("部门信息", "Department"),
        (
            Field("name", "text", Text("部门名称", "name"), required=True),
            Field(
                "code",
                "text",
                Text("部门编码", "code"),
                required=True,
                help="the department's code in the budget system",
            ),
            Field(
                "year",
                "year",
                Text("评价年度", "year"),
                required=True,
                help="the budget year evaluated; selects the ruleset of that year",
            ),
        ),
    ),
    Section(
        "self_evaluation",
        Text("部门自评结果", "The department's own self-evaluation"),
        (
            Field("total", "score", Text("自评总分", "self-assessed total")),
            Field("grade", "text", Text("自评等级", "self-assessed grade")),
        ),
        help="what the department claims, compared with the computed score in a review",
    ),
)


class FactsSchema:
    """What validating a facts file looks up, worked out once from the sections (the core's and
    every indicator's): each section and its fields by name, the required fields, the top-level
    sections a file must have, and the names directly inside each prefix."""

    def __init__(self, sections: Iterable[Section]) -> None:
        self.sections = (*CORE_SECTIONS, *sections)
        self.known = {section.name: section for section in self.sections}
        self.fields = {
            name: {f.name: f for f in section.fields} for name, section in self.known.items()
        }
        self.required = {
            name: tuple(f for f in section.fields if f.required)
            for name, section in self.known.items()
        }
        self.needed = tuple(
            (name, section)
            for name, section in self.known.items()
            if "." not in name and not section.array and _has_required(section)
        )
        prefixes = {name.rsplit(".", depth)[0] for name in self.known for depth in range(1, 9)}
        self.inside = {prefix: _children(self.known, prefix) for prefix in ("", *prefixes)}


def _children(known: Mapping[str, Section], prefix: str) -> list[str]:
    """Names of the sections directly inside `prefix` ('' for the top level)."""
    names: list[str] = []
    for name in known:
        if prefix and not name.startswith(prefix + "."):
            continue
        head = (name[len(prefix) + 1 :] if prefix else name).split(".", 1)[0]
        if head and head not in names:
            names.append(head)
    return names


def _has_required(section: Section) -> bool:
    return any(f.required for f in section.fields)
