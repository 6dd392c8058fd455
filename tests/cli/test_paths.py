"""Every path a message shows is in the form pathlib gives it, and a path the user types means
what it means to pathlib (`./rs/` is the folder rs, `dept.toml/` the file dept.toml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from paths import ROOT

from jixiao.cli import main
from jixiao.engine.tomlfile import read_toml

# these tests read the messages in English ($SCORE_LANG=en); Chinese, the default, is tested
# in test_chinese_output.py and the corpus
pytestmark = pytest.mark.usefixtures("english")

SEED = ROOT / "examples" / "luquan-cppcc-2025.toml"
RULESET_2025 = ROOT / "rulesets" / "2025.toml"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().err


def test_an_empty_output_name_is_refused_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["run", str(SEED), "--format", "json", "--output", ""], capsys)
    assert (code, err) == (2, "error: : --output: is a folder; give a file name\n")


def test_output_folders_are_named_as_pathlib_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _run(["run", str(SEED), "--format", "json", "-o", "./nodir/./x.json"], capsys)
    assert (code, err) == (2, "error: ./nodir/./x.json: --output: no such folder: nodir\n")
    Path("exist.json").write_text("{}", "utf-8")
    for name in ("exist.json/", "new.json/", "/dev/null/"):
        for force in ([], ["--force"]):
            code, err = _run(["run", str(SEED), "--format", "json", "-o", name, *force], capsys)
            assert (code, err) == (
                2,
                f"error: {name}: --output: ends with /, which names a folder; give a file name\n",
            )
    assert Path("exist.json").read_text("utf-8") == "{}"


def test_ruleset_folders_are_shown_as_pathlib_names_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rs").mkdir()
    broken = RULESET_2025.read_text("utf-8").replace('id = "2025"', 'id = "2025"\nmistake = 1', 1)
    (tmp_path / "rs" / "2025.toml").write_text(broken, "utf-8")
    monkeypatch.chdir(tmp_path)
    for folder in ("./rs/", "rs//", "rs"):
        code, err = _run(["run", str(SEED), "--rulesets", folder], capsys)
        assert code == 2
        assert err.startswith("error: rs/2025.toml:"), (folder, err)


def test_a_file_named_with_a_trailing_slash_is_read_as_before(tmp_path: Path) -> None:
    copy = tmp_path / "dept.toml"
    shutil.copy(SEED, copy)
    assert read_toml(f"{copy}/").text == read_toml(copy).text
