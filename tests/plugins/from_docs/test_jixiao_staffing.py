from decimal import Decimal
from pathlib import Path

import jixiao_staffing

from jixiao.engine import api
from jixiao.engine.plugin_api import Department, Facts, load_registry

RULESET = """
id = "staffing-test"
year = 2025

[[grades]]
label = "合格"
min = 0

[dimensions.staffing]
weight = 100
indicator = "staffing"

[dimensions.staffing.subindicators.staffing_rate]
points = 100
rule = { kind = "per_point", measure = "staffing_rate", threshold_pct = 100, deduct_per_point = 1 }
"""


def facts(**staffing: int) -> Facts:
    return Facts(Department("测试单位", "T-1", 2025), {"staffing": staffing})


def test_the_plugin_loads():
    registry = load_registry(extra=[("staffing", jixiao_staffing)], isolated=True)
    assert registry.failures == ()
    assert "staffing" in registry.indicators


def test_one_point_off_per_point_above_the_establishment(tmp_path: Path):
    registry = load_registry(extra=[("staffing", jixiao_staffing)], isolated=True)
    path = tmp_path / "staffing-test.toml"
    path.write_text(RULESET, encoding="utf-8")
    ruleset = api.load_ruleset(str(path), registry=registry)
    card = api.score(facts(authorised=20, in_post=21), ruleset, registry)
    assert card.total == Decimal("95.00")  # 105%: 5 points above 100%
    card = api.score(facts(authorised=20, in_post=20), ruleset, registry)
    assert card.total == Decimal("100.00")


def test_absent_figures_earn_nothing():
    measured = jixiao_staffing.compute(facts(authorised=20))
    assert measured["staffing_rate"].describe("en") == "not given: staffing.in_post"
