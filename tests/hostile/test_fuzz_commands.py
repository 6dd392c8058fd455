"""Fuzzing `score rules check` and `score test` with random TOML: the answer is exit 0 (or 1 for
a case whose expectation is not met) or a clean exit 2 with `error:` lines, never a traceback or
an internal error. Example counts are fixed (derandomized), so the time is bounded by work.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st
from mutations import FUZZ, GOOD, KEYS, RULES, VALUES, _mutate

from jixiao.cli import main

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English prefixes

CASE_KEYS = ["name", "facts", "overrides", "ruleset", "total", "grade", "scores"]


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "good.toml").write_text(tomli_w.dumps(GOOD), encoding="utf-8")
        (path / "2025.toml").write_text(tomli_w.dumps(RULES), encoding="utf-8")
        yield path


def _command(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def _write(path: Path, data: dict[str, Any]) -> bool:
    try:
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
    except (TypeError, ValueError):  # not representable in TOML
        return False
    return True


def _clean(code: int, err: str, allowed: tuple[int, ...]) -> None:
    assert code in allowed, err
    assert "internal error" not in err and "Traceback" not in err, err
    if code == 2:
        lines = err.splitlines()
        assert lines and all(line.startswith("error: ") for line in lines), err


@st.composite
def rulesets(draw: Any) -> dict[str, Any]:
    data = _mutate(RULES, draw)
    choice = draw(st.integers(0, 5))
    if choice == 0:  # a child ruleset: extends, remove, anything else
        child: dict[str, Any] = {"extends": draw(st.sampled_from(["2025", "r", "nope", 2025]))}
        child.update(draw(st.dictionaries(st.sampled_from(["id", "year", "remove"]), VALUES)))
        if draw(st.booleans()):
            child["remove"] = draw(
                st.lists(st.sampled_from(["dimensions", "grades", "dimensions.disclosure", "x.y"]))
            )
        return child
    if choice == 1:
        return dict(draw(st.dictionaries(KEYS, VALUES, max_size=5)))
    return data


@settings(FUZZ, max_examples=80)
@given(rulesets())
def test_rules_check_answers_0_or_2(workdir: Path, ruleset: dict[str, Any]) -> None:
    if not _write(workdir / "r.toml", ruleset):
        return
    code, out, err = _command(["rules", "check", str(workdir / "r.toml")])
    _clean(code, err, (0, 2))
    assert out.startswith("ok: ") == (code == 0)


SCORES = st.decimals(min_value=0, max_value=100, places=2)


def _mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a value of the right kind, now and then any TOML value."""
    return st.one_of(valid, VALUES)


VALID_FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "name": st.text(max_size=6),
    "facts": st.sampled_from(["good.toml"] * 6 + ["missing.toml", ".", "2025.toml"]),
    "ruleset": st.sampled_from(["2025", "2025.toml"] * 3 + ["2052", "good.toml"]),
    "total": st.one_of(SCORES, st.just(Decimal("95.23"))),
    "grade": st.sampled_from(["优秀", "良好", "Excellent", "差"]),
    "scores": st.dictionaries(
        st.sampled_from(["1.1", "2.2", "disclosure", "3.1", "9.9"]), st.one_of(SCORES, st.just(20))
    ),
    "overrides": st.fixed_dictionaries(
        {"budget": st.fixed_dictionaries({"carry_over": st.one_of(SCORES, st.just(Decimal(-1)))})}
    ),
}
CASE_FIELDS = {key: _mostly(values) for key, values in VALID_FIELDS.items()}


@st.composite
def case_files(draw: Any, noise: bool = True) -> dict[str, Any]:
    """Case files; without noise every value is of the right kind (so most cases run)."""
    if noise and draw(st.integers(0, 9)) == 0:
        return dict(draw(st.dictionaries(KEYS, VALUES, max_size=4)))
    cases = []
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        case: dict[str, Any] = {"facts": "good.toml"}
        for key, values in (CASE_FIELDS if noise else VALID_FIELDS).items():
            if draw(st.booleans()):
                case[key] = draw(values)
        if noise and draw(st.integers(0, 9)) == 0:
            case[draw(KEYS)] = draw(VALUES)
        cases.append(case)
    return {"case": cases}


@settings(FUZZ, max_examples=60)
@given(st.one_of(case_files(noise=False), case_files()))
def test_score_test_answers_0_1_or_2(workdir: Path, cases: dict[str, Any]) -> None:
    if not _write(workdir / "cases.toml", cases):
        return
    code, out, err = _command(["test", str(workdir / "cases.toml")])
    _clean(code, err, (0, 1, 2))
    assert out.splitlines()[-1].split(",")[0].endswith("passed")
