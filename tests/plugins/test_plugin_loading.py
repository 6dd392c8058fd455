"""Robust loading: each broken plugin is reported by name and distribution, never silently, and
never takes the others down; `score run` exits 3 and says the result is incomplete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeplugins import Installer, fake_site, ruleset_with_steady
from paths import ROOT

from jixiao import cli
from jixiao.engine import api
from jixiao.engine.errors import say
from jixiao.engine.plugins.registry import load_registry

# a plugin's failure is read by its programmer too: these tests read it in English; the Chinese
# wording, the default, is checked where it says something of its own
pytestmark = pytest.mark.usefixtures("english")

SEED = str(ROOT / "examples" / "luquan-cppcc-2025.toml")
BUILTIN_INDICATORS = {
    "asset_management",
    "budget_execution",
    "disclosure",
    "internal_controls",
    "output_targets",
}


# An indicator measuring a constant 3/4 (the fake modules start with fakeplugins.PRELUDE).
PROVIDES_STEADY = "\n@hookimpl\ndef score_indicators():\n    return [STEADY]\n"
STEADY_SOURCE = """
def compute(facts):
    return {"share": Ratio(Fraction(3), Fraction(4), Text("甲", "a"), Text("乙", "b"), "")}

STEADY = Indicator(
    id="steady",
    label=Text("稳定", "Steady"),
    sections=(),
    measures=(MeasureSpec("share", Ratio, Text("占比", "share")),),
    compute=compute,
)
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Installer]:
    yield from fake_site(tmp_path)


def score(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    api.load_registry(fresh=True)  # what is installed now, as a new process would see it
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def json_run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code, out, _ = score(["run", *args, "--format", "json", "--lang", "en"], capsys)
    return code, json.loads(out)


def only_failure(card: dict) -> dict:
    assert card["complete"] is False
    [failure] = card["plugin_failures"]
    return failure


def test_import_error_is_reported_by_name_and_the_others_still_score(site, capsys):
    site.install("score-broken", "import survey_client_that_is_not_installed\n")
    code, card = json_run([SEED], capsys)
    assert code == 3
    assert only_failure(card) == {
        "plugin": "score_broken",
        "distribution": "score-broken",
        "message": "failed to import score_broken: ModuleNotFoundError: "
        "No module named 'survey_client_that_is_not_installed'",
    }
    assert card["total"] == "79.43"  # the built-ins scored as before


def test_import_error_in_the_table(site, capsys):
    site.install("score-broken", "raise RuntimeError('licence file missing')\n")
    code, out, _ = score(["run", SEED, "--lang", "en"], capsys)
    assert code == 3
    assert "INCOMPLETE: a plugin failed; this is not a valid result" in out
    assert (
        "score_broken (score-broken): failed to import score_broken: "
        "RuntimeError: licence file missing" in out
    )


def test_lenient_run_only_warns_about_a_plugin_the_ruleset_does_not_use(site, capsys):
    site.install("score-broken", "raise RuntimeError('licence file missing')\n")
    code, card = json_run([SEED, "--lenient-plugins"], capsys)
    assert code == 0
    assert card["complete"] is True
    assert card["plugin_failures"] == []
    [warning] = [f for f in card["findings"] if f["code"] == "plugin_not_loaded"]
    assert warning["message"] == (
        "plugin score_broken (score-broken) failed to load; this ruleset does not use it: "
        "failed to import score_broken: RuntimeError: licence file missing"
    )


def test_hook_that_raises(site, capsys):
    site.install(
        "score-raising",
        """
        @hookimpl
        def score_indicators():
            raise ConnectionError("survey database unreachable")
        """,
    )
    code, card = json_run([SEED], capsys)
    assert code == 3
    assert only_failure(card)["message"] == (
        "score_indicators() raised ConnectionError: survey database unreachable"
    )
    assert only_failure(card)["distribution"] == "score-raising"


@pytest.mark.parametrize(
    ("returns", "message"),
    [
        (
            '{"steady": STEADY}',
            "score_indicators() must return a list of Indicator, returned a dict",
        ),
        ("STEADY", "score_indicators() must return a list of Indicator, returned an Indicator"),
        (
            '[STEADY, "satisfaction"]',
            "score_indicators() must return a list of Indicator; item 1 is a str",
        ),
        ("None", "score_indicators() must return a list of Indicator, returned None"),
    ],
)
def test_malformed_return(site, capsys, returns, message):
    site.install(
        "score-malformed",
        STEADY_SOURCE + f"\n@hookimpl\ndef score_indicators():\n    return {returns}\n",
    )
    code, card = json_run([SEED], capsys)
    assert code == 3
    assert only_failure(card)["message"] == message


def test_rule_kind_class_instead_of_instance(site, capsys):
    site.install(
        "jixiao-kinds",
        """
        class Half(RuleKind):
            name = "half"
            label = Text("半", "half")
            accepts = (Ratio,)
            def apply(self, given):
                return Outcome(given.points / 2)
            def describe(self, rule, points, lang, item_labels=None):
                return "half"

        @hookimpl
        def score_rule_kinds():
            return [Half]
        """,
    )
    code, card = json_run([SEED], capsys)
    assert code == 3
    assert only_failure(card)["message"] == (
        "score_rule_kinds() must return a list of RuleKind; item 0 is the class Half: "
        "return an instance, Half()"
    )


def test_malformed_indicator_is_refused_with_the_reason(site):
    site.install(
        "score-badfield",
        """
        BAD = Indicator(
            id="bad",
            label=Text("坏", "bad"),
            sections=(),
            measures=(MeasureSpec("share", float, Text("占比", "share")),),
            compute=lambda facts: {},
        )

        @hookimpl
        def score_indicators():
            return [BAD]
        """,
    )
    registry = load_registry()
    assert "bad" not in registry.indicators
    [failure] = registry.failures
    assert failure.plugin == "score_badfield"
    assert say(failure.message, "en") == (
        "indicator 'bad' is malformed: measure 'share' has type <class 'float'>; the measure "
        "types are Ratio, Quantity, Checklist, FindingList, Publication, TargetList, ScoreList, "
        "Judgement, "
        "Missing"
    )


def test_a_misspelt_hook_and_a_plugin_without_hooks(site):
    site.install(
        "score-typo",
        """
        @hookimpl
        def score_indicator():
            return []
        """,
    )
    site.install("score-nohooks", "def score_indicators():\n    return []\n")
    registry = load_registry()
    messages = {f.plugin: say(f.message, "en") for f in registry.failures}
    assert messages == {
        "score_typo": "implements score_indicator, which is not a hook of score; "
        "the hooks are score_indicators, score_rule_kinds, score_measure_kinds",
        "score_nohooks": "implements no hook: mark score_indicators, score_rule_kinds or "
        "score_measure_kinds with @hookimpl (from jixiao.engine.hookspecs import hookimpl)",
    }
    assert set(registry.indicators) == BUILTIN_INDICATORS


def test_a_working_plugin_scores(site, tmp_path, capsys):
    site.install(
        "score-steady",
        STEADY_SOURCE + PROVIDES_STEADY,
    )
    ruleset = ruleset_with_steady(tmp_path)
    code, card = json_run([SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 0, card
    steady = next(d for d in card["dimensions"] if d["id"] == "steady")
    assert steady["score"] == "10.00"  # 75% reaches the ≥50% tier
    assert card["total"] == "79.43"  # 1.1 lost 10 points of 20 at 100%: full either way


def test_indicator_that_raises_while_measuring(site, tmp_path, capsys):
    site.install(
        "score-flaky",
        STEADY_SOURCE.replace("def compute(facts):\n", "def compute(facts):\n    return 1 / 0\n")
        + PROVIDES_STEADY,
    )
    ruleset = ruleset_with_steady(tmp_path)
    code, card = json_run([SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 3
    assert only_failure(card) == {
        "plugin": "score_flaky",
        "distribution": "score-flaky",
        "message": "indicator 'steady': compute raised ZeroDivisionError: division by zero",
    }
    steady = next(d for d in card["dimensions"] if d["id"] == "steady")
    assert [s["status"] for s in steady["subindicators"]] == ["failed"]


def test_indicator_that_raises_in_the_table(site, tmp_path, capsys):
    site.install(
        "score-flaky",
        STEADY_SOURCE.replace("def compute(facts):\n", "def compute(facts):\n    return 1 / 0\n")
        + PROVIDES_STEADY,
    )
    ruleset = ruleset_with_steady(tmp_path)
    code, out, _ = score(["run", SEED, "--ruleset", str(ruleset), "--lang", "en"], capsys)
    assert code == 3
    assert "INCOMPLETE" in out
    assert (
        "score_flaky (score-flaky): indicator 'steady': compute raised ZeroDivisionError: "
        "division by zero" in out
    )


GENEROUS = """
class Generous(RuleKind):
    name = "generous"
    label = Text("慷慨", "generous")
    accepts = (Ratio,)

    def apply(self, given):
        return Outcome(given.points + Fraction(1, 2))

    def describe(self, rule, points, lang, item_labels=None):
        return "points + 0.5"

@hookimpl
def score_indicators():
    return [STEADY]

@hookimpl
def score_rule_kinds():
    return [Generous()]
"""


def test_rule_kind_that_gives_more_than_its_points(site, tmp_path, capsys):
    site.install("score-generous", STEADY_SOURCE + GENEROUS)
    ruleset = ruleset_with_steady(tmp_path, kind="generous")
    code, card = json_run([SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 3
    assert only_failure(card) == {
        "plugin": "score_generous",
        "distribution": "score-generous",
        "message": "rule kind 'generous': apply gave 10.5 points for 6.1, outside 0 to 10",
    }
    steady = next(d for d in card["dimensions"] if d["id"] == "steady")
    assert steady["subindicators"][0]["status"] == "failed"
    assert steady["subindicators"][0]["score"] is None


def test_rule_kind_whose_parameter_check_raises(site, tmp_path, capsys):
    site.install(
        "score-generous",
        STEADY_SOURCE
        + GENEROUS.replace(
            "    def apply(self, given):",
            "    def validate(self, params, points, items):\n        raise KeyError('tiers')\n\n"
            "    def apply(self, given):",
        ),
    )
    ruleset = ruleset_with_steady(tmp_path, kind="generous")
    code, _, err = score(["run", SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 3
    assert err == (
        "error: plugin score_generous (score-generous): rule kind 'generous': "
        "parse raised KeyError: 'tiers'\n"
    )
    code, _, err = score(["run", SEED, "--ruleset", str(ruleset), "--lang", "zh"], capsys)
    assert err == (
        "错误：插件 score_generous (score-generous) 出错：计分方法“generous”："
        "parse 抛出异常 KeyError: 'tiers'\n"
    )


def test_duplicate_indicator_id(site, capsys):
    site.install(
        "score-dup",
        STEADY_SOURCE.replace('id="steady"', 'id="budget_execution"') + PROVIDES_STEADY,
    )
    code, card = json_run([SEED], capsys)
    assert code == 3
    assert only_failure(card) == {
        "plugin": "score_dup",
        "distribution": "score-dup",
        "message": "indicator 'budget_execution' is also provided by plugin budget_execution "
        "(distribution jixiao); the one from budget_execution is used. Uninstall one of the "
        "two, or give one another id",
    }
    # the ruleset uses budget_execution, so even a lenient run is incomplete
    code, card = json_run([SEED, "--lenient-plugins"], capsys)
    assert code == 3
    assert only_failure(card)["plugin"] == "score_dup"


def test_ruleset_needing_an_uninstalled_indicator_names_it_and_never_guesses_a_package(
    tmp_path, capsys
):
    ruleset = ruleset_with_steady(tmp_path)
    code, out, err = score(["run", SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 2
    assert out == ""
    line = _line(ruleset, 'indicator = "steady"')
    assert (
        f"error: {ruleset}:{line}: "
        "dimensions.steady.indicator: no installed plugin provides indicator 'steady' "
        "(installed: asset_management, budget_execution, disclosure, internal_controls, "
        "output_targets); check the name, or install the plugin that provides it. "
        "`score plugins` lists what is installed"
    ) in err
    assert "pip install" not in err  # a name that may be misspelt: someone could register it


def test_missing_indicator_mentions_plugins_that_failed_to_load(site, tmp_path, capsys):
    site.install("score-steady", "import survey_client_that_is_not_installed\n")
    ruleset = ruleset_with_steady(tmp_path)
    code, _, err = score(["run", SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 2
    assert (
        "These plugins failed to load and may be the one that provides it: score_steady "
        "(score-steady): failed to import score_steady: ModuleNotFoundError: No module named "
        "'survey_client_that_is_not_installed'" in err
    )


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip() == text)


def test_extra_plugins_load_beside_the_installed_ones():
    namespace: dict[str, object] = {}
    exec(  # a plugin given as an object, the way a test or an embedding program passes one
        compile(
            "from fractions import Fraction\n"
            "from jixiao.engine.plugin_api import *\n"
            + STEADY_SOURCE
            + "\nclass Plugin:\n    @hookimpl\n    def score_indicators(self):\n"
            "        return [STEADY]\n",
            "<plugin>",
            "exec",
        ),
        namespace,
    )
    plugin = namespace["Plugin"]
    registry = load_registry(extra=[("steady", plugin()), ("steady", plugin())])  # type: ignore[operator]
    assert set(registry.indicators) == {*BUILTIN_INDICATORS, "steady"}
    info = registry.provider("steady")
    assert info is not None
    assert (info.name, info.distribution, info.hooks) == ("steady", None, ("score_indicators",))
    [failure] = registry.failures
    assert say(failure.message, "en") == (
        "the plugin name 'steady' is already used by another entry point; "
        "each plugin needs a name of its own"
    )


def test_indicator_check_that_raises(site, capsys):
    site.install(
        "score-checky",
        STEADY_SOURCE.replace(
            "    compute=compute,\n", "    compute=compute,\n    validate=lambda f: 1 / 0,\n"
        )
        + PROVIDES_STEADY,
    )
    code, out, err = score(["run", SEED], capsys)
    assert code == 3
    assert out == ""
    assert err == (
        "error: plugin score_checky (score-checky): indicator 'steady': validate raised "
        "ZeroDivisionError: division by zero\n"
    )


def test_measure_returning_something_that_is_not_a_measure(site, tmp_path, capsys):
    site.install(
        "score-odd",
        STEADY_SOURCE.replace(
            "def compute(facts):\n", "def compute(facts):\n    return {'share': 0.75}\n"
        )
        + PROVIDES_STEADY,
    )
    code, card = json_run([SEED, "--ruleset", str(ruleset_with_steady(tmp_path))], capsys)
    assert code == 3
    assert only_failure(card)["message"] == (
        "indicator 'steady': measure 'share' is a float, not a measure type"
    )


def test_rule_kind_whose_describe_raises(site, tmp_path, capsys):
    site.install(
        "score-generous",
        STEADY_SOURCE
        + GENEROUS.replace('        return "points + 0.5"', "        return rule['missing']"),
    )
    ruleset = ruleset_with_steady(tmp_path, kind="generous")
    code, card = json_run([SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 3
    assert only_failure(card)["message"] == (
        "rule kind 'generous': describe raised KeyError: 'missing'"
    )


def test_a_batch_is_strict_or_lenient_too(site, tmp_path, capsys):
    site.install("score-broken", "raise RuntimeError('licence file missing')\n")
    folder = tmp_path / "submissions"
    folder.mkdir()
    for name in ("a.toml", "b.toml"):
        (folder / name).write_text(Path(SEED).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = score(["run", str(folder), "--format", "json"], capsys)
    assert code == 3
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["complete"] for line in lines] == [False, False]
    code, out, err = score(["run", str(folder), "--format", "json", "--lenient-plugins"], capsys)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["complete"] for line in lines] == [True, True]
    assert all(any(f["code"] == "plugin_not_loaded" for f in line["findings"]) for line in lines)


def test_unknown_rule_kind_mentions_plugins_that_failed_to_load(site, tmp_path, capsys):
    site.install("score-steady", STEADY_SOURCE + PROVIDES_STEADY)
    site.install("jixiao-kinds", "raise ImportError('cannot import name Tiers')\n")
    ruleset = ruleset_with_steady(tmp_path, kind="sampled_tiers")
    code, _, err = score(["run", SEED, "--ruleset", str(ruleset)], capsys)
    assert code == 2
    assert (
        "dimensions.steady.subindicators.share.rule.kind: there is no rule kind 'sampled_tiers'"
        in err
    )
    assert (
        "These plugins failed to load and may be the one that provides it: jixiao_kinds "
        "(jixiao-kinds): failed to import jixiao_kinds: ImportError: cannot import name Tiers"
    ) in err
