"""A ruleset is found by the `id` its file states as well as by its file name, by every command
that takes a ruleset's name; `rules list` shows the id (with the file when its name differs);
and a name that finds two files (two of the same id, or one's name the other's id) is refused
with both files named and the fix. Shadowed files are never used, and never counted.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from commandline import cli
from paths import RULESET_2025, SEED

from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.catalog import survey
from jixiao.engine.ruleset.library import ENV_VAR, HEAD_BYTES, declared_id, find_ruleset

# the seed department under 2025: 79.43 (tests/scoring/test_seed_by_hand.py); the bureau's
# ruleset changes only its title, so the seed totals the same under it
SEED_TOTAL = "79.43"


@pytest.fixture(autouse=True)
def _no_environment_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


def child(folder: Path, file: str, ruleset_id: str, title: str = "某区财政局评价规则") -> Path:
    """A ruleset extending the bundled 2025 that changes only its title."""
    folder.mkdir(exist_ok=True)
    path = folder / file
    path.write_text(
        f'extends = "2025"\nid = "{ruleset_id}"\nyear = 2025\ntitle = "{title}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def bureau(tmp_path: Path) -> Path:
    """A folder holding bureau.toml, whose id is 2025-bureau."""
    child(tmp_path / "bureau", "bureau.toml", "2025-bureau")
    return tmp_path / "bureau"


# found by id and by file name ----------------------------------------------------------------


def test_a_ruleset_is_found_by_its_id_and_by_its_file_name(bureau: Path) -> None:
    assert find_ruleset("2025-bureau", extra=[bureau]) == bureau / "bureau.toml"
    assert find_ruleset("bureau", extra=[bureau]) == bureau / "bureau.toml"
    assert find_ruleset("bureau.toml", extra=[bureau]) == bureau / "bureau.toml"
    assert find_ruleset("2025", extra=[bureau]) == RULESET_2025


def test_run_by_id_reports_the_id_it_was_found_by(
    bureau: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("2025-bureau", "bureau", str(bureau / "bureau.toml")):
        args = ["run", str(SEED), "--ruleset", name, "--rulesets", str(bureau), "--format", "json"]
        code, out, err = cli(args, monkeypatch, capsys, bureau)
        assert (code, err) == (0, "")
        result = json.loads(out)
        assert result["ruleset"]["id"] == "2025-bureau"
        assert result["ruleset"]["title"] == "某区财政局评价规则"
        assert result["total"] == SEED_TOTAL


def test_the_environment_folder_finds_by_id_too(
    bureau: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ENV_VAR, str(bureau))
    code, out, _ = cli(
        ["run", str(SEED), "--ruleset", "2025-bureau", "--format", "json"],
        monkeypatch,
        capsys,
        bureau,
    )
    assert (code, json.loads(out)["ruleset"]["id"]) == (0, "2025-bureau")


def test_every_command_taking_a_ruleset_name_takes_the_id(
    bureau: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    search = ["--rulesets", str(bureau)]
    code, out, err = cli(["rules", "show", "2025-bureau", *search], monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, "")
    assert "某区财政局评价规则" in out
    code, out, err = cli(
        ["rules", "diff", "2025", "2025-bureau", *search, "--format", "json"],
        monkeypatch,
        capsys,
        tmp_path,
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {"changes": []}  # only the title differs: no rule changed
    code, out, err = cli(
        ["review", str(SEED), "--ruleset", "2025-bureau", *search], monkeypatch, capsys, tmp_path
    )
    assert code == 1 and err == ""  # the seed claims 优秀 and computes 79.43 良好: flagged
    assert "79.43" in out
    cases = tmp_path / "cases.toml"
    cases.write_text(
        f'[[case]]\nname = "seed"\nfacts = "{SEED}"\nruleset = "2025-bureau"\n'
        f'total = {SEED_TOTAL}\ngrade = "良好"\n',
        encoding="utf-8",
    )
    code, out, err = cli(["test", str(cases), *search], monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, "")
    target = tmp_path / "dept.toml"
    code, _, err = cli(
        ["init", "--ruleset", "2025-bureau", *search, str(target)], monkeypatch, capsys, tmp_path
    )
    assert (code, err) == (0, "")
    assert target.exists()


def test_a_folder_2025_still_shadows_the_bundled_one(tmp_path: Path) -> None:
    """The documented way to keep one's own 2025: the bundled file is never used, so its id
    (the same) is no second ruleset of that id."""
    own = child(tmp_path / "own", "2025.toml", "2025")
    assert find_ruleset("2025", extra=[own.parent]) == own
    renamed = child(tmp_path / "renamed", "2025.toml", "2025b")
    assert find_ruleset("2025", extra=[renamed.parent]) == renamed
    assert find_ruleset("2025b", extra=[renamed.parent]) == renamed


def test_an_unknown_name_lists_each_ruleset_by_id_and_file(
    bureau: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["rules", "show", "2052", "--rulesets", str(bureau)]
    code, _, err = cli(args, monkeypatch, capsys, bureau)
    assert code == 2
    assert err.startswith("错误：--ruleset：没有名为“2052”的评价规则；已有的评价规则：2025、")
    assert "、2025-bureau（bureau.toml）" in err  # in order of the names, bundled ones too
    code, _, err = cli([*args, "--lang", "en"], monkeypatch, capsys, bureau)
    assert err.startswith("error: --ruleset: there is no ruleset named '2052'; rulesets found: ")
    assert ", 2025-bureau (bureau.toml)" in err


# a name that finds two files -----------------------------------------------------------------


def test_two_files_of_the_same_id_are_refused_with_both_named(tmp_path: Path) -> None:
    first = child(tmp_path / "a", "first.toml", "dup")
    second = child(tmp_path / "b", "second.toml", "dup")
    extra = [first.parent, second.parent]
    with pytest.raises(InputError) as raised:
        find_ruleset("dup", extra=extra)
    assert raised.value.render("zh") == (
        f"--ruleset：搜索路径上有2个评价规则的 id 都是“dup”：{first}、{second}；"
        '按名称无法确定用哪一个。请把其中一个文件中的 id 改为别的名称（如 id = "dup-2"），'
        "或用 --ruleset 路径 指定要用的文件"
    )
    assert raised.value.render("en") == (
        f"--ruleset: 2 rulesets on the search path have the id 'dup': {first}, {second}; "
        "a name cannot tell them apart. Give one of them another id in its file (e.g. id = "
        '"dup-2"), or name the file to use with --ruleset PATH'
    )
    # each file's own name is no one's id: it still finds that file, as does its path
    assert find_ruleset("first", extra=extra) == first
    assert find_ruleset("second", extra=extra) == second
    assert find_ruleset(str(second), extra=extra) == second


def test_a_copy_claiming_the_bundled_id_makes_that_name_ambiguous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = child(tmp_path / "bureau", "bureau-2025.toml", "2025")
    args = ["run", str(SEED), "--ruleset", "2025", "--rulesets", str(copy.parent)]
    code, out, err = cli(args, monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert f"有2个评价规则的 id 都是“2025”：{copy}、{RULESET_2025}" in err
    code, out, err = cli([*args[:3], "bureau-2025", *args[4:]], monkeypatch, capsys, tmp_path)
    assert (code, err) == (0, "")  # its file name is unambiguous


def test_one_files_name_that_is_anothers_id_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    named_y = child(folder, "y.toml", "z")
    claims_y = child(folder, "x.toml", "y")
    with pytest.raises(InputError) as raised:
        find_ruleset("y", extra=[folder])
    assert raised.value.render("en") == (
        f"--ruleset: 'y' is the file name of {named_y} and the id in {claims_y}; a name cannot "
        "tell them apart. Change one's id or file name, or name the file to use with "
        "--ruleset PATH"
    )
    assert raised.value.render("zh") == (
        f"--ruleset：“y”既是 {named_y} 的文件名，又是 {claims_y} 中的 id；按名称无法确定用哪一个。"
        "请修改其中一个的 id 或文件名，或用 --ruleset 路径 指定要用的文件"
    )
    assert find_ruleset("z", extra=[folder]) == named_y
    assert find_ruleset("x", extra=[folder]) == claims_y


def test_a_link_to_a_ruleset_is_the_same_ruleset(tmp_path: Path) -> None:
    real = child(tmp_path / "real", "bureau.toml", "linked")
    links = tmp_path / "links"
    links.mkdir()
    (links / "other-name.toml").symlink_to(real)
    assert find_ruleset("linked", extra=[real.parent, links]) == real


# rules list ---------------------------------------------------------------------------------


def test_list_shows_the_id_and_the_file_when_it_differs(
    bureau: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
) -> None:
    entries = survey(registry, [bureau])  # the folder's, then the bundled ones
    assert [(e.name, e.id, e.listed, e.problem) for e in entries[:1]] == [
        ("bureau", "2025-bureau", "2025-bureau（bureau.toml）", None),
    ]
    bundled = next(e for e in entries if e.path == RULESET_2025)
    assert (bundled.name, bundled.id, bundled.listed, bundled.problem) == (
        "2025",
        "2025",
        "2025",
        None,
    )
    assert survey(registry, [bureau], "en")[0].listed == "2025-bureau (bureau.toml)"
    code, out, _ = cli(["rules", "list", "--rulesets", str(bureau)], monkeypatch, capsys, bureau)
    flat = "".join(out.split())  # rich wraps long cells
    assert code == 0
    assert "2025-bureau（bureau.toml）2025某区财政局评价规则" in flat


def test_list_marks_two_files_of_one_id(tmp_path: Path, registry: Registry) -> None:
    first = child(tmp_path / "a", "first.toml", "dup")
    second = child(tmp_path / "b", "second.toml", "dup")
    shadow = child(tmp_path / "c", "first.toml", "dup")  # shadowed by a/first.toml: not counted
    entries = survey(registry, [first.parent, second.parent, shadow.parent])
    assert [(e.path, e.shadowed, e.problem) for e in entries[:3]] == [
        (first, False, f"id“dup”与 {second} 的相同，按名称无法确定用哪一个；请改用另一个 id"),
        (second, False, f"id“dup”与 {first} 的相同，按名称无法确定用哪一个；请改用另一个 id"),
        (shadow, True, None),
    ]
    english = survey(registry, [first.parent, second.parent], "en")
    assert english[0].problem == (
        f"the id 'dup' is also that of {second}, so a name cannot tell them apart; give one "
        "another id"
    )


# reading an id: only the top of the file -----------------------------------------------------


def test_the_id_is_read_from_the_lines_before_the_first_table(tmp_path: Path) -> None:
    broken_below = tmp_path / "broken-below.toml"
    broken_below.write_text('id = "x"\nyear = 2025\n[grades\nnot toml at all\n', encoding="utf-8")
    assert declared_id(broken_below) == "x"  # named, it is found, and then says what is wrong
    table_first = tmp_path / "table-first.toml"
    table_first.write_text('[dimensions.a]\nid = "inside a table"\n', encoding="utf-8")
    assert declared_id(table_first) is None
    no_table = tmp_path / "no-table.toml"
    no_table.write_text('\ufeffid = "bom"\n', encoding="utf-8")
    assert declared_id(no_table) == "bom"
    not_text = tmp_path / "not-text.toml"
    not_text.write_bytes(b"\x00\x01id")
    assert declared_id(not_text) is None
    not_a_name = tmp_path / "number.toml"
    not_a_name.write_text("id = 2025\n", encoding="utf-8")
    assert declared_id(not_a_name) is None


def test_the_whole_file_is_read_when_its_top_cannot_be_told(tmp_path: Path) -> None:
    in_a_string = tmp_path / "string.toml"
    in_a_string.write_text(
        'description = """\n[not a table]\n"""\nid = "after"\n[grades]\n', encoding="utf-8"
    )
    assert declared_id(in_a_string) == "after"
    long_head = tmp_path / "long.toml"
    long_head.write_text("#" * (HEAD_BYTES + 10) + '\nid = "late"\n[grades]\n', encoding="utf-8")
    assert declared_id(long_head) == "late"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_on_the_search_path_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    assert declared_id(tmp_path / "pipe.toml") is None
    with pytest.raises(InputError):
        find_ruleset("nothing-here", extra=[tmp_path])
