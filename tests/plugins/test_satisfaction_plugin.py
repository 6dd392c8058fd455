"""The example plugin jixiao-satisfaction, loaded without installing it (load_registry(extra=))."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from paths import SATISFACTION

from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry, load_registry

PLUGIN = SATISFACTION
RULESET = PLUGIN / "rulesets" / "2025-satisfaction.toml"
DEPARTMENT = PLUGIN / "departments" / "luquan-cppcc-2025-satisfaction.toml"
SURVEY = """[satisfaction]
surveyed_on = 2025-11-20
sample_size = 320
satisfied = 296
"""


@pytest.fixture(scope="module")
def registry() -> Registry:
    sys.path.insert(0, str(PLUGIN))
    try:
        import jixiao_satisfaction
    finally:
        sys.path.remove(str(PLUGIN))
    return load_registry(extra=[("satisfaction", jixiao_satisfaction)])


def department(tmp_path: Path, survey: str) -> Path:
    """The example department with its [satisfaction] section (last in the file) replaced."""
    text = DEPARTMENT.read_text(encoding="utf-8")
    path = tmp_path / "dept.toml"
    path.write_text(text[: text.index("\n[satisfaction]\n") + 1] + survey, encoding="utf-8")
    return path


def scored(registry: Registry, path: Path, ruleset: Path = RULESET):
    card = api.score_file(path, str(ruleset), registry=registry)
    assert card.complete, card.plugin_failures
    [dimension] = [d for d in card.dimensions if d.id == "satisfaction"]
    return card, {sub.code: sub for sub in dimension.subindicators}, dimension


def test_the_plugin_provides_its_indicator_and_rule_kind(registry):
    assert registry.failures == ()
    info = registry.provider("satisfaction")
    assert info is not None
    assert info.hooks == ("score_indicators", "score_rule_kinds")
    assert info.rule_kinds == ("sampled_tiers",)


def test_the_example_department(registry):
    card, subs, dimension = scored(registry, DEPARTMENT)
    assert subs["6.1"].score == Decimal("8.00")  # 296/320 = 92.5% ≥ 90%, sample 320 ≥ 200
    assert subs["6.2"].score == Decimal("1.00")  # 320 ≥ 200 but < 400
    assert dimension.score == Decimal("9.00")
    assert card.total == Decimal("78.43")
    assert card.grade.label.zh == "良好"


@pytest.mark.parametrize(
    ("size", "satisfied", "points"),
    [
        (200, 180, "8.00"),  # exactly 90%
        (2000, 1799, "6.00"),  # 89.95%: the next tier
        (200, 160, "6.00"),  # exactly 80%
        (200, 119, "0.00"),  # 59.5%: below every tier
        (200, 200, "8.00"),  # 100%
    ],
)
def test_tier_boundaries(registry, tmp_path, size, satisfied, points):
    survey = f"[satisfaction]\nsample_size = {size}\nsatisfied = {satisfied}\n"
    _, subs, _ = scored(registry, department(tmp_path, survey))
    assert subs["6.1"].score == Decimal(points)


def test_a_sample_below_the_minimum_keeps_the_share_the_ruleset_gives(registry, tmp_path):
    _, subs, _ = scored(
        registry, department(tmp_path, "[satisfaction]\nsample_size = 199\nsatisfied = 199\n")
    )
    sub = subs["6.1"]
    assert sub.score == Decimal("4.00")  # the ≥90% tier's 8, times short_sample_share 0.5
    assert [(d.points, d.reason.get("en")) for d in sub.deductions] == [
        (
            4,
            "199 valid questionnaires, fewer than the 200 required: 50% of the tier's points, "
            "4.00 off",
        )
    ]
    assert sub.deductions[0].reason.get("zh") == (
        "有效样本199份，少于最低样本量200份，按档次得分的50%计，扣4.00分"
    )
    assert [f.code for f in sub.findings] == ["sample_too_small"]
    assert subs["6.2"].score == Decimal("0.00")  # 199 < 200


def test_rate_instead_of_satisfied(registry, tmp_path):
    _, subs, _ = scored(
        registry, department(tmp_path, "[satisfaction]\nsample_size = 250\nrate = 79.99\n")
    )
    assert subs["6.1"].score == Decimal("4.00")  # 79.99% is in the ≥70% tier
    assert subs["6.1"].measures[0].text.get("en") == (
        "satisfied (from the rate) 199.975人 / surveyed 250人 = 79.99%"
    )


def test_no_survey_earns_nothing_with_a_warning(registry, tmp_path):
    _, subs, dimension = scored(registry, department(tmp_path, ""))
    assert dimension.score == Decimal("0.00")
    assert [f.code for f in subs["6.1"].findings] == ["missing_evidence"]
    assert subs["6.1"].deductions[0].reason.get("zh") == (
        "未填写有效样本量、满意人数（含基本满意），无佐证，扣8.00分"
    )
    assert subs["6.1"].deductions[0].reason.get("en") == (
        "not given: valid questionnaires, respondents satisfied: no evidence, 8.00 off"
    )


def test_a_survey_outside_the_year_is_a_warning(registry, tmp_path):
    survey = SURVEY.replace("2025-11-20", "2024-12-30")
    card, subs, _ = scored(registry, department(tmp_path, survey))
    assert subs["6.1"].score == Decimal("8.00")
    [finding] = [f for f in card.findings if f.code == "survey_outside_year"]
    assert finding.where == "satisfaction.surveyed_on"


@pytest.mark.parametrize(
    ("survey", "field", "message"),
    [
        (
            "sample_size = 100\nsatisfied = 101\n",
            "satisfaction.satisfied",
            "is 101, more than sample_size 100; the satisfied are part of those surveyed",
        ),
        (
            "sample_size = 100\nsatisfied = 90\nrate = 90\n",
            "satisfaction.rate",
            "give satisfied or rate, not both",
        ),
        ("sample_size = 100\nrate = 100.5\n", "satisfaction.rate", "is 100.5; a rate in percent"),
        ("satisfied = 90\n", "satisfaction.sample_size", "is required when satisfied is given"),
        ("sample_size = 100\nsatisfied = 9.5\n", "satisfaction.satisfied", "expected a whole"),
        ("sample_size = 100\nsatisfied = 90\nsatisfy = 1\n", "satisfaction.satisfy", "did you"),
    ],
)
def test_facts_errors_name_the_field(registry, tmp_path, survey, field, message):
    with pytest.raises(InputError) as raised:
        api.load_facts(department(tmp_path, "[satisfaction]\n" + survey), registry)
    [problem] = raised.value.problems
    assert problem.field == field
    assert message in problem.text("en")


def _ruleset(tmp_path: Path, old: str, new: str) -> Path:
    text = RULESET.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            "{ at_least_pct = 80, points = 6 }",
            "{ at_least_pct = 95, points = 6 }",
            "rule.tiers",
            "bounds must be strictly decreasing: ≥90% then ≥95%",
        ),
        (
            "{ at_least_pct = 90, points = 8 }",
            "{ at_least_pct = 90, points = 9 }",
            "rule.tiers",
            "a tier gives 9 points, more than the sub-indicator's 8",
        ),
        ("min_sample = 200", "min_sampel = 200", "rule.min_sampel", "did you mean 'min_sample'?"),
        (
            "short_sample_share = 0.5",
            "short_sample_share = 1.5",
            "rule.short_sample_share",
            "0 and 1",
        ),
        ("min_sample = 200\n", "", "rule.min_sample", "is required by rule kind 'sampled_tiers'"),
    ],
)
def test_ruleset_errors_of_the_plugins_rule_kind(registry, tmp_path, old, new, key, message):
    with pytest.raises(InputError) as raised:
        api.load_ruleset(str(_ruleset(tmp_path, old, new)), registry=registry)
    where = f"dimensions.satisfaction.subindicators.satisfaction_rate.{key}"
    [problem] = [p for p in raised.value.problems if p.field == where]
    assert message in problem.text("en")


def test_the_rule_in_words(registry):
    ruleset = api.load_ruleset(str(RULESET), registry=registry)
    found = ruleset.find("6.1")
    assert found is not None
    kind = registry.rule_kinds["sampled_tiers"]
    rule, points = found[1].rule, found[1].points
    assert kind.describe(rule, points, "zh") == (
        "≥90%得8分；≥80%得6分；≥70%得4分；≥60%得2分；其余得0分；有效样本少于200份时按所得分的50%计"
    )
    assert kind.describe(rule, points, "en") == (
        "≥90%: 8; ≥80%: 6; ≥70%: 4; ≥60%: 2; otherwise 0; a sample under 200: 50% of that"
    )


def test_the_ruleset_needs_the_plugin(tmp_path):
    with pytest.raises(InputError) as raised:
        api.load_ruleset(str(RULESET), registry=load_registry())
    messages = [p.text("zh") for p in raised.value.problems]
    assert any("没有已安装的插件提供指标“satisfaction”" in m for m in messages)
