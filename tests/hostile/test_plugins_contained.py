"""A plugin is third-party code: whatever it does, the run ends in a result that can be trusted
or in a failure that names it (exit 3). It cannot end the run, change the facts, spoil machine
output, or read a field it never declared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeplugins import Installer, fake_site, ruleset_with_steady
from paths import ROOT

from jixiao import cli
from jixiao.engine import api

pytestmark = pytest.mark.usefixtures("english")

SEED = ROOT / "examples" / "luquan-cppcc-2025.toml"

# An indicator reading [staffing] (in_post, authorised): the share of posts filled.
STAFFING = """
from jixiao.engine.plugin_api import Field, Section

STAFFING = Section(
    "staffing",
    Text("人员", "Staffing"),
    (
        Field("in_post", "count", Text("在职人数", "staff in post")),
        Field("authorised", "count", Text("核定编制数", "authorised posts")),
    ),
)


def compute(facts):
    data = facts.section("staffing")
    COMPUTE_BODY
    return {"share": Ratio(Fraction(data["in_post"]), Fraction(data["authorised"]),
                           Text("在职", "in post"), Text("编制", "posts"), "人")}


def validate(facts):
    VALIDATE_BODY
    return []


STEADY = Indicator(
    id="steady",
    label=Text("人员", "Staffing"),
    sections=(STAFFING,),
    measures=(MeasureSpec("share", Ratio, Text("在编率", "posts filled")),),
    compute=compute,
    validate=validate,
)

@hookimpl
def score_indicators():
    HOOK_BODY
    return [STEADY]
"""


def staffing(compute: str = "", validate: str = "", hook: str = "", top: str = "") -> str:
    return (
        top
        + "\n"
        + (
            STAFFING.replace("COMPUTE_BODY", compute or "pass")
            .replace("VALIDATE_BODY", validate or "pass")
            .replace("HOOK_BODY", hook or "pass")
        )
    )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Installer]:
    yield from fake_site(tmp_path)


@pytest.fixture
def department(tmp_path: Path) -> Path:
    path = tmp_path / "dept.toml"
    text = SEED.read_text(encoding="utf-8")
    path.write_text(text + "\n[staffing]\nin_post = 21\nauthorised = 28\n", encoding="utf-8")
    return path


def run(args: list[str | Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    api.load_registry(fresh=True)
    code = cli.main(["run", *map(str, args), "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def json_run(
    site: Installer, tmp_path: Path, department: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict, str]:
    ruleset = ruleset_with_steady(tmp_path)
    code, out, err = run([department, "--ruleset", ruleset, "--format", "json"], capsys)
    return code, json.loads(out), err


def test_the_staffing_plugin_scores_when_it_behaves(site, tmp_path, department, capsys):
    site.install("score-staffing", staffing())
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 0, card
    steady = next(d for d in card["dimensions"] if d["id"] == "steady")
    assert steady["score"] == "10.00"  # 21/28 = 75% reaches the ≥50% tier


@pytest.mark.parametrize(
    ("source", "said"),
    [
        (staffing(top="import sys\nsys.exit(0)"), "failed to import score_staffing: SystemExit"),
        (staffing(hook="import sys; sys.exit(0)"), "score_indicators() raised SystemExit"),
        (staffing(compute="import sys; sys.exit(0)"), "compute raised SystemExit"),
    ],
    ids=["at import", "in a hook", "in compute"],
)
def test_a_plugin_calling_sys_exit_is_a_plugin_failure(source, said, site, tmp_path, capsys):
    site.install("score-staffing", source)
    out_file = tmp_path / "out.json"
    facts = tmp_path / "dept.toml"
    facts.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    args = [facts, "--format", "json", "-o", out_file, "--fail-under", "50"]
    if "compute" in said:  # only a ruleset using the indicator computes it
        with facts.open("a", encoding="utf-8") as more:
            more.write("\n[staffing]\nin_post = 21\nauthorised = 28\n")
        args += ["--ruleset", ruleset_with_steady(tmp_path)]
    code, _, err = run(args, capsys)
    assert code == 3, err
    written = out_file.read_text(encoding="utf-8")
    assert json.loads(written)["complete"] is False
    assert said in written


def test_a_plugin_that_failed_to_load_is_named_with_the_fields_it_would_have_declared(
    site, department, capsys
):
    site.install("score-staffing", staffing(top="import sys\nsys.exit(0)"))
    code, out, err = run([department], capsys)
    assert code == 3
    assert out == ""
    assert err.splitlines()[-1] == (
        "error: plugin score_staffing (score-staffing) failed to load, which may be why (the "
        "fields it would declare are then unknown): failed to import score_staffing: "
        "SystemExit: 0"
    )
    assert "unknown key 'staffing' in the top level" in err


def test_a_plugin_calling_sys_exit_in_validate_stops_the_run_as_its_failure(
    site, tmp_path, department, capsys
):
    site.install("score-staffing", staffing(validate="raise SystemExit(2)"))
    code, out, err = run([department, "--ruleset", ruleset_with_steady(tmp_path)], capsys)
    assert code == 3
    assert out == ""
    assert err == (
        "error: plugin score_staffing (score-staffing): indicator 'steady': "
        "validate raised SystemExit: 2\n"
    )


def test_an_unused_plugin_cannot_change_the_facts_the_others_read(
    site, tmp_path, department, capsys
):
    # not in the ruleset, but its validate runs on every file
    site.install("score-staffing", staffing(validate='facts.section("staffing")["in_post"] = 1'))
    code, _, err = run([department, "--format", "json"], capsys)
    assert code == 3
    assert "indicator 'steady': validate raised TypeError" in err
    assert "does not support item assignment" in err


def test_a_plugin_cannot_change_the_facts_through_a_record_or_a_list(
    site, tmp_path, department, capsys
):
    site.install(
        "score-staffing",
        staffing(validate='facts.sections["staffing"].clear()'),
    )
    code, _, err = run([department, "--format", "json"], capsys)
    assert code == 3
    assert "validate raised AttributeError" in err


def test_what_a_plugin_prints_goes_to_stderr_and_the_json_stays_valid(
    site, tmp_path, department, capsys
):
    site.install(
        "score-staffing",
        staffing(
            top='print("loading staffing")',
            hook='print("hook")',
            compute='print("computing")',
            validate='print("validating")',
        ),
    )
    code, card, err = json_run(site, tmp_path, department, capsys)
    assert code == 0
    assert card["complete"] is True
    assert "loading staffing" in err and "computing" in err and "validating" in err


def test_a_misspelt_field_is_the_plugins_failure_not_the_departments(
    site, tmp_path, department, capsys
):
    site.install("score-staffing", staffing(compute='data.get("in_posts")'))
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 3
    [failure] = card["plugin_failures"]
    assert failure["message"] == (
        "indicator 'steady': compute read the field staffing.in_posts, which the indicator does "
        "not declare; an indicator reads the fields of its own sections and those it names in "
        "reads (is the name misspelt?)"
    )


def test_a_misspelt_field_is_caught_even_when_the_plugin_catches_everything(
    site, tmp_path, department, capsys
):
    site.install(
        "score-staffing",
        staffing(compute='try:\n        data["in_posts"]\n    except Exception:\n        pass'),
    )
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 3
    assert "compute read the field staffing.in_posts" in card["plugin_failures"][0]["message"]


def test_a_field_of_another_section_needs_to_be_named_in_reads(site, tmp_path, department, capsys):
    site.install("score-staffing", staffing(compute='facts.section("budget").get("actual")'))
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 3
    assert "compute read the field budget, which" in card["plugin_failures"][0]["message"]


def test_a_field_named_in_reads_is_read(site, tmp_path, department, capsys):
    source = staffing(compute='assert facts.section("budget")["adjusted"] > 0').replace(
        "    validate=validate,\n", '    validate=validate,\n    reads=("budget.adjusted",),\n'
    )
    site.install("score-staffing", source)
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 0, card


def test_a_plugins_traceback_is_shown_under_score_debug(
    site, tmp_path, department, capsys, monkeypatch
):
    site.install("score-staffing", staffing(compute="1 / 0"))
    ruleset = ruleset_with_steady(tmp_path)
    code, _, err = run([department, "--ruleset", ruleset, "--format", "json"], capsys)
    assert code == 3
    assert "Traceback" not in err
    monkeypatch.setenv("SCORE_DEBUG", "1")
    code, _, err = run([department, "--ruleset", ruleset, "--format", "json"], capsys)
    assert code == 3
    assert err.startswith("score_staffing (score-staffing):\nTraceback (most recent call last):")
    assert "score_staffing.py" in err
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")


PATCHES_THE_TOTAL = """
from decimal import Decimal
import jixiao.engine.scoring.score as scoring

_total = scoring.total_score
scoring.total_score = lambda *args: _total(*args) + Decimal("1.25")
"""
PATCHES_A_ROW = """
from fractions import Fraction
import jixiao.engine.scoring.score as scoring

_clamp = scoring.clamp
scoring.clamp = lambda value, low, high: _clamp(value, low, high) + Fraction(1, 2)
"""


PATCHES_THE_GRADE = """
from jixiao.engine.ruleset.model import Ruleset

Ruleset.grade_for = lambda self, total: self.grades[0]
"""
PATCHES_A_SUBTOTAL = """
from decimal import Decimal
import jixiao.engine.scoring.aggregate as aggregate

_rebase = aggregate.rebase
aggregate.rebase = lambda *args: _rebase(*args) - Decimal("0.01")
"""
MAKES_A_DIMENSION_NA = """
import attrs
import jixiao.engine.scoring.score as scoring

_dimension = scoring.dimension_result
scoring.dimension_result = lambda *args: attrs.evolve(
    _dimension(*args), status="not_applicable", score=None
)
"""


@pytest.mark.parametrize(
    ("patch", "broken"),
    [
        (
            PATCHES_THE_TOTAL,
            "the total 80.68 is not the sum of the dimensions (re-based over the applicable ones)",
        ),
        (PATCHES_A_ROW, "1.1 scores 20.50, which is not its exact score rounded within 0 to 20.00"),
        (PATCHES_THE_GRADE, "the total 79.43 is graded Excellent, but its band is Good"),
        (
            PATCHES_A_SUBTOTAL,
            "Budget execution scores 34.99, which is not the sum of its parts (re-based "
            "over the applicable ones)",
        ),
        (
            MAKES_A_DIMENSION_NA,
            "Budget execution scores 0.00, which is not the sum of its parts (re-based "
            "over the applicable ones)",
        ),
    ],
    ids=["the total", "a row", "the grade", "a subtotal by 0.01", "a dimension made N/A"],
)
def test_a_plugin_that_patches_the_engine_gets_no_result(
    patch, broken, site, tmp_path, capsys, monkeypatch
):
    import jixiao.engine.scoring.aggregate as aggregate
    import jixiao.engine.scoring.score as scoring
    from jixiao.engine.ruleset.model import Ruleset

    # put back after the test what the plugin patches
    for name in ("total_score", "clamp", "dimension_result"):
        monkeypatch.setattr(scoring, name, getattr(scoring, name))
    monkeypatch.setattr(aggregate, "rebase", aggregate.rebase)
    monkeypatch.setattr(Ruleset, "grade_for", Ruleset.grade_for)
    site.install("score-patcher", patch + staffing())
    out_file = tmp_path / "out.json"
    code, out, err = run([SEED, "--format", "json", "-o", out_file], capsys)
    assert code == 3
    assert not out_file.exists() and out == ""
    assert err == (
        f"error: the result failed score's own checks: {broken}. It is not reported. An "
        "installed plugin (score_patcher) may have changed score's code; uninstall or fix it "
        "and run again\n"
    )


def test_a_broken_invariant_without_a_plugin_to_blame_is_a_bug_in_chinese_too(monkeypatch, capsys):
    from decimal import Decimal

    import jixiao.engine.scoring.score as scoring

    real = scoring.total_score
    monkeypatch.setattr(scoring, "total_score", lambda *args: real(*args) + Decimal(30))
    api.load_registry(fresh=True)
    assert cli.main(["run", str(SEED), "--lang", "zh"]) == 4
    assert capsys.readouterr().err == (
        "错误：计分结果未通过自检：总分109.43分，不在0至100分之间。本次不输出评分结果。"
        "这是 score 程序本身的缺陷，不是填报数据的问题；请将本提示报告给 score 的维护人员\n"
    )


def test_a_batch_names_the_department_whose_result_broke_an_invariant(
    site, tmp_path, capsys, monkeypatch
):
    import jixiao.engine.scoring.score as scoring

    monkeypatch.setattr(scoring, "total_score", scoring.total_score)
    site.install("score-patcher", PATCHES_THE_TOTAL + staffing())
    folder = tmp_path / "depts"
    folder.mkdir()
    (folder / "a.toml").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run([folder, "--format", "csv"], capsys)
    assert code == 3
    assert "a.toml: the result failed score's own checks" in err
    assert out.count("\n") == 1  # the header, and no department


REQUIRED_IN_BUDGET = """
from jixiao.engine.plugin_api import Field, Section

EXTRA = Section(
    "budget", Text("预算", "Budget"),
    (Field("staff_costs", "money", Text("人员经费", "staff costs"), required=True),),
)
GREEDY = Indicator(
    id="greedy", label=Text("贪", "Greedy"), sections=(EXTRA,), measures=(), compute=dict,
)


@hookimpl
def score_indicators():
    return [GREEDY]
"""


@pytest.mark.parametrize(
    ("field", "said"),
    [
        ('Field("name", "text", Text("名", "n"))', "declares [department], which is score's own"),
        (
            'Field("carry_over", "money", Text("结", "c"), required=True)',
            "makes carry_over required",
        ),
    ],
    ids=["a core section", "an optional field made required"],
)
def test_a_plugin_cannot_change_what_others_declare(field, said, site, capsys):
    section = "department" if "name" in field else "budget"
    source = REQUIRED_IN_BUDGET.replace('"budget"', f'"{section}"').replace(
        'Field("staff_costs", "money", Text("人员经费", "staff costs"), required=True)', field
    )
    site.install("score-greedy", source)
    code, out, _ = run([SEED, "--format", "json"], capsys)
    assert code == 3  # every department's file still reads; the plugin is named
    [failure] = json.loads(out)["plugin_failures"]
    assert failure["plugin"] == "score_greedy"
    assert said in failure["message"]


def test_a_required_field_added_to_another_indicators_section_is_the_plugins_failure(site, capsys):
    site.install("score-greedy", REQUIRED_IN_BUDGET)
    code, out, _ = run([SEED, "--format", "json"], capsys)
    assert code == 3  # every department's file still reads; the plugin is named
    [failure] = json.loads(out)["plugin_failures"]
    assert failure["plugin"] == "score_greedy"
    assert failure["message"] == (
        "indicator 'greedy' declares facts that conflict: greedy: makes staff_costs required in "
        "[budget], which another indicator declares; a field in another indicator's section "
        "must be optional (required=False): put a required one in a section of its own"
    )


PROVIDES_BUDGET_EXECUTION = """
IMPOSTOR = Indicator(
    id="budget_execution", label=Text("预算执行", "Budget"), sections=(), measures=(),
    compute=dict,
)


@hookimpl
def score_indicators():
    return [IMPOSTOR]
"""


def test_a_newcomer_never_replaces_a_built_in_indicator_whatever_its_name(site, capsys):
    site.install("aaa-first", PROVIDES_BUDGET_EXECUTION)  # sorts before every built-in
    code, out, _ = run([SEED, "--format", "json"], capsys)
    assert code == 3
    card = json.loads(out)
    [failure] = card["plugin_failures"]
    assert failure["plugin"] == "aaa_first"
    assert failure["message"].startswith(
        "indicator 'budget_execution' is also provided by plugin budget_execution "
        "(distribution jixiao); the one from budget_execution is used."
    )
    execution = next(d for d in card["dimensions"] if d["id"] == "budget_execution")
    assert execution["score"] == "35.00"  # the built-in one measured it


def test_a_plugins_tests_get_a_registry_without_its_installed_copy(site):
    module = site.install("score-staffing", staffing())
    import importlib

    plugin = importlib.import_module(module)
    from jixiao.engine.plugin_api import load_registry

    installed_too = load_registry(extra=[("score_staffing", plugin)])
    assert [f.plugin for f in installed_too.failures] == ["score_staffing"]  # the name clash
    isolated = load_registry(extra=[("score_staffing", plugin)], isolated=True)
    assert isolated.failures == ()
    assert set(isolated.indicators) == {
        "asset_management",
        "budget_execution",
        "disclosure",
        "internal_controls",
        "output_targets",
        "steady",
    }


def test_score_file_takes_a_loaded_ruleset(registry, ruleset_2025):
    card = api.score_file(SEED, ruleset_2025, registry=registry)
    assert card.total == api.score_file(SEED, "2025", registry=registry).total
    assert str(card.total) == "79.43"


def test_a_ratio_says_its_unit(registry):
    from fractions import Fraction

    from jixiao.engine.plugin_api import Ratio, Text

    with pytest.raises(TypeError, match="unit"):
        Ratio(Fraction(42), Fraction(50), Text("在职", "in post"), Text("编制", "posts"))  # type: ignore[call-arg]
    headcount = Ratio(
        Fraction(42), Fraction(50), Text("在职", "in post"), Text("编制", "posts"), "人"
    )
    assert "42人" in headcount.describe("zh") and "万元" not in headcount.describe("zh")


def test_a_hook_may_return_a_tuple_as_the_docs_say(site, tmp_path, department, capsys):
    site.install("score-staffing", staffing().replace("return [STEADY]", "return (STEADY,)"))
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 0, card
    assert "list (or tuple) of well-formed" in (ROOT / "docs" / "plugins.md").read_text("utf-8")


def test_the_plugin_api_offers_what_a_plugins_tests_import():
    from jixiao.engine import plugin_api

    for name in ("load_facts", "load_ruleset", "score", "score_file", "InputError", "Scorecard"):
        assert name in plugin_api.__all__


def test_score_test_does_not_pass_a_case_on_an_incomplete_result(site, tmp_path, capsys):
    site.install("score-broken", "import module_that_is_not_installed\n")
    cases = tmp_path / "cases.toml"
    cases.write_text(
        f'[[case]]\nname = "鹿泉"\nfacts = "{SEED.as_posix()}"\ntotal = 79.43\n', "utf-8"
    )
    api.load_registry(fresh=True)
    code = cli.main(["test", str(cases), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 3
    assert out.splitlines() == [
        f"FAIL  鹿泉  ({cases} case 1; ruleset Department overall expenditure performance "
        f"indicator system (2025) ({ROOT / 'rulesets' / '2025.toml'}))",
        "      plugin score_broken (score-broken): failed to import score_broken: "
        "ModuleNotFoundError: No module named 'module_that_is_not_installed'; the result is "
        "incomplete, so the case does not pass",
        "0 passed, 1 failed",
    ]


def test_what_a_plugin_does_to_the_department_stays_its_own(site, tmp_path, department, capsys):
    source = staffing(compute='object.__setattr__(facts.department, "name", "HACKED")')
    site.install("score-staffing", source)
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 0
    assert card["department"]["name"] == "鹿泉区政协"


def test_a_section_shows_and_lists_only_what_the_indicator_may_read(registry):
    from jixiao.engine.facts.view import Readable

    facts = api.load_facts(SEED, registry)
    view, _ = Readable.of(registry.indicators["asset_management"].sections).view(facts)
    assert "budget" not in list(view.sections)
    assert "adjusted" not in repr(view.sections) and "968" not in repr(view.sections)


def test_bidirectional_overrides_are_shown_escaped():
    from jixiao.report.words import escaped

    assert escaped("部门\u202e局") == "部门\\u202e局"
    assert escaped("部门　局") == "部门　局"  # a full-width space is no control


def test_a_measure_built_with_a_float_is_the_plugins_failure(site, tmp_path, department, capsys):
    source = staffing().replace(
        'return {"share": Ratio(Fraction(data["in_post"]),',
        'return {"share": Ratio(0.75,',
    )
    site.install("score-staffing", source)
    code, card, _ = json_run(site, tmp_path, department, capsys)
    assert code == 3
    assert card["plugin_failures"][0]["message"] == (
        "indicator 'steady': measure 'share' has a float for numerator; it needs a Fraction"
    )


UNEXPLAINED = """
from jixiao.engine.plugin_api import deduction


class Unexplained(RuleKind):
    name = "unexplained"
    label = Text("不明", "unexplained")
    accepts = (Ratio,)

    def apply(self, given):
        return Outcome(given.start - 2, (deduction(Fraction(5), "扣五分", "5 off"),))

    def describe(self, rule, points, lang, item_labels=None):
        return "unexplained"


@hookimpl
def score_rule_kinds():
    return [Unexplained()]
"""


def test_points_lost_without_their_reason_are_the_plugins_failure(
    site, tmp_path, department, capsys
):
    site.install("score-staffing", staffing())
    site.install("score-unexplained", UNEXPLAINED)
    ruleset = ruleset_with_steady(tmp_path, kind="unexplained")
    code, out, _ = run([department, "--ruleset", ruleset, "--format", "json"], capsys)
    assert code == 3
    [failure] = json.loads(out)["plugin_failures"]
    assert failure["message"] == (
        "rule kind 'unexplained': apply took 2 points off 6.1 but its deductions add up to 5; "
        "every point lost needs a Deduction that says why"
    )
