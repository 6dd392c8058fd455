"""A department's facts file -> validated Facts, with every problem reported at once.

The sections a file may hold are the core's (`department`, `self_evaluation`) plus those the
installed indicators declare. Unknown keys are refused with the nearest known key suggested, so
a mistyped key never silently scores zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jixiao.engine.errors import MAX_PROBLEMS, InputError, Problem, unknown_key
from jixiao.engine.facts.fields import CONVERTERS, Field, Section
from jixiao.engine.facts.model import Department, Facts
from jixiao.engine.facts.schema import FactsSchema
from jixiao.engine.tomlfile import OUT_OF_BOUNDS, TomlDocument, read_toml

RULESET_KEYS = ("dimensions", "grades")  # a file with these is a ruleset, not facts


def load_facts(path: str | Path, schema: FactsSchema) -> tuple[Facts, TomlDocument]:
    document = read_toml(path, "facts file", defer_numbers=True)
    return facts_from_document(document, schema), document


def facts_from_document(document: TomlDocument, schema: FactsSchema) -> Facts:
    checker = _Checker(document, schema)
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


class _Checker:
    def __init__(self, document: TomlDocument, schema: FactsSchema) -> None:
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
        subsections = self.schema.inside.get(prefix, [])
        out: dict[str, Any] = {}
        for key, raw in data.items():
            spec = fields.get(key)
            if spec is not None:
                self.value(out, key, spec, raw, prefix)
                continue
            path = f"{prefix}.{key}" if prefix else key
            if key in subsections:
                out[key] = self.section(raw, path)
            else:
                self.problems.append(
                    self.problem(path, self.unknown(key, [*fields, *subsections], prefix))
                )
        if section is not None:
            self.required(data, prefix, prefix)
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
            field = fields.get(key)
            if field is None:
                self.problems.append(
                    self.problem(f"{path}.{key}", self.unknown(key, list(fields), spec.name))
                )
            else:
                self.value(out, key, field, raw, path)
        self.required(item, spec.name, path)
        return out

    def value(self, out: dict[str, Any], key: str, spec: Field, raw: Any, where: str) -> None:
        """Convert field `key` of the table at `where` into `out`, or note why it cannot be (a
        number out of bounds was noted by the reader already)."""
        if raw is OUT_OF_BOUNDS:
            return
        value, error = CONVERTERS[spec.type](spec, raw)
        if error is not None:
            self.problems.append(self.problem(f"{where}.{key}" if where else key, error))
        else:
            out[key] = value

    def required(self, data: Mapping[str, Any], section: str, path: str) -> None:
        for spec in self.schema.required[section]:
            if spec.name not in data:
                self.problems.append(
                    self.problem(
                        f"{path}.{spec.name}",
                        f"is required: {spec.label.zh} ({spec.label.en}), {spec.expected()}",
                    )
                )

    def unknown(self, key: str, candidates: list[str], prefix: str) -> str:
        if len(self.problems) >= MAX_PROBLEMS:
            return "unknown key"  # beyond what is shown: not worth a suggestion
        return unknown_key(key, candidates, f"[{prefix}]" if prefix else "the top level")
