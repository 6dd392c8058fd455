"""Hostile rulesets and what finds them: a named pipe or a device where a file belongs, an
`extends` chain a thousand deep or onto a department's file, `format = true`, a case whose
ruleset name is too long for the file system, a target named twice behind a zero-width space.
Each ends in a clear message (exit 2), never a hang, a traceback or an internal error (exit 4).
"""

from __future__ import annotations

import errno
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from commandline import cli
from paths import CORPUS, EXAMPLES, RULESET_2025

from jixiao.engine.ruleset.inherit import MAX_EXTENDS

pytestmark = pytest.mark.usefixtures("english")

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def flat(text: str) -> str:
    """Text without its white space: rich wraps the long cells of `rules list`."""
    return "".join(text.split())


@contextmanager
def unblocked(pipe: Path, after: float = 5.0) -> Iterator[None]:
    """Should the code under test open `pipe` and block, open and close its other end after
    `after` seconds, again and again, so that a test fails (reading an empty file) rather than
    hangs."""
    done = threading.Event()

    def release() -> None:
        if done.wait(after):
            return
        while not done.wait(0.2):
            try:  # without a reader waiting, ENXIO: nothing to release yet
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            except OSError as error:
                if error.errno not in (errno.ENXIO, errno.ENOENT):
                    raise

    watchdog = threading.Thread(target=release, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()


# --- 8. a named pipe or a device where a file belongs -------------------------------------------


@needs_fifo
def test_a_named_pipe_with_nothing_writing_as_the_facts_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    with unblocked(tmp_path / "pipe.toml"):
        code, out, err = cli(["run", "pipe.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "error: pipe.toml: is a named pipe, not a regular file; expected a TOML facts file\n"
    )


def test_a_device_as_the_facts_file_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    code, out, err = cli(["run", "/dev/zero"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == "error: /dev/zero: is a device, not a regular file; expected a TOML facts file\n"


@needs_fifo
@pytest.mark.parametrize("how", ["--rulesets", "SCORE_RULESETS"])
def test_a_named_pipe_in_a_rulesets_folder_is_named_and_never_opened(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "rulesets"
    folder.mkdir()
    os.mkfifo(folder / "pipe.toml")
    shutil.copy(CORPUS / "good.toml", tmp_path / "good.toml")
    extra = ["--rulesets", "rulesets"] if how == "--rulesets" else []
    if how == "SCORE_RULESETS":
        monkeypatch.setenv("SCORE_RULESETS", str(folder))
    with unblocked(folder / "pipe.toml"):
        listed = cli(["rules", "list", *extra], monkeypatch, capsys, tmp_path)
        scored = cli(["run", "good.toml", *extra], monkeypatch, capsys, tmp_path)  # by its year
    assert listed[0] == 0, listed[2]
    assert "is a named pipe, not a regular" in listed[1]  # rich wraps the rest of the cell
    assert "valid" in listed[1]  # the bundled 2025 beside it
    assert scored[0] == 0, scored[2]
    assert "Total:" in scored[1]


# --- 13. an extends chain a thousand deep --------------------------------------------------------


def _chain(folder: Path, depth: int) -> None:
    """d0.toml extends d1.toml … extends d{depth}.toml, the bundled 2025."""
    folder.mkdir()
    for n in range(depth):
        (folder / f"d{n}.toml").write_text(
            f'extends = "d{n + 1}.toml"\nid = "d{n}"\nyear = 2031\n', encoding="utf-8"
        )
    shutil.copy(RULESET_2025, folder / f"d{depth}.toml")


def test_an_extends_chain_a_thousand_deep_is_refused_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _chain(tmp_path / "chain", 1000)
    code, out, err = cli(["rules", "check", "chain/d0.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    deepest = tmp_path.resolve() / "chain" / f"d{MAX_EXTENDS}.toml"
    assert err == (
        f"error: {deepest}:1: extends: leads more than {MAX_EXTENDS} parents up (counting "
        "from chain/d0.toml); let a ruleset extend the one it needs directly\n"
    )


def test_an_extends_chain_at_the_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _chain(tmp_path / "chain", MAX_EXTENDS)
    code, out, err = cli(["rules", "check", "chain/d0.toml"], monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("ok: chain/d0.toml:")


def test_rules_list_survives_a_ruleset_whose_chain_is_too_long(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _chain(tmp_path / "chain", 1000)
    folder = tmp_path / "rulesets"
    folder.mkdir()
    (folder / "deep.toml").write_text(
        'extends = "../chain/d1.toml"\nid = "deep"\nyear = 2030\n', encoding="utf-8"
    )
    shutil.copy(EXAMPLES / "rulesets" / "2026-example.toml", folder)
    code, out, err = cli(
        ["rules", "list", "--rulesets", "rulesets", "--lang", "zh"], monkeypatch, capsys, tmp_path
    )
    assert (code, err) == (0, "")
    assert flat(f"逐级继承超过{MAX_EXTENDS}层（从 rulesets/deep.toml 算起）") in flat(out)
    assert flat("2026-example2026") in flat(out)  # the good one beside it, listed as valid
    assert "有效" in out


# --- 14. a case's ruleset name too long for the file system ---------------------------------------


@pytest.mark.parametrize("suffix", ["", ".toml"])
def test_a_case_ruleset_name_too_long_is_that_cases_problem(
    suffix: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(CORPUS / "good.toml", tmp_path / "good.toml")
    name = "x" * 300 + suffix
    (tmp_path / "cases.toml").write_text(
        f'[[case]]\nname = "long"\nfacts = "good.toml"\nruleset = "{name}"\ntotal = 1\n\n'
        '[[case]]\nname = "good"\nfacts = "good.toml"\ngrade = "优秀"\n',
        encoding="utf-8",
    )
    code, out, err = cli(["test", "cases.toml"], monkeypatch, capsys, tmp_path)
    assert code == 2, err
    assert out.splitlines() == [
        "PASS  good  (cases.toml case 2, 1 checked)",
        "1 passed, 0 failed, 1 problem(s) in the case files",
    ]
    expected = "error: cases.toml:4: case[0].ruleset: " + (
        "no such ruleset file"
        if suffix
        else f"there is no ruleset named '{name}'; rulesets found: 2025, hunan"
    )
    assert err.splitlines() == [expected]


# --- 21. the rest ---------------------------------------------------------------------------------


def test_extending_a_device_says_it_is_not_a_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    (tmp_path / "r.toml").write_text('extends = "/dev/zero"\nid = "r"\nyear = 2030\n')
    code, out, err = cli(["rules", "check", "r.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "error: r.toml:1: extends: the parent file '/dev/zero' is a device, not a regular file; "
        "give the path of a ruleset file\n"
    )


def test_extending_a_facts_file_names_the_facts_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CORPUS / "good.toml", tmp_path / "dept.toml")
    (tmp_path / "r.toml").write_text('extends = "dept.toml"\nid = "r"\nyear = 2030\n')
    code, out, err = cli(["rules", "check", "r.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {tmp_path.resolve() / 'dept.toml'}: is a department's facts file (it has "
        "[department]), not a ruleset, so it cannot be extended; change extends in r.toml to a "
        'ruleset\'s name or path, e.g. extends = "2025"\n'
    )


@pytest.mark.parametrize(("value", "found"), [("true", "true"), ("1.0", "1.0"), ('"1"', '"1"')])
def test_format_of_the_wrong_type_is_refused(
    value: str,
    found: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "r.toml").write_text(f'extends = "2025"\nid = "r"\nyear = 2030\nformat = {value}\n')
    code, out, err = cli(["rules", "check", "r.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"error: r.toml:4: format: this version of score reads ruleset format 1, found {found}\n"
    )


@pytest.mark.parametrize(
    "twin",
    ["服务满意度\u200b", " 服务满意度 ", "\ufeff服务满意度", "服务满意度\u2060"],
    ids=["zero-width-space", "spaces", "bom", "word-joiner"],
)
def test_a_target_named_twice_behind_an_invisible_character_is_a_duplicate(
    twin: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (CORPUS / "good.toml").read_text(encoding="utf-8")
    text = text.replace('name = "培训人次"', f'name = "{twin}"', 1)
    (tmp_path / "dept.toml").write_text(text, encoding="utf-8")
    code, out, err = cli(["run", "dept.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert "error: dept.toml:70: name, entry 2 of Performance targets (targets[1].name): " in err
    assert "give each target a distinct name" in err


def test_a_full_width_project_name_is_the_same_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (CORPUS / "good.toml").read_text(encoding="utf-8")
    for name in ("业务培训", "ＡＢ", "AB"):  # the first as good.toml has it; ＡＢ full-width
        text += f'\n[[projects]]\nname = "{name}"\nbudget = 5\n'
    (tmp_path / "dept.toml").write_text(text, encoding="utf-8")
    code, _, err = cli(["run", "dept.toml"], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert "(projects[1].name): has the name of project 1 (业务培训)" in err
    assert "(projects[3].name): has the name of project 3 (AB)" in err


@pytest.mark.parametrize(
    "args",
    [
        ["run", "dept.toml", "--ruleset", "2025.toml"],
        ["rules", "show", "2025.toml"],
        ["init", "--ruleset", "2025.toml", "-"],
    ],
    ids=["run", "show", "init"],
)
def test_a_bare_file_name_finds_the_ruleset_of_that_name(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(CORPUS / "good.toml", tmp_path / "dept.toml")
    code, out, err = cli(args, monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, "")
    assert out


def test_a_file_name_that_is_no_ruleset_is_no_such_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CORPUS / "good.toml", tmp_path / "dept.toml")
    code, _, err = cli(
        ["run", "dept.toml", "--ruleset", "2024.toml"], monkeypatch, capsys, tmp_path
    )
    assert (code, err) == (2, "error: 2024.toml: no such ruleset file\n")
    # a path is a path: ./2025.toml is not the ruleset named 2025
    code, _, err = cli(
        ["run", "dept.toml", "--ruleset", "./2025.toml"], monkeypatch, capsys, tmp_path
    )
    assert (code, err) == (2, "error: ./2025.toml: no such ruleset file\n")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (
            b"this is not toml\n",
            "bad.toml:1: is not valid TOML: Expected '=' after a key in a key/value pair "
            "(column 6): write each value as key = value",
        ),
        (
            b"\x00\x01binary",
            "bad.toml: is a binary file (it holds NUL bytes), not a TOML facts file",
        ),
    ],
    ids=["not-toml", "binary"],
)
def test_a_case_whose_facts_file_is_not_toml_names_the_case(
    content: bytes,
    says: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "bad.toml").write_bytes(content)
    shutil.copy(CORPUS / "good.toml", tmp_path / "good.toml")
    (tmp_path / "cases.toml").write_text(
        '[[case]]\nname = "good"\nfacts = "good.toml"\ngrade = "优秀"\n\n'
        '[[case]]\nname = "bad"\nfacts = "bad.toml"\ntotal = 1\n',
        encoding="utf-8",
    )
    code, out, err = cli(["test", "cases.toml"], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert out.splitlines()[0] == "PASS  good  (cases.toml case 1, 1 checked)"
    assert err.splitlines() == [f"error: cases.toml:8: case[1].facts: {says}"]
