"""A batch never drops a department without a word, never loses the results of the others for one
file's problem, and never overwrites what the user owns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from paths import ROOT

from jixiao import cli
from jixiao.commands import batch
from jixiao.engine import api

SEED = ROOT / "examples" / "luquan-cppcc-2025.toml"
OTHER = ROOT / "examples" / "wuji-housing-2025.toml"
SCORE = (sys.executable, "-m", "jixiao.cli")  # the command, in a process of its own


def run(args: list[str | Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    api.load_registry(fresh=True)
    code = cli.main(["run", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def departments(folder: Path, numbers: range) -> Path:
    """A folder of the seed department as departments 部门N (code LQ-N), one file dNN.toml each."""
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for n in numbers:
        named = text.replace("鹿泉区政协", f"部门{n}").replace("LQ-ZX-001", f"LQ-{n}")
        (folder / f"d{n:02}.toml").write_text(named, "utf-8")
    return folder


def test_a_link_to_a_folder_is_followed(tmp_path, capsys):
    copy(SEED, tmp_path / "depts" / "a.toml")
    copy(OTHER, tmp_path / "elsewhere" / "b.toml")
    (tmp_path / "depts" / "more").symlink_to(tmp_path / "elsewhere")
    code, out, _ = run([tmp_path / "depts", "--format", "csv", "--lang", "en"], capsys)
    assert code == 0
    assert [line.rsplit(",", 1)[-1] for line in out.splitlines()[1:]] == [
        str(tmp_path / "depts" / "a.toml"),
        str(tmp_path / "depts" / "more" / "b.toml"),
    ]


def test_a_link_back_up_is_named_and_not_followed(tmp_path, capsys):
    copy(SEED, tmp_path / "depts" / "a.toml")
    (tmp_path / "depts" / "sub").mkdir()
    (tmp_path / "depts" / "sub" / "up").symlink_to(tmp_path / "depts")
    code, out, err = run([tmp_path / "depts", "--format", "csv", "--lang", "en"], capsys)
    assert code == 2
    assert out.count("\n") == 2  # the header and the one department
    up = tmp_path / "depts" / "sub" / "up"
    assert err.splitlines() == [
        f"error: {up}: this link leads back to the folder {tmp_path / 'depts'} above it; "
        "not followed, to avoid a loop",
        "scored 1 of 2 file(s); 1 failed",
    ]


def test_a_second_link_to_a_folder_already_scored_scores_it_once(tmp_path, capsys):
    copy(SEED, tmp_path / "depts" / "a" / "x.toml")
    (tmp_path / "depts" / "again").symlink_to(tmp_path / "depts" / "a")
    code, out, _ = run([tmp_path / "depts", "--format", "csv"], capsys)
    assert code == 0
    assert out.count("\n") == 2


def test_a_folder_that_cannot_be_read_is_named(tmp_path, capsys, monkeypatch):
    copy(SEED, tmp_path / "depts" / "a.toml")
    copy(OTHER, tmp_path / "depts" / "locked" / "b.toml")
    locked = str(tmp_path / "depts" / "locked")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as without search permission, even as root
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path: list(scandir(path)))  # type: ignore[arg-type]
    code, out, err = run([tmp_path / "depts", "--format", "csv", "--lang", "en"], capsys)
    assert code == 2
    assert out.count("\n") == 2
    assert err.splitlines()[0] == (
        f"error: {locked}: cannot read this folder (permission denied); the files in it were "
        "not scored: check its permissions"
    )


def test_one_name_too_long_does_not_stop_the_batch(tmp_path, capsys):
    good = copy(SEED, tmp_path / "a.toml")
    long_name = tmp_path / ("x" * 300 + ".toml")
    code, out, err = run([good, long_name, "--format", "csv", "--lang", "en"], capsys)
    assert code == 2
    assert out.count("\n") == 2
    assert f"error: {long_name}: cannot be read: " in err
    assert "internal error" not in err


def test_discovery_survives_what_the_system_refuses(tmp_path):
    long_name = str(tmp_path / ("x" * 300))
    assert batch.discover([long_name, str(tmp_path / "nothing-here")]) == [
        str(tmp_path / "nothing-here"),
        long_name,
    ]


@pytest.mark.parametrize("spelling", ["same", "dotted", "link"])
def test_an_output_that_is_an_input_is_refused_even_with_force(spelling, tmp_path, capsys):
    facts = copy(SEED, tmp_path / "dept.toml")
    before = facts.read_bytes()
    output = {
        "same": facts,
        "dotted": tmp_path / "." / "dept.toml",
        "link": tmp_path / "link.toml",
    }[spelling]
    if spelling == "link":
        output.symlink_to(facts)
    code, _, err = run([facts, "--format", "json", "-o", output, "--force"], capsys)
    assert code == 2
    assert facts.read_bytes() == before
    assert err == (
        f"错误：{output}: --output：与本次要读取的文件 {facts} 是同一个文件，"
        "不能用作输出文件（加 --force 也不会覆盖）；请换一个输出文件名\n"
    )


def test_an_output_inside_the_folder_scored_is_refused_when_it_is_one_of_its_files(
    tmp_path, capsys
):
    facts = copy(SEED, tmp_path / "depts" / "a.toml")
    before = facts.read_bytes()
    code, _, err = run(
        [tmp_path / "depts", "--format", "csv", "-o", facts, "--force", "--lang", "en"], capsys
    )
    assert code == 2
    assert facts.read_bytes() == before
    assert "is the input" in err


def test_init_does_not_write_over_its_own_ruleset(tmp_path, capsys):
    ruleset = copy(ROOT / "rulesets" / "2025.toml", tmp_path / "r.toml")
    before = ruleset.read_bytes()
    code = cli.main(["init", "--ruleset", str(ruleset), str(ruleset), "--force", "--lang", "en"])
    assert code == 2
    assert ruleset.read_bytes() == before
    assert "is the input" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_mistyped_ruleset_is_one_clear_error_before_any_worker_starts(jobs, tmp_path, capsys):
    copy(SEED, tmp_path / "depts" / "a.toml")
    copy(OTHER, tmp_path / "depts" / "b.toml")
    code, out, err = run([tmp_path / "depts", "--jobs", jobs, "--ruleset", "2O25"], capsys)
    assert code == 2
    assert out == ""
    assert err == "错误：--ruleset：没有名为“2O25”的评价规则；已有的评价规则：2025、hunan\n"


KILLER = """
import os, signal
from jixiao.engine.plugin_api import Indicator, Text, hookimpl


def validate(facts):
    if facts.department.name == "部门3":
        os.kill(os.getpid(), signal.SIGKILL)
    return []


KILLER = Indicator(
    id="killer", label=Text("k", "k"), sections=(), measures=(), compute=dict,
    validate=validate,
)


@hookimpl
def score_indicators():
    return [KILLER]
"""


def _script(tmp_path: Path, source: str) -> Path:
    """A folder holding a plugin module and its dist-info, as pip would install it."""
    site = tmp_path / "site"
    (site / "killer-1.0.dist-info").mkdir(parents=True)
    (site / "killer.py").write_text(textwrap.dedent(source), encoding="utf-8")
    (site / "killer-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: killer\nVersion: 1.0\n", encoding="utf-8"
    )
    (site / "killer-1.0.dist-info" / "entry_points.txt").write_text(
        "[jixiao.plugins]\nkiller = killer\n", encoding="utf-8"
    )
    return site


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")
def test_a_killed_worker_loses_only_its_file_and_names_it(tmp_path):
    site = _script(tmp_path, KILLER)
    folder = departments(tmp_path / "depts", range(1, 13))
    done = subprocess.run(
        [*SCORE, "run", str(folder), "--jobs", "2", "--format", "csv", "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site), "SCORE_DEBUG": ""},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    rows = done.stdout.splitlines()[1:]
    assert len(rows) == 11
    assert not any("d03.toml" in row for row in rows)
    assert done.stderr.splitlines() == [
        f"error: {folder / 'd03.toml'}: not scored: the process scoring it stopped "
        "unexpectedly (killed, or out of memory), also when tried again; run again",
        "scored 11 of 12 file(s); 1 failed",
    ]


def _limited(limit_bytes: int) -> None:  # in the child, before it runs score
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))


@pytest.mark.skipif(sys.platform == "win32", reason="file-size limits are POSIX")
@pytest.mark.parametrize("fmt", ["json", "csv", "markdown", "table"])
def test_a_file_size_limit_during_a_batch_output_writes_nothing_and_says_so(fmt, tmp_path):
    folder = departments(tmp_path / "depts", range(40))
    output = tmp_path / f"out.{fmt}"
    done = subprocess.run(
        [*SCORE, "run", str(folder), "--format", fmt, "-o", str(output), "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "SCORE_DEBUG": ""},
        preexec_fn=lambda: _limited(1024),
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[0] == (
        f"error: {output}: --output: file too large; nothing was written"
    )
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["depts"]  # no temporary file left


def test_ctrl_c_while_score_is_still_loading_is_an_interrupt(monkeypatch, capsys):
    """A Ctrl-C before main() can catch it: while the command's modules are imported."""

    class Interrupting:  # a finder that is asked for jixiao.cli and is interrupted
        def find_spec(self, name: str, path: object, target: object = None) -> None:
            if name == "jixiao.cli":
                raise KeyboardInterrupt

    monkeypatch.delitem(sys.modules, "jixiao.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Interrupting(), *sys.meta_path])
    monkeypatch.setattr(sys, "argv", ["score", "run", str(SEED)])
    from jixiao.commands import start

    with pytest.raises(SystemExit) as stopped:
        start.entry()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "已中断\n"


@pytest.mark.parametrize("command", ["run", "review"])
def test_an_output_that_is_the_ruleset_read_is_refused(command, tmp_path, capsys):
    facts = copy(SEED, tmp_path / "dept.toml")
    ruleset = copy(ROOT / "rulesets" / "2025.toml", tmp_path / "bureau" / "bureau.toml")
    before = ruleset.read_bytes()
    api.load_registry(fresh=True)
    given = [str(facts), "--ruleset", str(ruleset), "-o", str(ruleset), "--force"]
    code = cli.main([command, *given, "--lang", "en"])
    assert code == 2
    assert ruleset.read_bytes() == before
    assert "is the input" in capsys.readouterr().err


def test_an_output_over_a_ruleset_on_the_search_path_is_refused(tmp_path, capsys):
    facts = copy(SEED, tmp_path / "dept.toml")
    folder = tmp_path / "bureau"
    ruleset = copy(ROOT / "rulesets" / "2025.toml", folder / "2025.toml")
    code, _, err = run(
        [facts, "--rulesets", folder, "-o", ruleset, "--force", "--lang", "en"], capsys
    )
    assert code == 2
    assert "is the input" in err


def test_a_rulesets_folder_that_is_none_is_refused(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "bureau-rulesets"
    code, out, err = run([SEED, "--rulesets", missing, "--lang", "en"], capsys)
    assert code == 2
    assert out == ""
    assert err == (
        f"error: --rulesets: {missing} is not a folder; give the folder that holds the rulesets\n"
    )
    monkeypatch.setenv("SCORE_RULESETS", str(missing))
    code, _, err = run([SEED], capsys)
    assert code == 2
    assert err.startswith("错误：$SCORE_RULESETS：")


@pytest.mark.parametrize("where", ["the file", "the output"])
def test_a_name_too_long_is_refused_not_a_bug(where, tmp_path, capsys):
    long_name = str(tmp_path / ("a" * 300))
    args = [long_name + ".toml"] if where == "the file" else [SEED, "-o", long_name + ".csv"]
    code, _, err = run([*args, "--lang", "en"], capsys)
    assert code == 2
    assert "internal error" not in err


def test_a_mistyped_ruleset_for_a_review_on_two_processes_is_one_error(tmp_path, capsys):
    copy(SEED, tmp_path / "depts" / "a.toml")
    copy(OTHER, tmp_path / "depts" / "b.toml")
    api.load_registry(fresh=True)
    code = cli.main(["review", str(tmp_path / "depts"), "--jobs", "2", "--ruleset", "2O25"])
    assert code == 2
    assert capsys.readouterr().err == (
        "错误：--ruleset：没有名为“2O25”的评价规则；已有的评价规则：2025、hunan\n"
    )


def test_a_file_reached_twice_through_a_link_is_scored_once(tmp_path, capsys):
    real = copy(SEED, tmp_path / "elsewhere" / "a.toml")
    (tmp_path / "depts").mkdir()
    (tmp_path / "depts" / "a.toml").symlink_to(real)
    (tmp_path / "depts" / "more").symlink_to(tmp_path / "elsewhere")
    code, out, _ = run([tmp_path / "depts", real, "--format", "csv"], capsys)
    assert code == 0
    assert out.count("\n") == 2


def test_the_tally_does_not_count_an_incomplete_result_as_unscored(tmp_path, capsys):
    from fakeplugins import fake_site

    site = fake_site(tmp_path)
    installer = next(site)
    try:
        installer.install("score-broken", "import module_that_is_not_installed\n")
        copy(SEED, tmp_path / "depts" / "a.toml")
        code, _, err = run([tmp_path / "depts", "--format", "csv", "--lang", "en"], capsys)
    finally:
        site.close()
    assert code == 3
    assert err.splitlines()[-1] == "scored 1 of 1 file(s); 0 failed"


def test_a_worker_leaves_ctrl_c_to_the_main_process(monkeypatch):
    from jixiao.engine.batch import pool
    from jixiao.engine.plugins import registry

    started: list[object] = []
    monkeypatch.setattr(signal, "signal", lambda which, what: started.append((which, what)))
    monkeypatch.setattr(registry, "_interrupts_are_faults", False)
    pool._start_worker(started.append, ("ready",))
    assert started == [(signal.SIGINT, signal.SIG_IGN), "ready"]
    assert registry.plugins_fault(KeyboardInterrupt())  # in a worker, only a plugin raises it


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX workers")
def test_an_interrupt_raised_by_a_plugin_in_a_worker_is_the_plugins_failure(tmp_path):
    source = KILLER.replace("os.kill(os.getpid(), signal.SIGKILL)", "raise KeyboardInterrupt")
    site = _script(tmp_path, source)
    folder = departments(tmp_path / "depts", range(1, 5))
    done = subprocess.run(
        [*SCORE, "run", str(folder), "--jobs", "2", "--format", "csv", "--lang", "en"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(site), "SCORE_DEBUG": ""},
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert len(done.stdout.splitlines()) == 4  # the header and the three others
    assert "validate raised KeyboardInterrupt" in done.stderr
    assert "interrupted" not in done.stderr


def test_a_department_in_two_files_is_warned_about(tmp_path, capsys):
    first = copy(SEED, tmp_path / "depts" / "a.toml")
    second = copy(SEED, tmp_path / "depts" / "b.toml")
    copy(OTHER, tmp_path / "depts" / "c.toml")
    code, out, err = run([tmp_path / "depts", "--format", "csv", "--lang", "en"], capsys)
    assert code == 0  # both are scored and ranked: the bureau decides which one counts
    assert out.count("\n") == 4
    assert err.splitlines()[0] == (
        f"warning: the department code LQ-ZX-001 (2025) is in 2 files: {first}, {second}; each "
        "is ranked on its own: check whether one was handed in twice, or a code is wrong"
    )
