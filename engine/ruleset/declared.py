"""The facts and measures a ruleset declares itself (`[facts]`, `[measures]`), as one indicator.

A bureau's table needs facts no plugin reads (headcount, last year's 三公, key-project spending)
and simple measures over them (a ratio, a change rate on last year). The ruleset declares both
as data: each field with its type and labels, each measure with a measure kind and the facts
it reads. Together they become the indicator `ruleset`, which every part of the engine treats
as any plugin's: its sections are validated with the same messages, shown in `score init`'s
template and the facts reference, and its measures are scored by the same rules. A ruleset may
add optional fields to a plugin's section but never redefine a plugin's field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import frozen

from jixiao.engine.errors import unknown_key
from jixiao.engine.facts.fields import FIELD_TYPES, Field, Section
from jixiao.engine.facts.model import Facts
from jixiao.engine.facts.schema import CORE_SECTIONS
from jixiao.engine.measures.kinds import RECORDS, Fact, FactRef, MeasureInput, MeasureKind
from jixiao.engine.measures.types import Measure, Missing
from jixiao.engine.plugins import faults
from jixiao.engine.plugins.faults import INDICATOR, MEASURE_KIND
from jixiao.engine.plugins.indicator import Computed, Indicator, MeasureSpec
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.document import RulesetDocument, text_of
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

DECLARED = "ruleset"  # the indicator id of a ruleset's own facts and measures
SECTION_KEYS = ("label", "label_en", "help", "help_en", "array", "fields")
FIELD_KEYS = ("type", "label", "label_en", "help", "help_en", "required", "choices", "example")
MEASURE_KEYS = ("kind", "label", "label_en", "help", "help_en", "unit")
MEASURE_KIND_NOUN = Text("度量方法", "measure kind")
FIELD_TYPE_NOUN = Text("字段类型", "field type")


@frozen
class DeclaredMeasure:
    """One `[measures.ID]`: its kind, the facts each parameter names, its other parameters."""

    spec: MeasureSpec
    kind: MeasureKind
    refs: Mapping[str, Any]  # FactRef name -> path, tuple of paths, or {name: path}
    params: Mapping[str, Any]
    unit: str


def declared_indicator(
    doc: RulesetDocument, registry: Registry, raw_facts: Any, raw_measures: Any
) -> Indicator | None:
    """The indicator of a ruleset's `[facts]` and `[measures]`, or None when it has neither."""
    if raw_facts is None and raw_measures is None:
        return None
    if DECLARED in registry.indicators:
        doc.fail("measures" if raw_measures is not None else "facts", ID_TAKEN(id=DECLARED))
        return None
    sections = _sections(doc, registry, raw_facts)
    fields = _fields_by_path(registry, sections)
    measures = _measures(doc, registry, raw_measures, fields)
    reads = tuple(
        sorted(
            {
                path
                for measure in measures
                for path in _paths(measure.refs)
                if not any(path.startswith(s.name + ".") or path == s.name for s in sections)
            }
        )
    )
    by_id = {m.spec.id: m for m in measures}

    def compute(facts: Facts) -> Computed:
        return Computed({mid: _compute(m, facts, fields, registry) for mid, m in by_id.items()})

    checked = [m for m in measures if type(m.kind).check is not MeasureKind.check]

    def validate(facts: Facts) -> list[tuple[str, Words | str]]:
        return [problem for m in checked for problem in _check(m, facts, fields, registry)]

    return Indicator(
        DECLARED,
        Text("评价规则声明的事实与度量", "facts and measures the ruleset declares"),
        sections,
        tuple(m.spec for m in measures),
        compute,
        validate if checked else None,
        reads=reads,
    )


def with_declared(registry: Registry, indicator: Indicator) -> Registry:
    """The registry a ruleset scores with: the installed plugins, and the ruleset's own."""
    from attrs import evolve

    from jixiao.engine.facts.fields import merge_sections

    sections = merge_sections(
        [("plugins", tuple(registry.sections.values())), (indicator.id, indicator.sections)]
    )
    return evolve(
        registry, indicators={**registry.indicators, indicator.id: indicator}, sections=sections
    )


def _sections(doc: RulesetDocument, registry: Registry, raw: Any) -> tuple[Section, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        doc.fail("facts", TABLE_OF_SECTIONS)
        return ()
    core = {section.name for section in CORE_SECTIONS}
    sections = []
    for name, body in raw.items():
        path = f"facts.{name}"
        if not isinstance(body, dict):
            doc.fail(path, TABLE_OF_SECTIONS)
            continue
        if name.split(".")[0] in core:
            doc.fail(path, CORE_SECTION(section=name))
            continue
        if not all(part.isidentifier() for part in name.split(".")) or _under_another(
            name, registry, raw
        ):
            doc.fail(path, SECTION_NAME(section=name))
            continue
        doc.unknown_keys(body, SECTION_KEYS, path)
        array = body.get("array", False)
        if not isinstance(array, bool):
            doc.fail(f"{path}.array", ARRAY_BOOL)
            array = False
        theirs = registry.sections.get(name)
        if theirs is not None and theirs.array != array:
            doc.fail(f"{path}.array", ARRAY_DIFFERS(section=name))
        raw_fields = body.get("fields")
        if not isinstance(raw_fields, dict) or not raw_fields:
            doc.fail(f"{path}.fields", FIELDS_REQUIRED(section=name))
            continue
        fields = []
        for field_name, spec in raw_fields.items():
            nested = f"{name}.{field_name}"
            if not field_name.isidentifier() or nested in registry.sections or nested in raw:
                doc.fail(f"{path}.fields.{field_name}", FIELD_NAME(field=field_name, section=name))
                continue
            field = _field(doc, f"{path}.fields.{field_name}", field_name, spec)
            if field is None:
                continue
            if theirs is not None and _plugins_field(doc, registry, theirs, field, path):
                continue
            fields.append(field)
        sections.append(
            Section(name, text_of(body, "label", name), tuple(fields), array, help=_help(body))
        )
    return tuple(sections)


def _under_another(name: str, registry: Registry, raw: Mapping[str, Any]) -> bool:
    """Whether a dotted section would sit under an array of records (`targets.x`) or under a
    field: no file could give it."""
    head, _, last = name.rpartition(".")
    if not head:
        return False
    parent = registry.sections.get(head)
    declared = raw.get(head)
    in_parent = parent is not None and (parent.array or parent.field(last) is not None)
    fields = declared.get("fields") if isinstance(declared, dict) else None
    in_declared = isinstance(declared, dict) and (
        declared.get("array") is True or (isinstance(fields, dict) and last in fields)
    )
    return in_parent or in_declared


def _plugins_field(
    doc: RulesetDocument, registry: Registry, theirs: Section, field: Field, path: str
) -> bool:
    """Whether `field`, in a plugin's section, is refused: a plugin's own field is never
    redefined, and a field added to a plugin's section must be optional."""
    where = f"{path}.fields.{field.name}"
    owner = next(
        (i.id for i in registry.indicators.values() for s in i.sections if s.name == theirs.name),
        "",
    )
    if theirs.field(field.name) is not None:
        doc.fail(where, REDEFINED(section=theirs.name, field=field.name, indicator=owner))
        return True
    if field.required:
        doc.fail(f"{where}.required", REQUIRED_IN_PLUGINS(section=theirs.name, indicator=owner))
        return True
    return False


def _help(body: Mapping[str, Any]) -> Text | str:
    zh = body.get("help")
    if not isinstance(zh, str) or not zh.strip():
        return ""
    return text_of(body, "help", zh)


def _field(doc: RulesetDocument, path: str, name: str, spec: Any) -> Field | None:
    if not isinstance(spec, dict):
        doc.fail(path, FIELD_TABLE(example=name))
        return None
    doc.unknown_keys(spec, FIELD_KEYS, path)
    kind = spec.get("type")
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        where = f"{path}.type"
        if isinstance(kind, str):
            doc.fail(where, unknown_key(kind, list(FIELD_TYPES), None, noun=FIELD_TYPE_NOUN))
        else:
            doc.fail(where, TYPE_REQUIRED(types=list(FIELD_TYPES)))
        return None
    required = spec.get("required", False)
    if not isinstance(required, bool):
        doc.fail(f"{path}.required", REQUIRED_BOOL)
        return None
    choices = spec.get("choices", [])
    good_choices = isinstance(choices, list) and all(
        isinstance(c, str) and c.strip() for c in choices
    )
    if not good_choices or (kind == "choice") != bool(choices):
        doc.fail(f"{path}.choices", CHOICES if kind == "choice" else CHOICES_ONLY)
        return None
    if "label" not in spec:
        doc.fail(f"{path}.label", LABEL_REQUIRED)
        return None
    example = spec.get("example")
    written = "" if example is None else _as_toml(example)
    if example is not None and written is None:
        doc.fail(f"{path}.example", EXAMPLE_VALUE)
        return None
    return Field(
        name,
        kind,
        text_of(spec, "label", name),
        required=required,
        choices=tuple(choices),
        help=_help(spec),
        example=written or "",
    )


def _as_toml(value: Any) -> str | None:
    """An example value as the template writes it on one line (`"某专项资金"`, `120`,
    `["甲"]`); None for what an example cannot be (a table)."""
    import datetime as dt
    import json
    from decimal import Decimal

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string
    if isinstance(value, int | Decimal | dt.date):
        return str(value)
    if isinstance(value, list):
        parts = [_as_toml(item) for item in value]
        if all(part is not None for part in parts):
            return "[" + ", ".join(part for part in parts if part is not None) + "]"
    return None


def _fields_by_path(registry: Registry, sections: tuple[Section, ...]) -> dict[str, Fact]:
    """Every fact a measure may name, by dotted path, with no value: the plugins' fields, the
    ruleset's, and each array section as a whole (RECORDS)."""
    known: dict[str, Fact] = {}
    for section in (*registry.sections.values(), *sections):
        if section.array:
            known[section.name] = Fact(section.name, section.label, RECORDS, None)
            continue
        for field in section.fields:
            path = f"{section.name}.{field.name}"
            known[path] = Fact(path, field.label, field.type, None)
    return known


def _measures(
    doc: RulesetDocument, registry: Registry, raw: Any, fields: Mapping[str, Fact]
) -> list[DeclaredMeasure]:
    if raw is None:
        return []
    if not isinstance(raw, dict):
        doc.fail("measures", TABLE_OF_MEASURES)
        return []
    measures = []
    for measure_id, body in raw.items():
        path = f"measures.{measure_id}"
        if not measure_id.isidentifier():
            doc.fail(path, MEASURE_ID)
            continue
        if not isinstance(body, dict):
            doc.fail(path, TABLE_OF_MEASURES)
            continue
        measure = _measure(doc, registry, measure_id, body, path, fields)
        if measure is not None:
            measures.append(measure)
        else:
            doc.refused_measures.add(measure_id)
    return measures


def _measure(
    doc: RulesetDocument,
    registry: Registry,
    measure_id: str,
    body: dict[str, Any],
    path: str,
    fields: Mapping[str, Fact],
) -> DeclaredMeasure | None:
    kind_name = body.get("kind")
    kind = registry.measure_kinds.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        kinds = sorted(registry.measure_kinds)
        if isinstance(kind_name, str):
            doc.fail(f"{path}.kind", unknown_key(kind_name, kinds, None, noun=MEASURE_KIND_NOUN))
        else:
            doc.fail(f"{path}.kind", MEASURE_KIND_REQUIRED(kinds=kinds))
        return None
    allowed = (*MEASURE_KEYS, *(r.name for r in kind.facts), *(p.name for p in kind.params))
    doc.unknown_keys(body, allowed, path)
    failed = False
    refs: dict[str, Any] = {}
    declared: dict[str, Any] = {}
    types: dict[str, tuple[str, ...]] = {}
    for ref in kind.facts:
        if ref.name not in body:
            if ref.required:
                doc.fail(f"{path}.{ref.name}", REF_REQUIRED(kind=kind.name, help=ref.help))
                failed = True
            continue
        named = _ref(doc, f"{path}.{ref.name}", ref, body[ref.name], fields)
        if named is None:
            failed = True
            continue
        refs[ref.name] = named
        declared[ref.name] = _facts_of(named, fields)
        types[ref.name] = tuple(fields[p].type for p in _paths({ref.name: named}))
    params = {}
    for param in kind.params:
        if param.name not in body:
            if param.required:
                doc.fail(f"{path}.{param.name}", REF_REQUIRED(kind=kind.name, help=param.help))
                failed = True
            else:
                params[param.name] = param.default
            continue
        value, problems = param.parse(body[param.name])
        for where, message in problems:
            doc.fail(f"{path}.{param.name}{where}", message)
        failed = failed or bool(problems)
        params[param.name] = value
    unit = body.get("unit", "")
    if not isinstance(unit, str):
        doc.fail(f"{path}.unit", UNIT_TEXT)
        failed = True
    if failed:
        return None
    with registry.calling(MEASURE_KIND, kind.name, "validate"):
        problems = kind.validate(params, types)
        items = dict(kind.items(declared, params))
    for where, message in problems:
        doc.fail(f"{path}.{where}", message)
    if problems:
        return None
    spec = MeasureSpec(
        measure_id, kind.produces, text_of(body, "label", measure_id), items, _help(body)
    )
    return DeclaredMeasure(spec, kind, refs, params, str(unit))


def _ref(
    doc: RulesetDocument, path: str, ref: FactRef, raw: Any, fields: Mapping[str, Fact]
) -> Any:
    """The paths a FactRef names, checked against the facts schema, in its shape."""
    if ref.shape == "table":
        if (
            not isinstance(raw, dict)
            or not raw
            or not all(isinstance(v, str) for v in raw.values())
        ):
            doc.fail(path, REF_TABLE)
            return None
        named = {key: value for key, value in raw.items()}
        good = all(_known(doc, f"{path}.{k}", ref, v, fields) for k, v in named.items())
        return named if good else None
    if isinstance(raw, str):
        return raw if _known(doc, path, ref, raw, fields) else None
    if (
        ref.shape == "list"
        and isinstance(raw, list)
        and raw
        and all(isinstance(v, str) for v in raw)
    ):
        good = all(_known(doc, f"{path}[{i}]", ref, v, fields) for i, v in enumerate(raw))
        return tuple(raw) if good else None
    doc.fail(path, REF_LIST if ref.shape == "list" else REF_ONE)
    return None


def _known(
    doc: RulesetDocument, path: str, ref: FactRef, fact_path: str, fields: Mapping[str, Fact]
) -> bool:
    fact = fields.get(fact_path)
    if fact is None:
        doc.fail(path, unknown_key(fact_path, list(fields), None, noun=FACT_NOUN))
        return False
    if fact.type not in ref.types:
        doc.fail(path, FACT_TYPE(fact=fact_path, type=fact.type, types=list(ref.types)))
        return False
    return True


def _paths(refs: Mapping[str, Any]) -> list[str]:
    found: list[str] = []
    for value in refs.values():
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, tuple):
            found.extend(value)
        else:
            found.extend(value.values())
    return found


def _facts_of(named: Any, fields: Mapping[str, Fact], facts: Facts | None = None) -> Any:
    """The Facts a reference names, in its shape, with their values when `facts` is given."""
    if isinstance(named, str):
        return _valued(fields[named], facts)
    if isinstance(named, tuple):
        return tuple(_valued(fields[p], facts) for p in named)
    return {key: _valued(fields[p], facts) for key, p in named.items()}


def _valued(fact: Fact, facts: Facts | None) -> Fact:
    if facts is None:
        return fact
    if fact.type == RECORDS:
        value: Any = facts.records(fact.path) if facts.has(fact.path) else None
    else:
        section, name = fact.path.rsplit(".", 1)
        value = facts.section(section).get(name)
    return Fact(fact.path, fact.label, fact.type, value)


def _given(
    measure: DeclaredMeasure, facts: Facts, fields: Mapping[str, Fact]
) -> MeasureInput | Missing:
    """What the measure's kind is given, or Missing naming each required fact not given."""
    valued = {name: _facts_of(named, fields, facts) for name, named in measure.refs.items()}
    absent = [
        fact.path
        for ref in measure.kind.facts
        if ref.shape != "table" and ref.name in valued
        for fact in _parts_of(valued[ref.name])
        if fact.value is None
    ]
    if absent:
        return Missing(None, tuple(absent))
    spec = measure.spec
    return MeasureInput(valued, measure.params, spec.label, measure.unit, spec.items)


def _parts_of(value: Any) -> tuple[Fact, ...]:
    return value if isinstance(value, tuple) else (value,)


def _check(
    measure: DeclaredMeasure, facts: Facts, fields: Mapping[str, Fact], registry: Registry
) -> list[tuple[str, Words | str]]:
    """A measure kind's `check` of the facts, each problem named by the fact's path."""
    given = _given(measure, facts, fields)
    if isinstance(given, Missing):
        return []  # scored as no evidence, not refused
    kind = measure.kind
    with registry.calling(MEASURE_KIND, kind.name, "check"):
        problems = kind.check(given)
    return [(_path_of(measure.refs.get(ref)) or ref, message) for ref, message in problems]


def _path_of(named: Any) -> str:
    return named if isinstance(named, str) else ""


def _compute(
    measure: DeclaredMeasure, facts: Facts, fields: Mapping[str, Fact], registry: Registry
) -> Measure:
    given = _given(measure, facts, fields)
    if isinstance(given, Missing):
        return given
    kind = measure.kind
    with registry.calling(MEASURE_KIND, kind.name, "compute"):
        result = kind.compute(given)
    if not isinstance(result, kind.produces):
        wrong = faults.MEASURE_KIND_TYPE(
            kind=kind.name, type=type(result).__name__, produces=kind.produces.__name__
        )
        raise registry.fault(MEASURE_KIND, kind.name, wrong)
    return result


FACT_NOUN = Text("事实", "fact")
INDICATOR_NOUN = INDICATOR
ID_TAKEN = Template(
    "declared.id_taken",
    "已安装的插件提供了名为“{id}”的指标，与评价规则自己声明的事实和度量同名；请卸载或改名该插件",
    "an installed plugin provides an indicator named '{id}', the name of the ruleset's own "
    "facts and measures; uninstall or rename that plugin",
)
TABLE_OF_SECTIONS = Template(
    "declared.sections",
    "应为每个部分一个表：[facts.部分名]，其下 [facts.部分名.fields.字段名]",
    "expected one table per section: [facts.SECTION], with [facts.SECTION.fields.NAME]",
)
CORE_SECTION = Template(
    "declared.core_section",
    "[{section}] 是 score 自己的部分，评价规则不能声明它；请换一个名称",
    "[{section}] is score's own section and a ruleset cannot declare it; choose another name",
)
ARRAY_BOOL = Template(
    "declared.array", "应为 true（可填多条记录）或 false", "expected true (records) or false"
)
ARRAY_DIFFERS = Template(
    "declared.array_differs",
    "插件已把 [{section}] 声明为另一种形式（表或记录数组）；请与插件一致，或换一个部分名",
    "a plugin declares [{section}] in the other form (table or array of records); agree with "
    "it, or choose another section name",
)
FIELDS_REQUIRED = Template(
    "declared.fields",
    "必须填写：[facts.{section}.fields.字段名] 表，每个字段一个",
    "is required: one [facts.{section}.fields.NAME] table per field",
)
FIELD_TABLE = Template(
    "declared.field_table",
    '应为一个表，如 {example} = {{ type = "count", label = "编制数", required = true }}',
    'expected a table such as {example} = {{ type = "count", label = "...", required = true }}',
)
TYPE_REQUIRED = Template(
    "declared.type",
    "必须填写：字段类型（用引号括起），可选：{types:list}",
    "is required: the field's type in quotes, one of {types:list}",
)
REQUIRED_BOOL = Template(
    "declared.required", "应为 true（必填）或 false（选填）", "expected true or false"
)
CHOICES = Template(
    "declared.choices",
    '类型为 "choice" 的字段须列出可填的词，如 choices = ["高", "中", "低"]',
    'a field of type "choice" lists its words, e.g. choices = ["高", "中", "低"]',
)
CHOICES_ONLY = Template(
    "declared.choices_only",
    '只有类型为 "choice" 的字段才有 choices',
    'only a field of type "choice" has choices',
)
LABEL_REQUIRED = Template(
    "declared.label",
    '必须填写：字段的中文名称，如 label = "编制数"（英文名称写在 label_en）',
    'is required: the field\'s Chinese name, e.g. label = "编制数" (English in label_en)',
)
SECTION_NAME = Template(
    "declared.section_name",
    "部分名“{section}”不可用：应为英文字母、数字和下划线组成的名称（可用点号分级），且不能位于"
    "记录数组或某个字段之下",
    "the section name '{section}' cannot be used: letters, digits and underscores (dots for "
    "levels), and not under an array of records or a field",
)
FIELD_NAME = Template(
    "declared.field_name",
    "字段名“{field}”不可用：应为英文字母、数字和下划线组成的名称，且不能与 [{section}] 下的"
    "部分同名",
    "the field name '{field}' cannot be used: letters, digits and underscores, and not the name "
    "of a section under [{section}]",
)
REDEFINED = Template(
    "declared.redefined",
    "字段 {section}.{field} 已由指标“{indicator}”声明；评价规则不能重新定义插件的字段，"
    '请直接使用它（如 numerator = "{section}.{field}"），并删去这里的声明',
    "the field {section}.{field} is declared by indicator {indicator}; a ruleset cannot "
    'redefine a plugin\'s field: use it as it is (numerator = "{section}.{field}") and delete '
    "this declaration",
)
REQUIRED_IN_PLUGINS = Template(
    "declared.required_in_plugins",
    "[{section}] 由指标“{indicator}”声明；在其中添加的字段只能是选填（required = false），"
    "必填字段请放在评价规则自己的部分中",
    "[{section}] is declared by indicator {indicator}; a field added to it must be optional "
    "(required = false): put a required one in a section of the ruleset's own",
)
TABLE_OF_MEASURES = Template(
    "declared.measures",
    '应为每个度量一个表：[measures.度量名]，如 kind = "ratio"',
    'expected one table per measure: [measures.ID], e.g. kind = "ratio"',
)
MEASURE_ID = Template(
    "declared.measure_id",
    "度量名须为英文字母、数字和下划线组成的名称，如 staff_control_rate",
    "a measure's id is letters, digits and underscores, e.g. staff_control_rate",
)
MEASURE_KIND_REQUIRED = Template(
    "declared.kind",
    "必须填写：用引号括起的度量方法，可选：{kinds:list}",
    "is required: the measure kind in quotes, one of {kinds:list}",
)
REF_REQUIRED = Template(
    "declared.ref_required",
    "度量方法“{kind}”必须有此项：{help}",
    "is required by measure kind '{kind}': {help}",
)
REF_ONE = Template(
    "declared.ref_one",
    '应为用引号括起的事实路径，如 "staffing.authorised"',
    'expected the path of a fact in quotes, e.g. "staffing.authorised"',
)
REF_LIST = Template(
    "declared.ref_list",
    "应为一个事实路径，或事实路径的列表（相加），如 "
    '["budget.basic_actual", "budget.project_actual"]',
    'expected the path of a fact, or a list of them to add up, e.g. ["budget.basic_actual", '
    '"budget.project_actual"]',
)
REF_TABLE = Template(
    "declared.ref_table",
    '应为一个表，每项一个是/否事实的路径，如 {{ exist = "rules.exist" }}',
    'expected a table of yes/no facts by item, e.g. {{ exist = "rules.exist" }}',
)
FACT_TYPE = Template(
    "declared.fact_type",
    "事实 {fact} 的类型是 {type}，此处须为以下类型之一：{types:list}",
    "the fact {fact} is of type {type}; here it must be one of {types:list}",
)
EXAMPLE_VALUE = Template(
    "declared.example",
    '应为该字段的一个示例值，如 example = 120 或 example = ["某专项资金"]',
    'expected an example value of the field, e.g. example = 120 or example = ["a fund"]',
)
UNIT_TEXT = Template(
    "declared.unit",
    '应为用引号括起的单位，如 unit = "人"',
    'expected a unit in quotes, e.g. unit = "人"',
)
