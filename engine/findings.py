"""Findings: what scoring notes beside the points (a warning, an error, an aside), and where."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from jixiao.engine.words.message import Words
from jixiao.engine.words.text import Text

Level = Literal["error", "warning", "info"]


@frozen
class Finding:
    level: Level
    code: str
    message: Words
    where: str = ""  # a sub-indicator's code (`2.1`), or a facts field (`budget.adjusted`)
    label: Text | None = None  # the facts field's label, shown before its key
