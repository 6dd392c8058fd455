"""Findings: what scoring notes beside the points (a warning, an error, an aside), and where."""

from __future__ import annotations

from typing import Literal

from attrs import frozen

from jixiao.engine.text import Text

Level = Literal["error", "warning", "info"]


@frozen
class Finding:
    level: Level
    code: str
    message: Text
    where: str = ""
