"""Each sub-indicator's rule in words is that of the ruleset it was scored under, and a rule
kind whose words cannot be had fails where, and whenever, a department reaches that rule."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

from jixiao.engine import api
from jixiao.engine.errors import say
from jixiao.engine.plugin_api import Outcome, Ratio, Rule, RuleInput, RuleKind, Text, hookimpl
from jixiao.engine.plugins.registry import Registry, load_registry
from jixiao.engine.ruleset.model import Ruleset


def _child_of_2025(tmp_path: Path, name: str, changes: str, registry: Registry) -> Ruleset:
    """A ruleset that extends the bundled 2025 with `changes` (TOML)."""
    child = tmp_path / f"{name}.toml"
    child.write_text(f'extends = "2025"\nid = "{name}"\nyear = 2025\n{changes}', encoding="utf-8")
    return api.load_ruleset(str(child), registry=registry)


def test_another_ruleset_has_its_own_words(
    registry: Registry, ruleset_2025: Ruleset, tmp_path: Path, examples_dir: Path
) -> None:
    strict = _child_of_2025(
        tmp_path,
        "2025-strict",
        "[dimensions.budget_execution.subindicators.carry_over_rate.rule]\nthreshold_pct = 3\n",
        registry,
    )
    facts = api.load_facts(examples_dir / "luquan-cppcc-2025.toml", registry)

    def words(ruleset: Ruleset) -> dict[str, str]:
        card = api.score(facts, ruleset, registry)
        return {
            sub.code: sub.rule.get("zh") for dim in card.dimensions for sub in dim.subindicators
        }

    assert words(ruleset_2025)["1.2"].startswith("≤5%得满分")
    assert words(strict)["1.2"].startswith("≤3%得满分")
    assert words(ruleset_2025)["1.1"] == "得分 = 20 × 比率；超过100%的部分对称扣减"


class _WordlessKind(RuleKind):
    """A deduction kind whose description always fails."""

    name = "wordless"
    label = Text("无说明", "wordless")
    accepts = (Ratio,)
    deduction = True

    def apply(self, given: RuleInput) -> Outcome:
        return Outcome(given.start)

    def describe(
        self, rule: Rule, points: Fraction, lang: str, item_labels: Mapping[str, Text] | None = None
    ) -> str:
        raise KeyError("words")


class _Wordless:
    @hookimpl
    def score_rule_kinds(self) -> list[RuleKind]:
        return [_WordlessKind()]


def test_a_description_that_fails_fails_where_and_whenever_it_is_reached(
    tmp_path: Path, examples_dir: Path
) -> None:
    """3.3 has a `then` deduction whose words cannot be worked out: a department whose 3.3 is
    N/A never reaches it; every department that does is incomplete, however many come before."""
    registry = load_registry(extra=[("wordless", _Wordless())])
    ruleset = _child_of_2025(
        tmp_path,
        "2025-wordless",
        "[dimensions.asset_management.subindicators.fixed_asset_utilisation]\n"
        'then = [{ kind = "wordless", measure = "fixed_asset_utilisation" }]\n',
        registry,
    )
    seed = (examples_dir / "luquan-cppcc-2025.toml").read_text(encoding="utf-8")
    none = seed.replace(
        "findings = []", "findings = []\nfixed_assets_in_use = 0\nfixed_assets_total = 0"
    )
    some = seed.replace(
        "findings = []", "findings = []\nfixed_assets_in_use = 8\nfixed_assets_total = 10"
    )
    for name, text in (("none.toml", none), ("some.toml", some)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    for _ in range(3):
        for name, complete in (("none.toml", True), ("some.toml", False)):
            card = api.score(api.load_facts(tmp_path / name, registry), ruleset, registry)
            sub = next(s for d in card.dimensions for s in d.subindicators if s.code == "3.3")
            assert card.complete is complete
            assert sub.status == ("not_applicable" if complete else "failed")
            if not complete:
                assert [say(f.message, "en") for f in card.plugin_failures] == [
                    "rule kind 'wordless': describe raised KeyError: 'words'"
                ]
                assert [say(f.message, "zh") for f in card.plugin_failures] == [
                    "计分方法“wordless”：describe 抛出异常 KeyError: 'words'"
                ]
