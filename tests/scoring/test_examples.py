"""Every example department has its total and grade pinned (hand-checked in docs/examples.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.engine import api

PINNED = {
    "luquan-cppcc-2025.toml": ("79.43", "良好"),
    "zhengding-agriculture-2025.toml": ("82.41", "良好"),
    "luquan-social-work-2025.toml": ("88.50", "优秀"),
    "jingxing-health-2025.toml": ("90.79", "优秀"),
    "wuji-housing-2025.toml": ("43.75", "较差"),
    "luquan-market-regulation-2025.toml": ("98.52", "优秀"),
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_example_total_and_grade(name: str, examples_dir: Path) -> None:
    card = api.score_file(examples_dir / name)
    total, grade = PINNED[name]
    assert card.total == Decimal(total)
    assert card.grade.label.zh == grade
    assert card.complete


def test_every_example_is_pinned(examples_dir: Path) -> None:
    assert {p.name for p in examples_dir.glob("*.toml")} == set(PINNED)
