"""The sections a facts file may hold (the core's and every indicator's), and what validating
a file looks up in them, worked out once per set of sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from jixiao.engine.facts.fields import Field, Section
from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text

CORE_SECTIONS: tuple[Section, ...] = (
    Section(
        "department",
        Text("部门信息", "Department"),
        (
            Field("name", "text", Text("部门名称", "department name"), required=True),
            Field(
                "code",
                "text",
                Text("部门编码", "department code"),
                required=True,
                help=Text("预算系统中的部门编码", "the department's code in the budget system"),
            ),
            Field(
                "year",
                "year",
                Text("评价年度", "year evaluated"),
                required=True,
                help=Text(
                    "被评价的预算年度；按此年度选用评价规则",
                    "the budget year evaluated; selects the ruleset of that year",
                ),
            ),
        ),
    ),
    Section(
        "self_evaluation",
        Text("部门自评结果", "The department's own self-evaluation"),
        (
            Field("total", "score", Text("自评总分", "self-assessed total"), example="90"),
            Field("grade", "text", Text("自评等级", "self-assessed grade"), example='"优秀"'),
        ),
        help=Text(
            "本部门自评的结果，复核时与计算得分比较",
            "what the department claims, compared with the computed score in a review",
        ),
    ),
)

# What `score init` writes where only the department can say: left as they are, each is a
# warning, not an answer.
PLACEHOLDERS = {
    "department.name": Text("请填写部门名称", "the department's name"),
    "department.code": Text("请填写部门编码", "the department's code"),
}


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
        self.labels = {
            f"{name}.{f.name}": f.label
            for name, section in self.known.items()
            for f in section.fields
        }
        prefixes = {name.rsplit(".", depth)[0] for name in self.known for depth in range(1, 9)}
        self.inside = {prefix: _children(self.known, prefix) for prefix in ("", *prefixes)}

    def label_of(self, path: str) -> Text | None:
        """The label of a field (`budget.adjusted`) or a section (`budget`); a record's field
        with the record counted from 1, as people count: 第3个绩效目标的目标值
        (`targets[2].target`)."""
        record = re.match(r"^([\w.]+)\[(\d+)\]\.?(.*)$", path)
        if record is not None:
            name, index, rest = record.groups()
            section, field = self.known.get(name), self.labels.get(f"{name}.{rest}")
            if section is None:
                return None
            number = int(index) + 1
            if field is None:
                return Text(
                    f"第{number}个{section.label.zh}", f"entry {number} of {section.label.en}"
                )
            return Text(
                f"第{number}个{section.label.zh}的{field.zh}",
                f"{field.en}, entry {number} of {section.label.en}",
            )
        if path in self.labels:
            return self.labels[path]
        section = self.known.get(path)
        return None if section is None else section.label

    def key_for(self, name: str, table: str) -> Words | None:
        """What a Chinese name typed where a key goes stands for: the field of `table` (or the
        section, at the top level) whose label it is, as 调整后预算数（adjusted）; or None."""
        from jixiao.engine.errors import closest

        candidates = [
            *self.fields.get(table, {}),
            *self.inside.get(table, []),
        ]
        labels: dict[str, str] = {}
        for key in candidates:
            label = self.label_of(f"{table}.{key}" if table else key)
            if label is not None:
                labels[bare(label.zh)] = key
        close = closest(bare(name), labels)
        if close is None:
            return None
        key = labels[close]
        label = self.label_of(f"{table}.{key}" if table else key)
        assert label is not None
        return KEY_OF(key=key, label=label)


def bare(label: str) -> str:
    """A label without its unit in brackets, in half-width letters: 预算收支（万元） → 预算收支."""
    label = unicodedata.normalize("NFKC", label)
    for opening in ("(", "（"):
        label = label.split(opening, 1)[0]
    return label.strip().strip('“”"')


KEY_OF = Template("facts.key_of", "{label}（{key}）", "{label} ({key})")


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
    return any(f.required or f.alternatives for f in section.fields)
