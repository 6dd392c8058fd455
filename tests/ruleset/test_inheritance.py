"""Inheritance (`extends`, `remove`), the search path, the canonical identity, and the 2026
example: it scores the seed differently exactly where expected, and `rules diff` lists exactly
what it changes."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from paths import ROOT

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.diff import diff_rulesets
from jixiao.engine.ruleset.inherit import canonical_text
from jixiao.engine.ruleset.library import BUNDLED, ENV_VAR, find_ruleset
from jixiao.engine.ruleset.load import load_ruleset_file, resolve_ruleset_file
from jixiao.engine.ruleset.model import Ruleset
from jixiao.engine.tomlfile import read_toml

EXAMPLE_2026 = ROOT / "examples" / "rulesets" / "2026-example.toml"
SEED = ROOT / "examples" / "luquan-cppcc-2025.toml"
CARRY = "dimensions.budget_execution.subindicators.carry_over_rate.rule.threshold_pct"


@pytest.fixture(scope="module")
def example_2026(registry: Registry) -> Ruleset:
    return load_ruleset_file(EXAMPLE_2026, registry)


def scores(card: object) -> dict[str, Decimal | None]:
    found: dict[str, Decimal | None] = {}
    for dimension in card.dimensions:  # type: ignore[attr-defined]
        found[dimension.id] = dimension.score
        for sub in dimension.subindicators:
            found[sub.code] = sub.score
    return found


def test_the_example_changes_only_the_carry_over_threshold_and_the_bands(
    ruleset_2025: Ruleset, example_2026: Ruleset
) -> None:
    assert example_2026.year == 2026
    assert example_2026.id == "2026-example"
    assert [(g.label.zh, g.min, g.below) for g in example_2026.grades] == [
        ("优秀", Decimal(90), None),
        ("良好", Decimal(80), Decimal(90)),
        ("一般", Decimal(60), Decimal(80)),
        ("较差", Decimal(0), Decimal(60)),
    ]
    found = example_2026.find("1.2")
    assert found is not None
    rule = found[1].rule
    assert (rule.kind, rule["threshold_pct"], rule["deduct_per_point"]) == ("per_point", 3, 0.5)
    assert example_2026.dimensions == tuple(
        attrs.evolve(
            d,
            subindicators=tuple(
                attrs.evolve(s, rule=found[1].rule) if s.code == "1.2" else s
                for s in d.subindicators
            ),
        )
        for d in ruleset_2025.dimensions
    )


def test_the_seed_scores_the_same_but_falls_to_a_lower_band(
    registry: Registry, ruleset_2025: Ruleset, example_2026: Ruleset
) -> None:
    facts = api.load_facts(SEED, registry)
    before, after = (
        api.score(facts, ruleset_2025, registry),
        api.score(facts, example_2026, registry),
    )
    assert scores(before) == scores(after)  # no carry-over: 0% is within 3% as within 5%
    assert (before.total, after.total) == (Decimal("79.43"), Decimal("79.43"))
    assert (before.grade.label.zh, after.grade.label.zh) == ("良好", "一般")  # 79.43 < 80


def test_four_percent_carried_over_costs_half_a_point_in_2026_only(
    registry: Registry, ruleset_2025: Ruleset, example_2026: Ruleset, tmp_path: Path
) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "[budget]\n",
        "[budget]\ncarry_over = 38.75639604\n",  # 4% of 968.909901
    )
    path = tmp_path / "carry.toml"
    path.write_text(text, encoding="utf-8")
    facts = api.load_facts(path, registry)
    before, after = (
        api.score(facts, ruleset_2025, registry),
        api.score(facts, example_2026, registry),
    )
    differing = {k for k, v in scores(before).items() if scores(after)[k] != v}
    assert differing == {"1.2", "budget_execution"}
    assert scores(before)["1.2"] == Decimal("5.00")
    assert scores(after)["1.2"] == Decimal("4.50")  # (4 − 3) × 0.5 off
    assert scores(after)["budget_execution"] == Decimal("34.50")
    assert (before.total, after.total) == (Decimal("79.43"), Decimal("78.93"))


def test_rules_diff_lists_exactly_the_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "diff", "2025", str(EXAMPLE_2026), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    assert [(c["change"], c["what"], c["path"], c["old"], c["new"]) for c in changes] == [
        ("changed", "band", "grades.优秀.min", "85", "90"),
        ("changed", "band", "grades.良好.min", "75", "80"),
        ("changed", "band", "grades.良好.below", "85", "90"),
        ("changed", "band", "grades.一般.below", "75", "80"),
        ("changed", "parameter", CARRY, "5", "3"),
    ]
    assert changes[-1]["code"] == "1.2"
    assert changes[-1]["label"] == "结转结余率"


def test_rules_diff_of_a_ruleset_with_itself_is_empty(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "diff", "2025", "2025", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"changes": []}
    assert main(["rules", "diff", "2025", "2025"]) == 0
    assert "没有变化" in capsys.readouterr().out


def test_rules_diff_table_shows_old_and_new(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "diff", "2025", str(EXAMPLE_2026), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "1.2" in out
    assert "threshold_pct" in out.replace("\n", "").replace(" ", "")
    assert out.count("changed") == 5


def test_diff_finds_added_and_removed_parts(registry: Registry, tmp_path: Path) -> None:
    child = tmp_path / "fewer.toml"
    child.write_text(
        'extends = "2025"\nid = "fewer"\nyear = 2026\n'
        'remove = ["dimensions.asset_management.subindicators.fixed_asset_utilisation"]\n'
        "[dimensions.asset_management]\nweight = 7\n"
        "[dimensions.budget_execution]\nweight = 38\n"
        "[dimensions.budget_execution.subindicators.execution_rate]\npoints = 23\n"
        "[rounding]\nplaces = 1\n",
        encoding="utf-8",
    )
    old = load_ruleset_file(BUNDLED / "2025.toml", registry)
    new = load_ruleset_file(child, registry)
    found = [(c.change, c.what, c.code, c.old, c.new) for c in diff_rulesets(old, new)]
    assert found == [
        ("changed", "rounding", "", 2, 1),
        ("changed", "weight", "", "35", "38"),
        ("changed", "points", "1.1", "20", "23"),
        ("changed", "weight", "", "10", "7"),
        ("removed", "sub-indicator", "3.3", "3", None),
    ]
    assert [(c.change, c.code) for c in diff_rulesets(new, old)][-1] == ("added", "3.3")


def test_a_chain_resolves_and_a_new_kind_replaces_the_rule_whole(
    registry: Registry, tmp_path: Path
) -> None:
    (tmp_path / "2026.toml").write_text(
        'extends = "2025"\nid = "2026"\nyear = 2026\n'
        "[dimensions.budget_execution.subindicators.carry_over_rate.rule]\nthreshold_pct = 4\n",
        encoding="utf-8",
    )
    (tmp_path / "2027.toml").write_text(
        'extends = "2026"\nid = "2027"\nyear = 2027\n'
        "[dimensions.budget_execution.subindicators.carry_over_rate]\n"
        'rule = { kind = "tiers", measure = "carry_over_rate", '
        "tiers = [{ at_most_pct = 3, points = 5 }, { at_most_pct = 8, points = 2 }] }\n",
        encoding="utf-8",
    )
    resolved = resolve_ruleset_file(tmp_path / "2027.toml")
    assert resolved.chain == (
        str(tmp_path / "2027.toml"),
        str(tmp_path / "2026.toml"),
        str(BUNDLED / "2025.toml"),
    )
    rule = resolved.data["dimensions"]["budget_execution"]["subindicators"]["carry_over_rate"]
    assert rule["rule"] == {
        "kind": "tiers",
        "measure": "carry_over_rate",
        "tiers": [{"at_most_pct": 3, "points": 5}, {"at_most_pct": 8, "points": 2}],
    }  # no threshold_pct or deduct_per_point left over from per_point
    assert load_ruleset_file(tmp_path / "2027.toml", registry).year == 2027


def test_a_folder_2025_may_extend_the_bundled_2025(registry: Registry, tmp_path: Path) -> None:
    (tmp_path / "2025.toml").write_text(
        'extends = "2025"\nid = "2025-local"\nyear = 2025\n'
        "[dimensions.budget_execution.subindicators.carry_over_rate.rule]\nthreshold_pct = 4\n",
        encoding="utf-8",
    )
    ruleset = api.load_ruleset(year=2025, registry=registry, search=[tmp_path])
    assert ruleset.id == "2025-local"
    assert ruleset.source == str(tmp_path / "2025.toml")


def test_the_year_picks_the_ruleset_that_declares_it(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bureau"
    folder.mkdir()
    shutil.copy(EXAMPLE_2026, folder / "next-year.toml")
    with pytest.raises(InputError) as raised:
        find_ruleset(year=2026)
    assert raised.value.render("en") == (
        "--ruleset: there is no ruleset for the year 2026; years with a ruleset: "
        "2025 (2025, hunan). "
        "Name one with --ruleset NAME|PATH, or add a folder with --rulesets DIR"
    )
    assert raised.value.render("zh") == (
        "--ruleset：没有适用于2026年的评价规则；有评价规则的年度：2025年（2025、hunan）。"
        "请用 --ruleset 名称|路径 指定，或用 --rulesets 目录 添加评价规则所在的文件夹"
    )
    assert find_ruleset(year=2026, extra=[folder]) == folder / "next-year.toml"
    monkeypatch.setenv(ENV_VAR, str(folder))
    assert find_ruleset(year=2026) == folder / "next-year.toml"
    assert api.load_ruleset(year=2026, registry=registry).id == "2026-example"
    with pytest.raises(InputError) as raised:
        find_ruleset(year=2031)
    assert "years with a ruleset: 2025 (2025, hunan), 2026 (next-year)" in raised.value.render("en")


def test_two_files_of_one_year_in_a_folder_need_a_choice(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE_2026, tmp_path / "a.toml")
    shutil.copy(EXAMPLE_2026, tmp_path / "b.toml")
    with pytest.raises(InputError) as raised:
        find_ruleset(year=2026, extra=[tmp_path])
    assert f"more than one ruleset in {tmp_path} is for the year 2026" in raised.value.render("en")
    assert f"{tmp_path} 中有不止一个评价规则适用于2026年" in raised.value.render("zh")
    shutil.copy(EXAMPLE_2026, tmp_path / "2026.toml")
    assert find_ruleset(year=2026, extra=[tmp_path]) == tmp_path / "2026.toml"


def test_the_identity_is_of_the_resolved_rules(registry: Registry, tmp_path: Path) -> None:
    """The example written out in full hashes the same as the example that extends 2025."""
    resolved = resolve_ruleset_file(EXAMPLE_2026)
    import tomli_w

    flat = tmp_path / "flat.toml"
    flat.write_text("# written out\n" + tomli_w.dumps(resolved.data), encoding="utf-8")
    a, b = load_ruleset_file(EXAMPLE_2026, registry), load_ruleset_file(flat, registry)
    assert a.sha256 == b.sha256
    assert attrs.evolve(a, source="") == attrs.evolve(b, source="")
    assert canonical_text({"x": Decimal("5.00")}) == canonical_text({"x": 5})
    assert canonical_text({"x": "5"}) != canonical_text({"x": 5})
    assert a.sha256 != load_ruleset_file(BUNDLED / "2025.toml", registry).sha256


def test_remove_takes_a_sub_indicator_out(registry: Registry, tmp_path: Path) -> None:
    child = tmp_path / "r.toml"
    child.write_text(
        'extends = "2025"\nid = "r"\nyear = 2026\n'
        'remove = ["dimensions.asset_management.subindicators.fixed_asset_utilisation"]\n'
        "[dimensions.asset_management]\nweight = 7\n"
        "[dimensions.internal_controls]\nweight = 18\n"
        "[dimensions.internal_controls.subindicators.fund_compliance]\npoints = 6\n",
        encoding="utf-8",
    )
    ruleset = load_ruleset_file(child, registry)
    assert ruleset.find("3.3") is None
    assert [d.weight for d in ruleset.dimensions] == [35, 10, 7, 18, 30]
    card = api.score(api.load_facts(SEED, registry), ruleset, registry)
    # 资产管理 3 + 4 = 7 of 7 (3.3 with no evidence is gone); 4.3 6 of 6: 3.43 + 1 + 6 = 10.43
    assert scores(card)["asset_management"] == Decimal("7.00")
    assert scores(card)["internal_controls"] == Decimal("10.43")
    assert card.total == Decimal("82.43")


def test_a_ruleset_file_not_found_by_its_parent_name_is_read_next_to_it(
    registry: Registry, tmp_path: Path
) -> None:
    (tmp_path / "base.toml").write_text(
        read_toml(BUNDLED / "2025.toml").text.replace('id = "2025"', 'id = "base"'),
        encoding="utf-8",
    )
    (tmp_path / "child.toml").write_text(
        'extends = "base"\nid = "child"\nyear = 2026\n', encoding="utf-8"
    )
    assert load_ruleset_file(tmp_path / "child.toml", registry).id == "child"


def test_a_ruleset_found_by_year_is_read_once(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jixiao.engine.ruleset import inherit, library

    reads: list[str] = []

    def counted(path: str | Path, what: str = "file") -> object:
        reads.append(str(path))
        return read_toml(path, what)

    monkeypatch.setattr(library, "read_toml", counted)
    monkeypatch.setattr(inherit, "read_toml", counted)
    ruleset = api.load_ruleset(year=2025, registry=registry)
    # the other bundled file is read for its year (two of one year in a folder are an error)
    assert sorted(reads) == [str(BUNDLED / "2025.toml"), str(BUNDLED / "hunan.toml")]
    assert ruleset == load_ruleset_file(BUNDLED / "2025.toml", registry)
