"""The command line builds only the sub-parser of the verb it names (start-up time), and that
must never change which command runs or what help says."""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys

import pytest

from score import cli


def _verbs(parser: argparse.ArgumentParser) -> list[str]:
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(action.choices)


def test_help_and_unknown_verbs_build_every_verb_in_order() -> None:
    assert _verbs(cli.build_parser([])) == list(cli.VERBS)
    assert _verbs(cli.build_parser(["--version"])) == list(cli.VERBS)
    assert _verbs(cli.build_parser(["rn", "x.toml"])) == list(cli.VERBS)


@pytest.mark.parametrize("verb", list(cli.VERBS))
def test_a_named_verb_builds_its_own_parser(verb: str) -> None:
    assert _verbs(cli.build_parser([verb, "--help"])) == [verb]


def test_a_mistyped_verb_lists_every_verb(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["rn", "x.toml"])
    assert stop.value.code == 2
    assert "invalid choice: 'rn' (choose from 'run', 'review', 'rules', 'test', 'init', " in (
        capsys.readouterr().err
    )


def test_score_run_imports_no_other_command() -> None:
    code = (
        "import sys; from score import cli; cli.build_parser(['run', 'x.toml']); "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('score.commands.'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == [
        "score.commands.options",
        "score.commands.output",
        "score.commands.run",
        "score.commands.runner",
    ]


@pytest.mark.parametrize("columns", ["40", "100", "", "abc"])
def test_help_is_as_wide_as_argparse_makes_it(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The formatter that spares shutil wraps help exactly as argparse's own does."""
    monkeypatch.setenv("COLUMNS", columns)
    ours = [cli.build_parser(argv).format_help() for argv in ([], ["run"], ["rules"])]
    monkeypatch.setattr(cli, "_Formatter", argparse.HelpFormatter)
    assert ours == [cli.build_parser(argv).format_help() for argv in ([], ["run"], ["rules"])]


def test_building_the_parser_does_not_import_shutil() -> None:
    code = (
        "import sys; from score import cli; cli.build_parser(['run']); "
        "print('shutil' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("collecting", [True, False])
def test_collection_is_paused_only_while_the_command_starts(
    collecting: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[bool] = []
    built = cli.build_parser

    def build(argv: list[str]) -> argparse.ArgumentParser:
        seen.append(gc.isenabled())
        return built(argv)

    monkeypatch.setattr(cli, "build_parser", build)
    frozen = gc.get_freeze_count()
    (gc.enable if collecting else gc.disable)()
    try:
        assert cli.main(["rules", "list"]) == 0
        assert gc.isenabled() is collecting  # as it was: in-process callers keep their setting
    finally:
        gc.enable()
    assert seen == [False]
    assert gc.get_freeze_count() == frozen  # only the console script, in its own process, freezes
    capsys.readouterr()
