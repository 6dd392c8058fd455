"""A department's facts as the engine reads them: validated, typed, exact."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen

from jixiao.engine.findings import Finding


@frozen
class Department:
    name: str
    code: str
    year: int


@frozen
class Facts:
    """A department's validated facts: typed values by section, numbers as exact Decimals."""

    department: Department
    # plain dicts as validated; a read-only view of them in an indicator's code (facts/view.py)
    sections: Mapping[str, Any]
    source: str = "<memory>"
    claims: Mapping[str, Any] = field(factory=dict)
    # what reading the file noted beside the values: a value read from the way it was written
    # (是 as true), an amount that looks typed in 元, a placeholder left as the template wrote it
    notes: tuple[Finding, ...] = ()

    def section(self, name: str) -> Mapping[str, Any]:
        """A dotted section (`disclosure.budget`), or {} when the file does not have it."""
        node: Any = self.sections
        for part in name.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return {}
            node = node[part]
        return node if isinstance(node, Mapping) else {}

    def records(self, name: str) -> Sequence[Mapping[str, Any]]:
        """An array of tables (`targets`, `projects`), or () when absent."""
        value = self.sections.get(name)
        return value if isinstance(value, list | tuple) else ()

    def has(self, name: str) -> bool:
        return name in self.sections
