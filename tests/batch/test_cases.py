"""The project's hand-computed cases (tests/batch/cases/*.toml) run through `score test`'s
engine, and `score test` itself: pass, fail with the differing values (exit 1), unusable input
(exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import CASES, SEED

from jixiao.cli import main
from jixiao.engine.batch.cases import Mismatch, run_case_files
from jixiao.engine.plugins.registry import Registry

# these tests read the messages in English ($SCORE_LANG=en); Chinese, the default, is tested
# in test_chinese_output.py and the corpus
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.parametrize("path", sorted(CASES.glob("*.toml")), ids=lambda p: p.stem)
def test_project_cases_pass(path: Path, registry: Registry) -> None:
    run = run_case_files([path], registry)
    assert run.problems == ()
    assert run.results, f"{path.name} has no cases"
    for result in run.results:
        assert result.passed, f"{result.name}: {result.mismatches}"


def test_the_seed_case_checks_what_it_says(registry: Registry) -> None:
    (first, *_) = run_case_files([CASES / "luquan-2025.toml"], registry).results
    assert first.name == "鹿泉区政协 2025 under the 2025 ruleset"
    assert first.checked == 15  # total, grade and 13 scores


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_failing_case_reports_the_differing_values(
    tmp_path: Path, registry: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        f'[[case]]\nname = "too hopeful"\nfacts = "{SEED}"\ntotal = 85\ngrade = "优秀"\n'
        'scores = { "1.1" = 20, "4.1" = 3.42 }\n',
    )
    (result,) = run_case_files([path], registry).results
    assert result.mismatches == (
        Mismatch("total", "85", "79.43"),
        Mismatch("grade", "优秀", "良好"),
        Mismatch("4.1", "3.42", "3.43"),
    )
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("FAIL  too hopeful  (")
    assert out[1:] == [
        "      total: expected 85, got 79.43",
        "      grade: expected 优秀, got 良好",
        "      4.1: expected 3.42, got 3.43",
        "0 passed, 1 failed",
    ]


def test_passing_cases_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(CASES / "luquan-2025.toml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "4 passed, 0 failed"


INLINE = """
[[case]]
name = "inline facts"
grade = "Poor"
total = 24.00
scores = { budget_execution = 24.00, "1.1" = 16.00, "1.2" = 0, "1.3" = 5, "1.4" = 1, "1.5" = 2 }

[case.facts.department]
name = "示例单位"
code = "X-1"
year = 2025

[case.facts.budget]
initial = 100
adjusted = 80       # |80 − 100| / 100 = 20%: 1.4 tier ≤ 20% → 1
actual = 64         # 64 / 80 = 80%: 1.1 = 20 × 0.8 = 16; carry-over 16 / 80 = 20%: 1.2 = 0
sangong_budget = 1
sangong_actual = 1
public_funds_budget = 10
public_funds_actual = 10
"""


def test_inline_facts_and_the_english_grade_name(tmp_path: Path, registry: Registry) -> None:
    """Only budget facts: 16 + 0 + 5 + 1 + 2 = 24 from 预算执行; with no evidence the other
    dimensions score 0 (5.2 and 5.3 have nothing to apply to), so 24.00, 较差 (Poor)."""
    (result,) = run_case_files([write(tmp_path, INLINE)], registry).results
    assert result.passed, result.mismatches
    assert result.checked == 8


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[case]]\nname = 'x'\ntotal = 1\n", "case[0].facts: is required: a facts file"),
        (f'[[case]]\nfacts = "{SEED}"\n', "case[0]: states nothing to check"),
        (f'[[case]]\nfacts = "{SEED}"\ntotl = 1\n', "did you mean 'total'?"),
        (f'[[case]]\nfacts = "{SEED}"\ntotal = "79.43"\n', "expected a number such as 79.43"),
        (f'[[case]]\nfacts = "{SEED}"\nscores = {{ "9.9" = 1 }}\n', "unknown indicator '9.9'"),
        (f'[[case]]\nfacts = "{SEED}"\nruleset = "2019"\ntotal = 1\n', "no ruleset named '2019'"),
        ("name = 'no cases'\n", "case: expected one or more [[case]] tables"),
    ],
)
def test_unusable_cases_exit_2(
    tmp_path: Path, body: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, body)
    assert main(["test", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_overrides_replace_facts(tmp_path: Path, registry: Registry) -> None:
    path = write(
        tmp_path,
        f'[[case]]\nfacts = "{SEED}"\nscores = {{ "1.3" = 0 }}\n'
        "[case.overrides]\nbudget.sangong_actual = 5.25\n",  # 150% of 3.5: 50 points above
    )
    (result,) = run_case_files([path], registry).results
    assert result.passed
