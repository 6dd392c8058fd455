"""No raw control character from a file reaches the terminal: an escape (ESC), a carriage
return or a line break in a department's name, a ruleset's id or labels, a wrongly typed value
or a file's name is shown as its Python escape (`\\x1b`, `\\r`, `\\n`) in every text output, so
that a file can neither drive the reader's terminal nor forge a line such as `error: …`."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from paths import CORPUS, RULESET_2025

from jixiao.cli import main

GOOD = (CORPUS / "good.toml").read_text(encoding="utf-8")
FORGED = "error: forged"
# What a facts file's text may hold (ESC and CR are refused there, a line break is not), as
# TOML escapes write them inside a basic string: a line break, a tab, NEL, the line separator
# and the 8-bit CSI
NAME = r"红\n" + FORGED + r"\t局\u0085\u2028\u009b31m局"
SHOWN = r"红\n" + FORGED + r"\t局\x85\u2028\x9b31m局"


def _assert_safe(output: str, every_control: bool = True) -> None:
    """No escape, no bare carriage return, no line forged; and unless told otherwise no control
    character at all but the renderer's own line breaks."""
    assert "\x1b" not in output
    assert not re.search("\r(?!\n)", output)
    assert not re.search(f"^{FORGED}", output, re.MULTILINE)
    if every_control:
        unsafe = {c for c in output if c != "\n" and unicodedata.category(c) in ("Cc", "Zl", "Zp")}
        assert not unsafe


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    _assert_safe(captured.err)
    if "csv" not in args:  # CSV is data for a spreadsheet: its cells hold the names as written
        _assert_safe(captured.out)
    return code, captured.out, captured.err


def _facts(folder: Path, name: str = NAME, stem: str = "dept") -> Path:
    path = folder / f"{stem}.toml"
    text = GOOD.replace('name = "示例局"', f'name = "{name}"').replace(
        'code = "SL-001"', r'code = "SL\u009b2J-001"'
    )
    path.write_text(text, encoding="utf-8")
    return path


def _ruleset(folder: Path) -> Path:
    text = RULESET_2025.read_text(encoding="utf-8")
    for written, hostile in [
        ('id = "2025"', r'id = "2025\u001b[31m"'),
        ('title = "部门', r'title = "\u001b[2J\r部门'),
        ('label = "优秀"', r'label = "优\u001b[5m秀"'),
        ('label = "预算执行"', r'label = "预算\r\n执行"'),
        ('label = "预算执行率"', r'label = "预算执行率\u001b]0;title\u0007"'),
    ]:
        assert written in text
        text = text.replace(written, hostile, 1)
    path = folder / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_a_department_name_is_shown_escaped(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(["run", str(_facts(tmp_path)), "--format", fmt], capsys)
    assert code == 0
    if fmt in ("table", "markdown"):
        assert SHOWN in out
    if fmt == "json":  # every control character escaped, and the name read back as written
        assert json.loads(out)["department"]["name"] == tomllib.loads(f'n = "{NAME}"')["n"]


def test_escapes_in_a_department_name_are_refused_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["run", str(_facts(tmp_path, r"\u001b[31m红\r局"))], capsys)
    assert code == 2
    assert "department.name" in err


def test_a_department_name_is_shown_escaped_in_a_narrow_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = _run(["run", str(_facts(tmp_path))], capsys)
    assert code == 0
    assert SHOWN in out


def test_a_wrongly_typed_value_is_repeated_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dept.toml"
    path.write_text(
        GOOD.replace("adjusted = 1200", r'adjusted = "12\u001b[2J\r"'), encoding="utf-8"
    )
    code, _, err = _run(["run", str(path)], capsys)
    assert code == 2
    assert r'"12\x1b[2J\r"' in err


def test_a_batch_names_a_forged_file_name_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / f"a\n{FORGED}.toml").write_text("not toml =", encoding="utf-8")
    _facts(tmp_path)
    _facts(tmp_path, stem="second")  # two departments: a ranking
    for fmt in ("table", "markdown", "json", "csv"):
        code, out, err = _run(["run", str(tmp_path), "--format", fmt], capsys)
        assert code == 2
        assert f"a\\n{FORGED}.toml" in err
    code, out, err = _run(["review", str(tmp_path)], capsys)
    assert code == 2
    assert SHOWN in out


def test_a_review_shows_names_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _facts(tmp_path)
    claims = '\n[self_evaluation]\ntotal = 60\ngrade = "较差\\u009b"\n'  # an unknown grade
    path.write_text(path.read_text(encoding="utf-8") + claims, encoding="utf-8")
    code, out, _ = _run(["review", str(path)], capsys)
    assert code in (0, 1)
    assert SHOWN in out
    assert r"较差\x9b" in out


def test_a_below_department_is_named_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _facts(tmp_path)
    _facts(tmp_path, name=r"二\u009b1m局", stem="second")
    code, _, err = _run(["run", str(tmp_path), "--fail-under", "99"], capsys)
    assert code == 1
    assert SHOWN in err


@pytest.mark.parametrize(
    "args",
    [
        ["rules", "show", "{ruleset}"],
        ["rules", "show", "{ruleset}", "--format", "markdown"],
        ["rules", "check", "{ruleset}"],
        ["rules", "list", "--rulesets", "{rulesets}"],
        ["rules", "diff", "2025", "{ruleset}"],
        ["run", "{facts}", "--ruleset", "{ruleset}"],
        ["run", "{facts}", "--ruleset", "{ruleset}", "--format", "markdown"],
        ["run", "{folder}", "--ruleset", "{ruleset}"],
        ["review", "{folder}", "--ruleset", "{ruleset}"],
    ],
)
def test_a_ruleset_id_and_labels_are_shown_escaped(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "rulesets").mkdir()
    (tmp_path / "facts").mkdir()
    ruleset = _ruleset(tmp_path / "rulesets")
    facts = _facts(tmp_path / "facts")
    _facts(tmp_path / "facts", stem="second")
    named = {
        "ruleset": str(ruleset),
        "rulesets": str(ruleset.parent),
        "folder": str(facts.parent),
        "facts": str(facts),
    }
    code, _, err = _run([arg.format(**named) for arg in args], capsys)
    assert code in (0, 1), err


def test_score_test_names_cases_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = _facts(tmp_path)
    cases = tmp_path / "cases.toml"
    cases.write_text(
        f'[[case]]\nname = "{NAME}"\nfacts = "{facts.name}"\ntotal = 1\ngrade = "{NAME}"\n'
        f'[[case]]\nname = "{NAME}"\nfacts = "{facts.name}"\ntotal = 95.23\n',
        encoding="utf-8",
    )
    code, out, _ = _run(["test", str(cases)], capsys)
    assert code == 1  # the first case fails, the second passes
    assert out.count(SHOWN) == 3  # each case's name, and the grade expected
