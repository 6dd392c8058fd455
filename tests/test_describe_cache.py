"""Rule descriptions are worked out once per ruleset, and are those of that ruleset's rules."""

from __future__ import annotations

from pathlib import Path

from score.engine import api
from score.engine.plugins import Registry
from score.engine.ruleset import Ruleset


def test_scoring_fills_the_rulesets_descriptions_once(
    registry: Registry, examples_dir: Path
) -> None:
    ruleset = api.load_ruleset("2025", registry=registry)
    facts = api.load_facts(examples_dir / "luquan-cppcc-2025.toml", registry)
    assert ruleset.described == {}
    first = api.score(facts, ruleset, registry)
    filled = dict(ruleset.described)
    assert filled[("1.1", 0)] == (
        "得分 = 20 × 比率；超过100%的部分对称扣减",
        "score = 20 × ratio; above 100% penalised symmetrically",
    )
    assert ("2.1", 1) in filled  # the `then` deduction of 2.1 has words of its own
    second = api.score(facts, ruleset, registry)
    assert first == second
    assert ruleset.described == filled


def test_another_ruleset_has_its_own_words(
    registry: Registry, ruleset_2025: Ruleset, tmp_path: Path, examples_dir: Path
) -> None:
    child = tmp_path / "2025-strict.toml"
    child.write_text(
        'extends = "2025"\nid = "2025-strict"\nyear = 2025\n'
        "[dimensions.budget_execution.subindicators.carry_over_rate.rule]\n"
        "threshold_pct = 3\n",
        encoding="utf-8",
    )
    strict = api.load_ruleset(str(child), registry=registry)
    facts = api.load_facts(examples_dir / "luquan-cppcc-2025.toml", registry)
    api.score(facts, ruleset_2025, registry)
    card = api.score(facts, strict, registry)
    words = {sub.code: sub.rule.zh for dim in card.dimensions for sub in dim.subindicators}
    assert words["1.2"].startswith("≤3%得满分")
    assert ruleset_2025.described[("1.2", 0)][0].startswith("≤5%得满分")
