"""Signed measures and negative bounds: a change on last year (“三公”经费变动率) is negative when
it falls, and `per_point`'s threshold and the tiers' bounds may be negative too.

Both kinds read a bound in percent alike (any signed percentage from -1000 to 1000), treat a
measure exactly at it alike (≤ and ≥ include it, whatever its sign), and say a negative bound
alike, in words with two decimals (不高于-10.00%). Every score here is worked out by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from factories import D, sub
from factories import facts as facts_of

from jixiao.engine import api
from jixiao.engine.errors import InputError, say
from jixiao.engine.measures.types import Ratio
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.rules.base import Outcome, Rule, RuleInput
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.scoring.plan import registry_for
from jixiao.engine.scoring.results import Scorecard
from jixiao.engine.words.text import same

F = Fraction
LABEL = same("变动率")


def pct(value: str) -> Ratio:
    """A change rate of `value` percent, as change / last year (last year 100)."""
    return Ratio(F(value), F(100), same("增减"), same("上年"), "万元")


def parsed(registry: Registry, kind: str, params: Mapping[str, Any], points: int = 5) -> Rule:
    values, problems = registry.rule_kinds[kind].parse(
        {"kind": kind, "measure": "m", **params}, F(points)
    )
    assert problems == [], problems
    return Rule(kind, "m", values)


def applied(registry: Registry, rule: Rule, measure: Ratio, points: int = 5) -> Outcome:
    given = RuleInput(rule, measure, F(points), F(points), LABEL, "1.3")
    outcome = registry.rule_kinds[rule.kind].apply(given)
    lost = sum((d.points for d in outcome.deductions), F(0))
    assert lost == F(points) - outcome.score  # every point lost has its reason
    return outcome


def problems(registry: Registry, kind: str, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    _, found = registry.rule_kinds[kind].parse({"kind": kind, "measure": "m", **params}, F(5))
    return [(key, say(message, "en")) for key, message in found]


def describe(registry: Registry, rule: Rule, lang: str) -> str:
    return registry.rule_kinds[rule.kind].describe(rule, F(5), lang)


# per_point on a signed measure ----------------------------------------------------------------

CHANGE = {"threshold_pct": 0, "deduct_per_point": D("0.5")}  # ≤ 0: full 5; 0.5 off per point


@pytest.mark.parametrize(
    ("change", "score"),
    [
        ("0", "5"),  # exactly at the threshold: nothing lost
        ("0.01", "4.995"),  # 0.01 point above × 0.5 = 0.005 off
        ("-0.01", "5"),
        ("-12", "5"),  # a fall earns full points
        ("3", "3.5"),  # 3 points above × 0.5 = 1.5 off
        ("10", "0"),  # 10 × 0.5 = 5: all of it
        ("11", "0"),  # never below 0
    ],
)
def test_per_point_at_zero_gives_full_points_to_a_fall(
    registry: Registry, change: str, score: str
) -> None:
    rule = parsed(registry, "per_point", CHANGE)
    assert applied(registry, rule, pct(change)).score == F(score)


@pytest.mark.parametrize(
    ("direction", "change", "score"),
    [
        ("above", "-5", "5"),  # the threshold itself
        ("above", "-4.99", "4.995"),  # 0.01 above -5
        ("above", "-3", "4"),  # 2 points above × 0.5
        ("above", "-6", "5"),
        ("below", "-5", "5"),
        ("below", "-5.01", "4.995"),  # 0.01 below -5
        ("below", "-6", "4.5"),  # 1 point below × 0.5
        ("below", "-4", "5"),
    ],
)
def test_per_point_with_a_negative_threshold(
    registry: Registry, direction: str, change: str, score: str
) -> None:
    params = {"threshold_pct": -5, "deduct_per_point": D("0.5"), "direction": direction}
    rule = parsed(registry, "per_point", params)
    assert applied(registry, rule, pct(change)).score == F(score)


def test_per_point_says_a_negative_threshold_in_words(registry: Registry) -> None:
    above = parsed(registry, "per_point", {"threshold_pct": -5, "deduct_per_point": D("0.5")})
    assert describe(registry, above, "zh") == "不高于-5.00%得满分；每超过1个百分点扣0.5分，扣完为止"
    assert describe(registry, above, "en") == (
        "at most -5.00%: full points; 0.5 off per point above, down to 0"
    )
    below = parsed(
        registry,
        "per_point",
        {"threshold_pct": D("-2.5"), "deduct_per_point": 1, "direction": "below"},
    )
    assert describe(registry, below, "zh") == "不低于-2.50%得满分；每低1个百分点扣1分，扣完为止"
    assert describe(registry, below, "en") == (
        "at least -2.50%: full points; 1 off per point below, down to 0"
    )
    # 0 and above keep their short form
    zero = parsed(registry, "per_point", CHANGE)
    assert describe(registry, zero, "zh") == "≤0%得满分；每超过1个百分点扣0.5分，扣完为止"
    assert describe(registry, zero, "en") == (
        "≤ 0%: full points; 0.5 off per point above, down to 0"
    )


def test_per_point_reason_names_a_negative_threshold_with_two_decimals(
    registry: Registry,
) -> None:
    rule = parsed(registry, "per_point", {"threshold_pct": -5, "deduct_per_point": D("0.5")})
    (deduction,) = applied(registry, rule, pct("-3")).deductions
    assert deduction.points == 1
    assert deduction.reason.get("zh") == (
        "变动率-3.00%，超过-5.00%共2.00个百分点，每个百分点扣0.5分，扣1.00分"
    )
    assert deduction.reason.get("en") == (
        "变动率 -3.00%: 2.00 points above -5.00%, 0.5 off per point, 1.00 off"
    )
    positive = parsed(registry, "per_point", {"threshold_pct": 5, "deduct_per_point": D("0.5")})
    (unchanged,) = applied(registry, positive, pct("7")).deductions
    assert unchanged.reason.get("zh") == (
        "变动率7.00%，超过5%共2.00个百分点，每个百分点扣0.5分，扣1.00分"
    )


# tiers with negative bounds -------------------------------------------------------------------

FALL = {  # a fall of 10% or more: 3; no rise: 2; a rise: 0
    "tiers": [{"at_most_pct": -10, "points": 3}, {"at_most_pct": 0, "points": 2}],
    "otherwise": 0,
}
FLOOR = {  # a fall of at most 5%: 3; of at most 10%: 1; more: 0
    "tiers": [{"at_least_pct": -5, "points": 3}, {"at_least_pct": -10, "points": 1}],
}


@pytest.mark.parametrize(
    ("params", "change", "score"),
    [
        (FALL, "-10", "3"),  # at_most_pct = -10 includes -10 itself
        (FALL, "-10.01", "3"),
        (FALL, "-9.99", "2"),
        (FALL, "0", "2"),
        (FALL, "0.01", "0"),
        (FLOOR, "-5", "3"),  # at_least_pct = -5 includes -5 itself
        (FLOOR, "-4.99", "3"),
        (FLOOR, "-5.01", "1"),
        (FLOOR, "-10", "1"),
        (FLOOR, "-10.01", "0"),
    ],
)
def test_tiers_with_negative_bounds(
    registry: Registry, params: Mapping[str, Any], change: str, score: str
) -> None:
    rule = parsed(registry, "tiers", params, points=3)
    assert applied(registry, rule, pct(change), points=3).score == F(score)


def test_tiers_say_a_negative_bound_in_words(registry: Registry) -> None:
    fall = parsed(registry, "tiers", FALL, points=3)
    assert describe(registry, fall, "zh") == "不高于-10.00%得3分；≤0%得2分；其余得0分"
    assert describe(registry, fall, "en") == "at most -10.00%: 3; ≤0%: 2; otherwise 0"
    floor = parsed(registry, "tiers", FLOOR, points=3)
    assert describe(registry, floor, "zh") == "不低于-5.00%得3分；不低于-10.00%得1分；其余得0分"
    assert describe(registry, floor, "en") == "at least -5.00%: 3; at least -10.00%: 1; otherwise 0"
    exact = parsed(registry, "tiers", {"tiers": [{"at_most_pct": D("-2.125"), "points": 1}]})
    assert describe(registry, exact, "zh") == "不高于-2.125%得1分；其余得0分"  # never rounded
    plain = parsed(registry, "tiers", {"tiers": [{"at_most": -3, "points": 1}]})
    assert describe(registry, plain, "zh") == "不高于-3得1分；其余得0分"  # as a quantity is shown


def test_tier_reasons_say_a_negative_bound_in_words(registry: Registry) -> None:
    fall = parsed(registry, "tiers", FALL, points=5)
    (in_tier,) = applied(registry, fall, pct("-12")).deductions
    assert in_tier.points == 2
    assert in_tier.reason.get("zh") == "变动率-12.00%，属“不高于-10.00%”档，得3.00分"
    assert in_tier.reason.get("en") == "变动率 -12.00%: tier at most -10.00%, 3.00 points"
    floor = parsed(registry, "tiers", FLOOR, points=3)
    (beyond,) = applied(registry, floor, pct("-20"), points=3).deductions
    assert beyond.reason.get("zh") == "变动率-20.00%，低于-10.00%，不得分"
    assert beyond.reason.get("en") == "变动率 -20.00%: below -10.00%, no points"


def test_tier_order_names_negative_bounds_in_words(registry: Registry) -> None:
    wrong = {"tiers": [{"at_most_pct": 0, "points": 2}, {"at_most_pct": -10, "points": 3}]}
    _, found = registry.rule_kinds["tiers"].parse({"kind": "tiers", "measure": "m", **wrong})
    ((key, message),) = found
    assert key == "tiers"
    assert message.get("zh") == "界限须严格递增：先是≤0%，后是不高于-10.00%"
    assert message.get("en") == "bounds must be strictly increasing: ≤0% then at most -10.00%"


# both kinds agree ---------------------------------------------------------------------------


@pytest.mark.parametrize("bound", ["-1000", "-10", "-5", "-0.5", "0", "5", "1000"])
@pytest.mark.parametrize("offset", ["-0.01", "0", "0.01"])
@pytest.mark.parametrize(
    ("direction", "tier_bound"), [("above", "at_most_pct"), ("below", "at_least_pct")]
)
def test_per_point_and_tiers_treat_a_bound_alike(
    registry: Registry, bound: str, offset: str, direction: str, tier_bound: str
) -> None:
    """per_point keeps full points exactly where the tier of the same bound holds."""
    value = str(Decimal(bound) + Decimal(offset))
    per_point = parsed(
        registry,
        "per_point",
        {"threshold_pct": Decimal(bound), "deduct_per_point": 1000, "direction": direction},
    )
    tiers = parsed(registry, "tiers", {"tiers": [{tier_bound: Decimal(bound), "points": 5}]})
    full = applied(registry, per_point, pct(value)).score == 5
    holds = applied(registry, tiers, pct(value)).score == 5
    assert full == holds
    assert full == (offset == "0" or (offset == "-0.01") == (direction == "above"))
    # and both say the bound the same way
    said = describe(registry, tiers, "zh").split("得")[0]
    assert describe(registry, per_point, "zh").startswith(said)


@pytest.mark.parametrize("value", [-1000, D("-999.99"), -5, 0, D("-0.5"), D("-0"), 1000])
def test_both_accept_any_signed_percentage_within_the_range(
    registry: Registry, value: int | Decimal
) -> None:
    assert problems(registry, "per_point", {"threshold_pct": value, "deduct_per_point": 1}) == []
    for bound in ("at_most_pct", "at_least_pct"):
        assert problems(registry, "tiers", {"tiers": [{bound: value, "points": 1}]}) == []


@pytest.mark.parametrize(
    ("value", "shown"),
    [(D("-1000.01"), "-1000.01"), (-1001, "-1001"), (1001, "1001"), (10**14, "100000000000000")],
)
def test_both_refuse_a_percentage_beyond_the_range_alike(
    registry: Registry, value: int | Decimal, shown: str
) -> None:
    said = f"expected a percentage from -1000 to 1000, as a number (-5 for -5%), found {shown}"
    assert problems(registry, "per_point", {"threshold_pct": value, "deduct_per_point": 1}) == [
        ("threshold_pct", said)
    ]
    assert problems(registry, "tiers", {"tiers": [{"at_most_pct": value, "points": 1}]}) == [
        ("tiers[0].at_most_pct", said)
    ]
    _, found = registry.rule_kinds["tiers"].parse(
        {"kind": "tiers", "measure": "m", "tiers": [{"at_least_pct": value, "points": 1}]}
    )
    ((key, message),) = found
    assert key == "tiers[0].at_least_pct"
    assert say(message, "zh") == (
        f"应为-1000到1000之间的百分数，只写数字（如 -5 表示-5%），填写的是 {shown}"
    )


def test_a_plain_bound_is_no_percentage(registry: Registry) -> None:
    assert problems(registry, "tiers", {"tiers": [{"at_most": -5000, "points": 1}]}) == []
    assert problems(registry, "per_point", {"threshold_pct": "-5%", "deduct_per_point": 1}) == [
        ("threshold_pct", 'expected a number, found "-5%"')
    ]


def test_floor_pct_stays_a_percentage_of_zero_or_more(registry: Registry) -> None:
    assert problems(registry, "linear_ratio", {"floor_pct": -5}) == [
        ("floor_pct", "expected a number ≥ 0, found -5")
    ]


# ratio kinds on a signed measure ------------------------------------------------------------


def test_linear_ratio_and_proportion_give_nothing_for_a_negative_ratio(
    registry: Registry,
) -> None:
    for kind in ("linear_ratio", "proportion"):
        rule = parsed(registry, kind, {})
        outcome = applied(registry, rule, pct("-12"), points=20)
        assert outcome.score == 0
        (deduction,) = outcome.deductions
        assert deduction.points == 20
        assert deduction.reason.get("zh") == "变动率-12.00%，低于0，不得分"
        assert deduction.reason.get("en") == "变动率 -12.00% is below 0: no points"
        assert applied(registry, rule, pct("0"), points=20).score == 0


# a whole ruleset: the change declared as a measure, scored end to end --------------------------

SIGNED = """extends = "2025"
id = "2025-signed"
year = 2025

[facts.sangong_history]
label = "“三公”经费上年数"
[facts.sangong_history.fields]
last_year = { type = "money", label = "上年“三公”经费支出" }

[facts.signed]
label = "有符号的度量"
[facts.signed.fields]
gain = { type = "number", label = "增减额" }
base = { type = "number", label = "基数" }

[measures.sangong_change]
kind = "change_rate"
label = "“三公”经费变动率"
current = "budget.sangong_actual"
previous = "sangong_history.last_year"

[measures.gain_rate]
kind = "ratio"
label = "增减率"
numerator = "signed.gain"
denominator = "signed.base"

# 1.3 (5 points): ≤ 0 full, 0.5 off per point above
[dimensions.budget_execution.subindicators.sangong_control]
rule = { kind = "per_point", measure = "sangong_change", threshold_pct = 0, deduct_per_point = 0.5 }

# 1.4 (3 points): a fall of 10% or more 3, no rise 2, a rise 0
[dimensions.budget_execution.subindicators.budget_adjustment]
rule = { kind = "tiers", measure = "sangong_change", otherwise = 0, tiers = [
    { at_most_pct = -10, points = 3 },
    { at_most_pct = 0, points = 2 },
] }

# 1.5 (2 points): at most -5% full, 0.1 off per point above
[dimensions.budget_execution.subindicators.public_funds_control]
rule = { kind = "per_point", measure = "gain_rate", threshold_pct = -5, deduct_per_point = 0.1 }
"""


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Ruleset:
    path = Path(tmp_path_factory.mktemp("signed")) / "2025-signed.toml"
    path.write_text(SIGNED, encoding="utf-8")
    return api.load_ruleset(str(path), registry=registry)


def scored(
    ruleset: Ruleset, registry: Registry, actual: str, last_year: str, gain: str, base: str
) -> Scorecard:
    overrides = {
        "budget": {"sangong_actual": D(actual)},
        "sangong_history": {"last_year": D(last_year)},
        "signed": {"gain": D(gain), "base": D(base)},
    }
    facts = facts_of(overrides, registry_for(ruleset, registry))
    return api.score(facts, ruleset, registry)


@pytest.mark.parametrize(
    ("actual", "last_year", "s13", "s14"),
    [
        ("10", "10", "5.00", "2.00"),  # 0%: full points, the ≤0% tier
        ("10.01", "10", "4.95", "0.00"),  # +0.1%: 0.05 off; a rise: no tier
        ("10.001", "10", "5.00", "0.00"),  # +0.01%: 4.995 exactly, rounded once half up
        ("9", "10", "5.00", "3.00"),  # -10%: within at_most_pct = -10
        ("9.001", "10", "5.00", "2.00"),  # -9.99%: not a fall of 10%
        ("13", "10", "0.00", "0.00"),  # +30%: 15 off, down to 0
    ],
)
def test_a_change_rate_scored_end_to_end(
    signed: Ruleset, registry: Registry, actual: str, last_year: str, s13: str, s14: str
) -> None:
    card = scored(signed, registry, actual, last_year, "-5", "100")
    assert (sub(card, "1.3").score, sub(card, "1.4").score) == (D(s13), D(s14))
    assert card.complete


def test_plus_one_hundredth_of_a_point_is_exact_before_rounding(
    signed: Ruleset, registry: Registry
) -> None:
    card = scored(signed, registry, "10.001", "10", "-5", "100")
    row = sub(card, "1.3")
    assert row.exact == F("4.995") and row.score == D("5.00")
    assert row.rule.get("zh") == "≤0%得满分；每超过1个百分点扣0.5分，扣完为止"


@pytest.mark.parametrize(
    ("gain", "base", "score"),
    [
        ("-5", "100", "2.00"),  # -5% exactly: full
        ("-3", "100", "1.80"),  # 2 points above -5 × 0.1
        ("-50", "100", "2.00"),
        ("15", "100", "0.00"),  # 20 points above: 2 off, all of it
    ],
)
def test_a_negative_threshold_end_to_end(
    signed: Ruleset, registry: Registry, gain: str, base: str, score: str
) -> None:
    card = scored(signed, registry, "10", "10", gain, base)
    row = sub(card, "1.5")
    assert row.score == D(score)
    assert row.rule.get("zh") == "不高于-5.00%得满分；每超过1个百分点扣0.1分，扣完为止"
    assert row.rule.get("en") == "at most -5.00%: full points; 0.1 off per point above, down to 0"


@pytest.mark.parametrize("gain", ["-5", "5"])
def test_x_over_zero_is_the_error_finding_whatever_the_sign_of_x(
    signed: Ruleset, registry: Registry, gain: str
) -> None:
    card = scored(signed, registry, "10", "10", gain, "0")
    row = sub(card, "1.5")
    assert (row.status, row.score) == ("scored", D("0.00"))
    assert [(f.level, f.code) for f in row.findings] == [("error", "zero_denominator")]
    assert card.complete


def test_zero_over_zero_stays_not_applicable(signed: Ruleset, registry: Registry) -> None:
    card = scored(signed, registry, "10", "10", "0", "0")
    row = sub(card, "1.5")
    assert (row.status, row.score) == ("not_applicable", None)


def test_a_rise_from_nothing_is_the_error_finding(signed: Ruleset, registry: Registry) -> None:
    """Last year 0 and this year 10: 10 / 0, no points and an error, in both rules."""
    card = scored(signed, registry, "10", "0", "-5", "100")
    for code in ("1.3", "1.4"):
        row = sub(card, code)
        assert row.score == D("0.00")
        assert [f.code for f in row.findings] == ["zero_denominator"]


def test_a_ruleset_file_names_each_bound_beyond_the_range(
    tmp_path: Path, registry: Registry
) -> None:
    path = tmp_path / "beyond.toml"
    path.write_text(
        'extends = "2025"\nid = "beyond"\nyear = 2025\n'
        "[dimensions.budget_execution.subindicators.sangong_control]\n"
        'rule = { kind = "per_point", measure = "sangong_rate", threshold_pct = -1001, '
        "deduct_per_point = 1 }\n"
        "[dimensions.budget_execution.subindicators.budget_adjustment]\n"
        'rule = { kind = "tiers", measure = "adjustment_rate", tiers = [\n'
        "    { at_most_pct = -10, points = 3 },\n"
        "    { at_most_pct = 1500, points = 2 },\n"
        "] }\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as raised:
        api.load_ruleset(str(path), registry=registry)
    rows = "dimensions.budget_execution.subindicators"
    assert [(p.field, p.line, p.text("en")) for p in raised.value.problems] == [
        (
            f"{rows}.sangong_control.rule.threshold_pct",
            5,
            "expected a percentage from -1000 to 1000, as a number (-5 for -5%), found -1001",
        ),
        (
            f"{rows}.budget_adjustment.rule.tiers[1].at_most_pct",
            7,  # the line the rule starts on
            "expected a percentage from -1000 to 1000, as a number (-5 for -5%), found 1500",
        ),
    ]
