"""4.1 and `max_excluded`: marking every rule set "n/a" must not escape the limit.

Under the 2025 ruleset at most one rule set may be marked not applicable. Marking all eight
used to make the ratio 0/0, which the shared convention turned into N/A: the dimension was
re-based to full marks, better than a department that answered honestly.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.engine import api
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.load import ruleset_from_document
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.tomlfile import parse_toml
from jixiao.indicators.internal_controls import RULE_SETS as INTERNAL_CONTROL_RULE_SETS

RULE_SETS = tuple(INTERNAL_CONTROL_RULE_SETS)  # the eight rule sets, as the indicator names them
HEAD = """
[department]
name = "某局"
code = "X-1"
year = 2025

[budget]
initial = 100
adjusted = 100
actual = 100
sangong_budget = 1
sangong_actual = 1
public_funds_budget = 1
public_funds_actual = 1

[internal_controls]
leading_group = true
risk_assessment = true
post_separation = true
report_on_time = true
violations = []

[internal_controls.rule_sets]
"""


def internal_controls(
    tmp_path: Path, answers: dict[str, str], registry: Registry, ruleset: Ruleset
) -> tuple[str | None, Decimal | None, list[str]]:
    """(4.1 status, the dimension's score, the finding codes of 4.1)."""
    lines = "".join(f"{key} = {value}\n" for key, value in answers.items())
    path = tmp_path / "dept.toml"
    path.write_text(HEAD + lines, encoding="utf-8")
    card = api.score(api.load_facts(path, registry), ruleset, registry)
    dimension = next(d for d in card.dimensions if d.id == "internal_controls")
    sub = dimension.subindicators[0]
    assert sub.code == "4.1"
    return sub.status, dimension.score, [f.code for f in sub.findings]


def test_all_eight_not_applicable_scores_zero_beyond_the_limit(
    tmp_path: Path, registry: Registry, ruleset_2025: Ruleset
) -> None:
    answers = {key: '"n/a"' for key in RULE_SETS}
    status, score, codes = internal_controls(tmp_path, answers, registry, ruleset_2025)
    # 0 present of 0 applicable + 7 exclusions beyond the limit: 8 × 0/7 = 0; 0 + 4 + 3 = 7
    assert (status, score, codes) == ("scored", Decimal("7.00"), ["too_many_excluded"])


def test_one_answer_among_seven_not_applicable_still_counts(
    tmp_path: Path, registry: Registry, ruleset_2025: Ruleset
) -> None:
    answers = {key: '"n/a"' for key in RULE_SETS}
    answers["budget"] = "true"
    status, score, _ = internal_controls(tmp_path, answers, registry, ruleset_2025)
    # 1 present of 1 applicable + 6 beyond the limit: 8 × 1/7 = 1.142857… → 1.14; + 4 + 3
    assert (status, score) == ("scored", Decimal("8.14"))


def test_without_a_limit_none_applicable_is_not_applicable(
    tmp_path: Path, registry: Registry, ruleset_2025: Ruleset
) -> None:
    text = Path(ruleset_2025.source).read_text(encoding="utf-8")
    limited = 'rule = { kind = "proportion", measure = "rule_set_coverage", max_excluded = 1 }'
    assert limited in text
    unlimited = text.replace(limited, limited.replace(", max_excluded = 1", ""))
    ruleset = ruleset_from_document(parse_toml(unlimited.encode(), "unlimited.toml"), registry)
    answers = {key: '"n/a"' for key in RULE_SETS}
    status, score, _ = internal_controls(tmp_path, answers, registry, ruleset)
    # 4.1 N/A: the dimension is re-based over 4.2 and 4.3, 15 × (4 + 3) / 7 = 15
    assert (status, score) == ("not_applicable", Decimal("15.00"))


def test_within_the_limit_the_excluded_one_is_left_out(
    tmp_path: Path, registry: Registry, ruleset_2025: Ruleset
) -> None:
    answers = {key: "true" for key in RULE_SETS}
    answers["construction"] = '"n/a"'
    answers["contracts"] = "false"
    status, score, codes = internal_controls(tmp_path, answers, registry, ruleset_2025)
    # 6 of 7: 8 × 6/7 = 6.857… → 6.86; + 4 + 3
    assert (status, score, codes) == ("scored", Decimal("13.86"), [])
