"""The facts template of a ruleset (`score init`, docs/facts-template.toml): every section and
field its indicators read, each with a comment in the reader's language.

A template must never score what nobody answered. So only what identifies the file is written
as a value: the year, and the department's name and code as placeholders that warn while they
stay as written. Every other field is written commented out, with an example of the form its
value takes: an evidence field left so is "no evidence" (0 points for it, with a warning that
names it), never a free answer; a required amount left so refuses the file and names every
amount still missing, since the budget's rates cannot be worked out without it. Records
(targets, projects) are a commented example record to copy once per record.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

import tomli_w

from jixiao.engine.errors import printable
from jixiao.engine.facts.fields import Field, Section
from jixiao.engine.facts.schema import CORE_SECTIONS, PLACEHOLDERS
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

# The example a field's note gives, by type, unless the field gives its own. No field is written
# with a value: a value copied from the template would be an answer nobody gave.
EXAMPLES = {
    "money": "1234.56",
    "number": "12.5",
    "quantity": "12.5",
    "percent": "98",
    "count": "3",
    "score": "92.5",
    "text_list": '["账实不符"]',
}
# What a value of each type looks like, said in a few words after the label.
HINTS = {
    "money": Text("万元", "万元"),
    "number": Text("数字", "a number"),
    "quantity": Text("不小于0的数字", "a number ≥ 0"),
    "percent": Text("百分数，98 即98%", "a percentage, 98 for 98%"),
    "count": Text("整数", "a whole number"),
    "year": Text("年份", "a year"),
    "score": Text("0至100分", "0 to 100"),
    "bool": Text("true 是 / false 否", "true or false"),
    "bool_or_na": Text(
        'true 有 / false 没有 / "n/a" 无此业务', 'true, false, or "n/a" when not applicable'
    ),
    "date": Text("日期", "a date"),
    "text": Text("文字，写在英文双引号内", "text in quotes"),
    "text_list": Text("文字列表，没有写 []", "a list of texts; [] for none"),
}
REQUIRED = Text("必填", "required")
EXAMPLE = Template("template.example", "如 {example}", "e.g. {example}")
REQUIRED_OR = Template(
    "template.required_or", "必填，或改填{others:list}", "required, or else {others:list}"
)
HINT_SEPARATOR = {"zh": "；", "en": "; "}
COMMENT_COLUMN = 34  # where a field's comment starts, in display columns

HEADER = Template(
    "template.header",
    """# {year}年度部门整体支出绩效评价 填报数据表
# 评价规则：{title}，规则名 {ruleset}。本文件由 score init 生成。
#
# 怎样填写
#   - 用记事本、WPS 或其他文字编辑器打开，保存为 UTF-8 编码。
#   - 每行是“字段名 = 值”。等号左边的英文字段名不要改，只填等号右边的值。
#   - 行首的 # 表示这一行是说明，或是尚未填写的项：填写时删去行首的“# ”，在等号后
#     填上本部门的数（行尾的说明里有示例）。# 后面的文字是说明，不影响评分。
#   - 金额一律以万元为单位，只写数字，不加引号、不加单位：adjusted = 2640.5
#     （不要写 "2640.5"，也不要写 2640.5万元）。
#   - 是/否写 true 或 false；日期写 2025-02-10；文字写在英文双引号里，如 "某县某局"。
#
# 哪些必须填
#   - 标“必填”的金额不填，文件就不能评分：预算执行率等指标都以它们为基数，缺一项便无法
#     计算。score run 会一次列出所有未填的必填项。
#   - 其他各项是评分的依据。没有依据的项保持原样（行首留着 #）：评分时该项按“无佐证”
#     计0分，并逐项提示未填写的内容。不要用 0、false 或 [] 代替“不知道”：它们是回答，
#     会按回答评分。
#
# 填好后运行：score run 本文件.toml{named}
""",
    """# Department overall expenditure performance evaluation: facts for {year}
# Ruleset: {title} ({ruleset}). Written by score init.
#
# How to fill it in
#   - Open it in any text editor and save it as UTF-8.
#   - Each line is "field = value". Keep the field name left of = as it is; fill in the value.
#   - A # at the start of a line marks a note, or a field not filled in yet: to fill it in,
#     delete the "# " at the start of the line and give the department's own value after the
#     = (the note at the end of the line has an example). Text after # is never scored.
#   - Amounts are in 万元 (10,000 yuan), numbers only, without quotes or units:
#     adjusted = 2640.5 (not "2640.5", not 2640.5万元).
#   - Yes/no is true or false; a date is 2025-02-10; text is in double quotes, "某县某局".
#
# What must be filled in
#   - An amount marked "required" left out refuses the file: the budget's rates are worked out
#     from it, and cannot be without it. score run lists every required field still missing.
#   - Every other field is evidence. Leave a field you have no evidence for as it is (with its
#     #): it then scores as "no evidence", 0 points for it, with a warning naming it. Do not
#     write 0, false or [] for "not known": those are answers, and are scored as answers.
#
# When it is filled in: score run THIS-FILE.toml{named}
""",
)
RECORDS = Template(
    "template.records",
    "# 每个{label}写一段 [[{name}]]：有几个就复制几段下面这一段（去掉行首的“# ”）后逐项填写；"
    "不适用的行删去。",
    "# One [[{name}]] block per record ({label}): copy the block below once for each, without "
    "the leading '# ', and fill in each line; delete the lines that do not apply.",
)
PLACEHOLDER_NOTE = Template(
    "template.placeholder",
    "改为本部门的{label}",
    "replace with the department's {label}",
)


def template_groups(ruleset: Ruleset, registry: Registry) -> list[tuple[str, list[Section]]]:
    """The sections by whose they are: the core's ("", first), then each indicator's the
    ruleset scores, in its order, then the ruleset's own (each section once, with the fields
    every declaration of it gives). A workbook gives each group its sheet."""
    from jixiao.engine.scoring.plan import registry_for

    registry = registry_for(ruleset, registry)
    used = [indicator for dimension in ruleset.dimensions for indicator in dimension.indicators()]
    if ruleset.declared is not None:
        used.append(ruleset.declared.id)
    groups: list[tuple[str, list[Section]]] = [("", list(CORE_SECTIONS))]
    seen = {s.name for s in CORE_SECTIONS}
    for indicator_id in dict.fromkeys(used):
        indicator = registry.indicators.get(indicator_id)
        sections = []
        for section in indicator.sections if indicator else ():
            if section.name not in seen:
                seen.add(section.name)
                sections.append(registry.sections.get(section.name, section))
        if sections:
            groups.append((indicator_id, sections))
    return groups


def template_sections(ruleset: Ruleset, registry: Registry) -> list[Section]:
    """Every section of the template, in order (see template_groups)."""
    return [section for _, sections in template_groups(ruleset, registry) for section in sections]


def render_template(
    ruleset: Ruleset,
    registry: Registry,
    lang: str = "zh",
    values: Mapping[str, Any] | None = None,
) -> str:
    """The template as TOML text in `lang`: one block per section, a comment on every field;
    filled in with `values` (a facts file's data in TOML's shape) when given: each field given a
    value is written with it, every other stays commented out, as unanswered."""
    # the ruleset's own words go into comments: a line break there would end the comment
    title = printable(ruleset.title.get(lang))
    # a ruleset the year does not pick by itself (a bureau's own beside the bundled one) is
    # named on the command line the template ends with
    named = "" if picked_by_year(ruleset) else f" --ruleset {printable(ruleset.id)}"
    header = HEADER(year=ruleset.year, title=title, ruleset=printable(ruleset.id), named=named)
    lines = header.get(lang)
    out = [lines.rstrip("\n")]
    for section in template_sections(ruleset, registry):
        given = value_at(values, section.name) if values is not None else None
        if section.array and isinstance(given, list) and given:
            for record in given:
                out += ["", *_section(section, ruleset, lang, record)]
        else:
            out += ["", *_section(section, ruleset, lang, given, filled=values is not None)]
    return "\n".join(out) + "\n"


def value_at(data: Mapping[str, Any], section: str) -> Any:
    """The value of a section (`disclosure.budget`) in a facts file's data, or None."""
    node: Any = data
    for part in section.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def picked_by_year(ruleset: Ruleset) -> bool:
    """Whether a file of the ruleset's year is scored with it when no --ruleset is given."""
    from pathlib import Path

    from jixiao.engine.errors import InputError
    from jixiao.engine.ruleset.library import find_ruleset

    try:
        found = find_ruleset(year=ruleset.year)
    except InputError:
        return False
    return found.resolve() == Path(ruleset.source).resolve()


def _section(
    section: Section,
    ruleset: Ruleset,
    lang: str,
    given: Any = None,
    *,
    filled: bool = False,
) -> Iterator[str]:
    """A section's block; a record's when `given` is one (of a filled-in file); `filled`: the
    file's own values are written, the placeholders are not."""
    values = given if isinstance(given, Mapping) else {}
    record = section.array and isinstance(given, Mapping)
    yield f"# ── {section.label.get(lang)} ──"
    if section.help:
        yield f"# {_said(section.help, lang)}"
    if record:
        yield f"[[{section.name}]]"
    elif section.array:
        yield RECORDS(label=section.label, name=section.name).get(lang)
        yield f"# [[{section.name}]]"
    else:
        yield f"[{section.name}]"
    for spec in section.fields:
        # a record is copied and uncommented as a block: its notes stay after the values
        if spec.help and not section.array:
            yield f"# {_said(spec.help, lang)}"
        yield _field_line(
            section, spec, ruleset, lang, values.get(spec.name), filled=filled or record
        )


def _field_line(
    section: Section,
    spec: Field,
    ruleset: Ruleset,
    lang: str,
    value: Any = None,
    *,
    filled: bool = False,
) -> str:
    path = f"{section.name}.{spec.name}"
    hints = [hint_of(spec, lang)]
    if spec.required and path not in PLACEHOLDERS:
        hints.append(REQUIRED.get(lang))
    elif spec.alternatives:
        others = [_label_of(section, name, lang) for name in spec.alternatives]
        hints.append(REQUIRED_OR(others=others).get(lang))
    if spec.help and section.array:
        hints.append(_said(spec.help, lang))
    if value is not None:  # the file's own answer
        written = list(value) if isinstance(value, tuple) else value
        assignment = tomli_w.dumps({spec.name: written}).strip()
    elif path == "department.year":
        assignment = f"year = {ruleset.year}"
    elif path in PLACEHOLDERS and not filled:  # the file's identity: warned about while unchanged
        written = PLACEHOLDERS[path].get(lang)
        assignment = tomli_w.dumps({spec.name: written}).strip()
        hints.append(PLACEHOLDER_NOTE(label=spec.label).get(lang))
    else:  # everything else is the department's to answer: no value, an example in the note
        assignment = f"# {spec.name} ="
        example = _example(spec, ruleset.year)
        if path == "self_evaluation.grade":  # a grade of this ruleset, not of 2025
            example = json.dumps(printable(ruleset.grades[0].label.get(lang)), ensure_ascii=False)
        if example is not None:
            hints.append(EXAMPLE(example=example).get(lang))
    separator = HINT_SEPARATOR.get(lang, "; ")
    comment = spec.label.get(lang) + "：" if lang != "en" else spec.label.get(lang) + ": "
    comment += separator.join(hint for hint in hints if hint)
    return f"{_pad(assignment)}# {comment}"


def _example(spec: Field, year: int) -> str | None:
    """The example the note gives, as TOML writes it; none where the note lists every answer
    (yes/no, a choice): an example there would be one of the answers."""
    if spec.example:
        return spec.example
    if spec.type in ("bool", "bool_or_na", "choice"):
        return None
    if spec.type == "date":
        return f"{year}-02-10"
    if spec.type == "year":
        return str(year)
    return EXAMPLES.get(spec.type)


def hint_of(spec: Field, lang: str) -> str:
    """How a field is written, in a few words: 万元, true 是 / false 否, the choices."""
    if spec.type == "choice":
        choices = "、" if lang != "en" else ", "
        written = choices.join(f'"{choice}"' for choice in spec.choices)
        return f"可填 {written}" if lang != "en" else f"one of {written}"
    return HINTS[spec.type].get(lang) if spec.type in HINTS else ""


def _label_of(section: Section, name: str, lang: str) -> str:
    spec = section.field(name)
    return spec.label.get(lang) if spec is not None else name


def _said(words: Text | str, lang: str) -> str:
    return words if isinstance(words, str) else words.get(lang)


def _pad(text: str) -> str:
    """`text` padded to the comment column, counting a Chinese character as two columns."""
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(1, COMMENT_COLUMN - width)
