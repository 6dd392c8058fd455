"""Rule descriptions are worked out once per ruleset, yet always those of the rule at hand."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from score.engine import api, scoring
from score.engine.plugins import Registry
from score.engine.rules.base import Rule
from score.engine.ruleset import Ruleset


def test_description_follows_the_rule_and_points(registry: Registry) -> None:
    kind = registry.rule_kinds["linear_ratio"]
    rule = Rule("linear_ratio", "execution_rate", {"floor_pct": Fraction(60), "over": "cap"})
    assert scoring._described(kind, rule, Fraction(5), {}) == (
        "得分 = 5 × 比率；低于60%不得分；超过100%按满分",
        "score = 5 × ratio; below 60%: 0; above 100%: full points",
    )
    # the same rule object under other points is described again, not taken from the cache
    assert scoring._described(kind, rule, Fraction(5, 2), {})[1].startswith("score = 2.5 × ratio")
    other = Rule("linear_ratio", "execution_rate", {"floor_pct": None, "over": "symmetric"})
    assert scoring._described(kind, other, Fraction(5), {}) == (
        "得分 = 5 × 比率；超过100%的部分对称扣减",
        "score = 5 × ratio; above 100% penalised symmetrically",
    )


def test_scoring_twice_gives_the_same_rule_texts(
    registry: Registry, ruleset_2025: Ruleset, examples_dir: Path
) -> None:
    facts = api.load_facts(examples_dir / "luquan-cppcc-2025.toml", registry)
    scoring._DESCRIBED.clear()
    first = api.score(facts, ruleset_2025, registry)
    assert scoring._DESCRIBED  # filled by the first department
    second = api.score(facts, ruleset_2025, registry)
    assert first == second
    rules = [sub.rule for dim in second.dimensions for sub in dim.subindicators]
    assert all(rule.zh and rule.en for rule in rules)
