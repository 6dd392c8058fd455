"""A department's facts file -> validated Facts, with every problem reported at once.

The sections a file may hold are the core's (`department`, `self_evaluation`) plus those the
installed indicators declare. Unknown keys are refused with the nearest known key suggested, so
a mistyped key never silently scores zero; a field is named by its label and its key.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jixiao.engine.errors import MAX_PROBLEMS, InputError, Problem, unknown_key
from jixiao.engine.facts.fields import CONVERTERS, Field, Section, in_cells
from jixiao.engine.facts.model import Department, Facts
from jixiao.engine.facts.plausible import plausibility
from jixiao.engine.facts.schema import KEY_OF, FactsSchema
from jixiao.engine.findings import Finding
from jixiao.engine.tomlfile import OUT_OF_BOUNDS, TomlDocument
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

IN_CELL = Template("facts.in_cell", "{cell}：{note}", "{cell}: {note}")
RULESET_KEYS = ("dimensions", "grades")  # a file with these is a ruleset, not facts


def load_facts(path: str | Path, schema: FactsSchema) -> tuple[Facts, TomlDocument]:
    from jixiao.engine.facts.read import read_facts

    document = read_facts(path, schema)
    return facts_from_document(document, schema), document


def facts_from_document(document: TomlDocument, schema: FactsSchema) -> Facts:
    checker = _Checker(document, schema)
    if "department" not in document.data and all(k in document.data for k in RULESET_KEYS):
        raise InputError([checker.problem("", IS_A_RULESET(path=document.path))])
    values = checker.table(document.data, "")
    problems = checker.problems
    if document.cells:  # a workbook's: in the order of its sheets, rows and columns
        order = {cell: index for index, cell in enumerate(document.cells.values())}
        problems = sorted(
            [*document.problems, *problems], key=lambda p: order.get(p.cell or "", len(order))
        )
    elif document.problems:  # numbers out of bounds, left by the reader: all problems at once
        problems = sorted(
            [*document.problems, *problems], key=lambda p: (p.line is None, p.line or 0)
        )
    department = values.get("department", {})
    if problems:
        raise InputError(problems)
    claims = values.pop("self_evaluation", {})
    notes = (*document.notes, *checker.notes, *plausibility(values, schema))
    return Facts(
        Department(department["name"], department["code"], department["year"]),
        values,
        document.path,
        claims,
        notes,
    )


class _Checker:
    def __init__(self, document: TomlDocument, schema: FactsSchema) -> None:
        self.document = document
        self.schema = schema
        self.known = schema.known
        self.problems: list[Problem] = []
        self.notes: list[Finding] = []
        self.cells = document.is_workbook  # what is expected is said for a workbook's cells

    def problem(self, path: str, message: Words, label: Text | None = None) -> Problem:
        if label is not None and "[" in path:  # a record's field: which record, counted from 1
            label = self.schema.label_of(path) or label
        return self.document.problem(path, message, label, at=len(self.problems) < MAX_PROBLEMS)

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
            self.required(data, section, prefix)
        if not prefix:
            for name, known in self.schema.needed:
                if name not in data:
                    self.problems.append(
                        Problem(
                            self.document.path,
                            name,
                            SECTION_MISSING(section=name, label=known.label, needs=_needs(known)),
                        )
                    )
        return out

    def section(self, raw: Any, path: str) -> Any:
        if raw is OUT_OF_BOUNDS:  # a list of numbers where a section goes: noted by the reader
            return {}
        spec = self.known.get(path)
        if spec is not None and spec.array:
            if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
                self.problems.append(self.problem(path, ARRAY_EXPECTED(path=path), spec.label))
                return []
            if len(raw) > spec.max_items:
                self.problems.append(
                    self.problem(path, TOO_MANY(count=len(raw), most=spec.max_items), spec.label)
                )
                return []
            return [self.record(item, f"{path}[{i}]", spec) for i, item in enumerate(raw)]
        if not isinstance(raw, dict):
            label = spec.label if spec is not None else None
            self.problems.append(self.problem(path, TABLE_EXPECTED(path=path), label))
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
        self.required(item, spec, path)
        return out

    def value(self, out: dict[str, Any], key: str, spec: Field, raw: Any, where: str) -> None:
        """Convert field `key` of the table at `where` into `out`, or note why it cannot be (a
        number out of bounds was noted by the reader already)."""
        if raw is OUT_OF_BOUNDS:
            return
        if self.cells:
            spec = in_cells(spec)
        value, error, note = CONVERTERS[spec.type](spec, raw)
        if error is None:
            out[key] = value
            if note is not None:
                path = f"{where}.{key}" if where else key
                cell = self.document.cell_of(path)
                if cell is not None:  # in a workbook: which cell it was read from
                    note = IN_CELL(cell=cell, note=note)
                self.notes.append(Finding("info", "read_as", note, path, spec.label))
        else:
            self.problems.append(
                self.problem(f"{where}.{key}" if where else key, error, spec.label)
            )

    def required(self, data: Mapping[str, Any], section: Section, path: str) -> None:
        for spec in section.fields:
            if self.cells:
                spec = in_cells(spec)
            if spec.required and spec.name not in data:
                field = f"{path}.{spec.name}"
                commented = self.document.commented_out(field)
                if commented is not None:  # still as the template wrote it: `# initial = `
                    self.problems.append(
                        Problem(
                            self.document.path,
                            field,
                            STILL_COMMENTED(line=commented, expected=spec.expected()),
                            commented,
                            spec.label,
                        )
                    )
                    continue
                self.problems.append(
                    self.problem(field, REQUIRED(expected=spec.expected()), spec.label)
                )
            elif (
                spec.alternatives
                and spec.name not in data
                and not all(name in data for name in spec.alternatives)
            ):
                field = f"{path}.{spec.name}"
                others = [_named(section, name) for name in spec.alternatives]
                commented = self.document.commented_out(field)
                if commented is not None:
                    said = STILL_COMMENTED_OR(
                        line=commented, expected=spec.expected(), others=others
                    )
                    self.problems.append(
                        Problem(self.document.path, field, said, commented, spec.label)
                    )
                    continue
                said = REQUIRED_OR(expected=spec.expected(), others=others)
                self.problems.append(self.problem(field, said, spec.label))

    def unknown(self, key: str, candidates: list[str], prefix: str) -> Words:
        if len(self.problems) >= MAX_PROBLEMS:
            return UNKNOWN  # beyond what is shown: not worth a suggestion
        where: str | Text = f"[{prefix}]" if prefix else TOP_LEVEL
        if not key.isascii():  # a Chinese name: the field whose label it is, if any
            meant = self.schema.key_for(key, prefix)
            if meant is not None:
                return CHINESE_KEY(key=key, meant=meant)
            return CHINESE_KEY_UNKNOWN(key=key, where=where, keys=candidates)
        return unknown_key(key, candidates, where)


def _named(section: Section, name: str) -> Words:
    field = section.field(name)
    return KEY_OF(key=name, label=field.label) if field is not None else Text(name, name)


def _needs(section: Section) -> list[Words]:
    """The fields a section must have, each as label（key）; an alternative with its parts."""
    needs: list[Words] = []
    for spec in section.fields:
        if spec.required:
            needs.append(KEY_OF(key=spec.name, label=spec.label))
        elif spec.alternatives:
            others = [_named(section, name) for name in spec.alternatives]
            needs.append(KEY_OR(key=spec.name, label=spec.label, others=others))
    return needs


IS_A_RULESET = Template(
    "facts.is_ruleset",
    "是评价规则（含 [dimensions] 与 [[grades]]），不是部门的填报数据文件；"
    "请先写填报数据文件：score run 填报数据.toml --ruleset {path}",
    "is a ruleset (it has [dimensions] and [[grades]]), not a department's facts file; give "
    "the facts file first: score run FACTS.toml --ruleset {path}",
)
SECTION_MISSING = Template(
    "facts.section_missing",
    "缺少 [{section}] 这一部分；其中必须填写：{needs:list}",
    "section [{section}] is missing; it needs {needs:list}",
)
ARRAY_EXPECTED = Template(
    "facts.array_expected",
    "应写成 [[{path}]]（两对方括号），每一项一段",
    "expected an array of tables written as [[{path}]]",
)
TOO_MANY = Template(
    "facts.too_many",
    "有{count}项；最多接受{most}项",
    "has {count} entries; at most {most} are accepted",
)
TABLE_EXPECTED = Template(
    "facts.table_expected", "应写成表 [{path}]", "expected a table written as [{path}]"
)
REQUIRED = Template("facts.required", "必须填写，应为{expected}", "is required: {expected}")
STILL_COMMENTED = Template(
    "facts.still_commented",
    "必须填写：第{line}行仍以 # 开头，没有生效；请删去行首的“# ”，在等号后填写{expected}",
    "is required: line {line} still starts with #, so it does not count; delete the leading "
    "'# ' and give {expected} after the =",
)
STILL_COMMENTED_OR = Template(
    "facts.still_commented_or",
    "必须填写：第{line}行仍以 # 开头，没有生效；请删去行首的“# ”，在等号后填写{expected}；"
    "或者不写它，而同时填写{others:list}",
    "is required: line {line} still starts with #, so it does not count; delete the leading "
    "'# ' and give {expected} after the =; or, instead, all of {others:list}",
)
REQUIRED_OR = Template(
    "facts.required_or",
    "必须填写，应为{expected}；或者不写它，而同时填写{others:list}",
    "is required: {expected}; or, instead, all of {others:list}",
)
UNKNOWN = Text("未知的字段", "unknown key")
TOP_LEVEL = Text("文件顶层", "the top level")
KEY_OR = Template(
    "facts.key_or", "{label}（{key}，或{others:list}）", "{label} ({key}, or {others:list})"
)
CHINESE_KEY = Template(
    "facts.chinese_key",
    "字段名须用英文；“{key}”是否应为 {meant}？",
    "field names are in English; did you mean {meant} for “{key}”?",
)
CHINESE_KEY_UNKNOWN = Template(
    "facts.chinese_key_unknown",
    "字段名须用英文；{where}中没有与“{key}”对应的字段，可以写：{keys:list}",
    "field names are in English; nothing in {where} matches “{key}”; expected one of: {keys:list}",
)
