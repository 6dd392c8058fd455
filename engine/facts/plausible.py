"""Warnings about facts that are valid but unlikely as typed: a placeholder of the template left
as it was, or an amount far out of scale with the file's other amounts (typed in 元 rather than
万元?). They never change a value: the unit of an amount is never guessed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from statistics import median
from typing import Any

from jixiao.engine.facts.schema import PLACEHOLDERS, FactsSchema
from jixiao.engine.findings import Finding
from jixiao.engine.words.message import Template
from jixiao.engine.words.text import Text

OUT_OF_SCALE = 1000  # an amount this many times the file's median amount is out of scale


def plausibility(values: Mapping[str, Any], schema: FactsSchema) -> list[Finding]:
    found = []
    for path, placeholder in PLACEHOLDERS.items():
        section, key = path.split(".", 1)
        given = values.get(section, {}).get(key)
        if given in (placeholder.zh, placeholder.en):
            label = schema.labels[path]
            found.append(
                Finding(
                    "warning", "placeholder", PLACEHOLDER(label=label, given=given), path, label
                )
            )
    amounts = list(_amounts(values, schema))
    positive = [amount for _, amount in amounts if amount > 0]
    if len(positive) >= 3:
        middle = Decimal(median(positive))
        for path, amount in amounts:
            if middle > 0 and amount > middle * OUT_OF_SCALE:
                label = schema.labels.get(_field(path), Text(path, path))
                found.append(
                    Finding(
                        "warning",
                        "out_of_scale",
                        FAR_OUT(amount=amount, median=middle),
                        path,
                        label,
                    )
                )
    return found


def _amounts(values: Mapping[str, Any], schema: FactsSchema) -> Iterator[tuple[str, Decimal]]:
    """(field path, amount) of every money fact in the file, in file order."""
    for name, section in schema.known.items():
        money = [f.name for f in section.fields if f.type == "money"]
        if not money:
            continue
        node: Any = values
        for part in name.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        if section.array and isinstance(node, list):
            for index, record in enumerate(node):
                for key in money:
                    if isinstance(record.get(key), Decimal):
                        yield f"{name}[{index}].{key}", record[key]
        elif isinstance(node, Mapping):
            for key in money:
                if isinstance(node.get(key), Decimal):
                    yield f"{name}.{key}", node[key]


def _field(path: str) -> str:
    """targets[2].actual → targets.actual: the field a path is a value of."""
    head, _, tail = path.partition("[")
    return f"{head}.{tail.split('.', 1)[1]}" if tail else path


PLACEHOLDER = Template(
    "facts.placeholder",
    "仍是模板中的“{given}”，请改为本部门的{label}",
    "is still the template's “{given}”: write the department's own {label}",
)
FAR_OUT = Template(
    "facts.out_of_scale",
    "为{amount:money}万元，比本文件中多数金额（约{median:money}万元）大1000倍以上："
    "是否按“元”填写了？金额以万元为单位，元数除以10000即为万元数",
    "is {amount:money} 万元, over 1000 times the median amount of this file "
    "({median:money} 万元): was it typed in 元? amounts are in 万元",
)
