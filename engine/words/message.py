"""Messages as data: a Template (an id and its Chinese and English wording) and the values it
is said with, rendered only when shown.

    LATE = Template(
        "deadline.late",
        "{label}：批复后{days}日公开，超过{limit}日",
        "{label}: published {days} days after approval, over {limit}",
    )
    reason = LATE(label=sub.label, days=23, limit=20)   # a Message: nothing is formatted yet
    reason.get("zh")   # 部门预算公开：批复后23日公开，超过20日

A value is shown in the message's language: a Text or Message by its own `get`, a number by
the format its placeholder names (render.py): `{lost:pts}` points with two decimals, `{rate:pct}`
a ratio as a percentage with two decimals, `{limit:num}` a number of the ruleset as written,
`{amount:money}` an amount in 万元 with at least two decimals, `{on:date}` a date, `{names:list}`
texts joined as a list, `{name:q}` a text in quotes (“‘三公’经费” when it holds quotes
itself). A scoring run keeps its messages unformatted, so a batch that keeps only totals never
formats a word. A template without placeholders is used as it is, as a message
of its own: it is shown exactly as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from attrs import field, frozen


class Words(Protocol):
    """Anything shown in a language: a Text, a Message."""

    def get(self, lang: str = "zh") -> str: ...


@frozen
class Template:
    """What a message says, in Chinese and English, under a stable id (e.g. `facts.required`):
    the id is how tests, the JSON output and docs/errors.md refer to it."""

    id: str
    zh: str
    en: str

    def __call__(self, **values: Any) -> Message:
        return Message(self, values)

    def wording(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def get(self, lang: str = "zh") -> str:
        """A template without placeholders is a message by itself, said as written (braces
        and all: `expected a table { ... }`)."""
        return self.wording(lang)


@frozen
class Message:
    """A template and the values it is said with; formatted only by `get`."""

    template: Template
    values: Mapping[str, Any] = field(factory=dict, hash=False)

    @property
    def id(self) -> str:
        return self.template.id

    def get(self, lang: str = "zh") -> str:
        from jixiao.engine.words.render import render  # the formatter, only when shown

        return render(self.template.wording(lang), self.values, lang)

    def __str__(self) -> str:
        return self.get("zh")
