"""A department's facts file -> validated Facts, with every problem reported at once.

The sections a file may hold are the core's (`department`, `self_evaluation`) plus those the
installed indicators declare. Unknown keys are refused with the nearest known key suggested, so
a mistyped key never silently scores zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .errors import MAX_PROBLEMS, InputError, Problem, unknown_key
from .model import Department, Facts
from .schema import CHECK, Field, Section, convert, quick_for
from .text import Text
from .tomlfile import OUT_OF_BOUNDS, TomlDocument, read_toml

if TYPE_CHECKING:
    from pathlib import Path

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

RULESET_KEYS = ("dimensions", "grades")  # a file with these is a ruleset, not facts


def load_facts(path: str | Path, sections: Iterable[Section]) -> tuple[Facts, TomlDocument]:
    document = read_toml(path, "facts file", defer_numbers=True)
    return facts_from_document(document, sections), document


def facts_from_document(document: TomlDocument, sections: Iterable[Section]) -> Facts:
    checker = _Checker(document, _schema((*CORE_SECTIONS, *sections)))
    if "department" not in document.data and all(k in document.data for k in RULESET_KEYS):
        raise InputError(
            [
                checker.problem(
                    "",
                    "is a ruleset (it has [dimensions] and [[grades]]), not a department's "
                    "facts file; give the facts file first: score run FACTS.toml --ruleset "
                    f"{document.path}",
                )
            ]
        )
    values = checker.table(document.data, "")
    problems = checker.problems
    if document.problems:  # numbers out of bounds, left by the reader: all problems at once
        problems = sorted(
            [*document.problems, *problems], key=lambda p: (p.line is None, p.line or 0)
        )
    department = values.get("department", {})
    if problems:
        raise InputError(problems)
    claims = values.pop("self_evaluation", {})
    return Facts(
        Department(department["name"], department["code"], department["year"]),
        values,
        document.path,
        claims,
    )


class _Schema:
    """What validation looks up in a set of sections, worked out once per set (one per
    registry) instead of once per file: each section by name; its fields by name, each with
    its quick conversion; its required fields; the top-level sections that must be there; and
    the names directly inside each prefix."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.sections = sections  # held, so that the ids keying _SCHEMAS stay theirs
        self.known = {section.name: section for section in sections}
        self.fields = {
            name: {f.name: (f, quick_for(f)) for f in section.fields}
            for name, section in self.known.items()
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
        self._children: dict[str, list[str]] = {}

    def children(self, prefix: str) -> list[str]:
        """Names of the sections directly inside `prefix` ('' for the top level)."""
        names = self._children.get(prefix)
        if names is None:
            names = []
            for name in self.known:
                if prefix and not name.startswith(prefix + "."):
                    continue
                child = name[len(prefix) + 1 :] if prefix else name
                head = child.split(".", 1)[0]
                if head not in names:
                    names.append(head)
            self._children[prefix] = names
        return names


_SCHEMAS: dict[tuple[int, ...], _Schema] = {}


def _schema(sections: tuple[Section, ...]) -> _Schema:
    # keyed by identity: hashing the sections' fields would cost more than it saves
    key = tuple(map(id, sections))
    schema = _SCHEMAS.get(key)
    if schema is None:
        if len(_SCHEMAS) >= 8:
            _SCHEMAS.clear()
        schema = _SCHEMAS[key] = _Schema(sections)
    return schema


class _Checker:
    def __init__(self, document: TomlDocument, schema: _Schema) -> None:
        self.document = document
        self.schema = schema
        self.known = schema.known
        self.problems: list[Problem] = []

    def problem(self, path: str, message: str) -> Problem:
        line = self.document.line_of(path) if path and len(self.problems) < MAX_PROBLEMS else None
        return Problem(self.document.path, path, message, line)

    def table(self, data: dict[str, Any], prefix: str) -> dict[str, Any]:
        section = self.known.get(prefix) if prefix else None
        fields = self.schema.fields[prefix] if section else {}
        subsections = self.schema.children(prefix)
        out: dict[str, Any] = {}
        for key, raw in data.items():
            entry = fields.get(key)
            if entry is not None:
                spec, quick = entry
                value = quick(spec, raw)
                if value is CHECK:  # not in a usual form: the full checks give value or problem
                    value = self.checked(spec, raw, f"{prefix}.{key}" if prefix else key)
                if value is not CHECK:
                    out[key] = value
                continue
            path = f"{prefix}.{key}" if prefix else key
            if key in subsections:
                out[key] = self.section(raw, path)
            else:
                self.problems.append(
                    self.problem(path, self.unknown(key, [*fields, *subsections], prefix))
                )
        if section is not None:
            for spec in self.schema.required[prefix]:
                if spec.name not in data:
                    self.problems.append(
                        self.problem(
                            f"{prefix}.{spec.name}",
                            f"is required: {spec.label.zh} ({spec.label.en}), {spec.expected()}",
                        )
                    )
        if not prefix:
            for name, known in self.schema.needed:
                if name not in data:
                    fields_needed = ", ".join(f.name for f in known.fields if f.required)
                    self.problems.append(
                        Problem(
                            self.document.path,
                            name,
                            f"section [{name}] ({known.label.zh}) is missing; "
                            f"it needs {fields_needed}",
                        )
                    )
        return out

    def section(self, raw: Any, path: str) -> Any:
        if raw is OUT_OF_BOUNDS:  # a list of numbers where a section goes: noted by the reader
            return {}
        spec = self.known.get(path)
        if spec is not None and spec.array:
            if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
                self.problems.append(
                    self.problem(path, f"expected an array of tables written as [[{path}]]")
                )
                return []
            if len(raw) > spec.max_items:
                self.problems.append(
                    self.problem(
                        path, f"has {len(raw)} entries; at most {spec.max_items} are accepted"
                    )
                )
                return []
            return [self.record(item, f"{path}[{i}]", spec) for i, item in enumerate(raw)]
        if not isinstance(raw, dict):
            self.problems.append(self.problem(path, f"expected a table written as [{path}]"))
            return {}
        return self.table(raw, path)

    def record(self, item: dict[str, Any], path: str, spec: Section) -> dict[str, Any]:
        fields = self.schema.fields[spec.name]
        out: dict[str, Any] = {}
        for key, raw in item.items():
            entry = fields.get(key)
            if entry is None:
                self.problems.append(
                    self.problem(f"{path}.{key}", self.unknown(key, list(fields), spec.name))
                )
                continue
            field, quick = entry
            value = quick(field, raw)
            if value is CHECK:
                value = self.checked(field, raw, f"{path}.{key}")
            if value is not CHECK:
                out[key] = value
        for field in self.schema.required[spec.name]:
            if field.name not in item:
                self.problems.append(
                    self.problem(
                        f"{path}.{field.name}",
                        f"is required: {field.label.zh} ({field.label.en}), {field.expected()}",
                    )
                )
        return out

    def checked(self, spec: Field, raw: Any, path: str) -> Any:
        """The value of a field its quick conversion deferred on; CHECK, with the problem
        noted, when it has none (a number out of bounds: the reader noted it)."""
        if raw is OUT_OF_BOUNDS:
            return CHECK
        converted = convert(spec, raw)
        if converted.error:
            self.problems.append(self.problem(path, converted.error))
            return CHECK
        return converted.value

    def unknown(self, key: str, candidates: list[str], prefix: str) -> str:
        if len(self.problems) >= MAX_PROBLEMS:
            return "unknown key"  # beyond what is shown: not worth a suggestion
        return unknown_key(key, candidates, f"[{prefix}]" if prefix else "the top level")


def _has_required(section: Section) -> bool:
    return any(f.required for f in section.fields)
