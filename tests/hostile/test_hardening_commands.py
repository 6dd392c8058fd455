"""Every command against bad input: `rules check|show|diff`, `score test`, `score init`,
`score review`, batch `score run` and `--output`. Each answers with exit code 2 and the message
docs/errors.md explains, never a traceback; a batch never stops at a bad file; outputs are
complete or absent, and inputs are never modified.

The corpus (tests/hostile/corpus, expected.toml) holds what `score run` answers for each file; the
commands that read the same files must answer the same.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from commandline import cli
from paths import CORPUS, ROOT

# these tests read the messages in English ($SCORE_LANG=en); the corpus tests check both languages
pytestmark = pytest.mark.usefixtures("english")

CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "expected.toml").read_text())["case"]
RULESET_CASES = [c for c in CASES if c["name"].startswith("rulesets/")]
FACTS_CASES = [
    c for c in CASES if c["name"].startswith("facts/") and c["name"] != "facts/missing-file"
]
BAD_FACTS = [c for c in FACTS_CASES if c["exit"] == 2]
GOOD_FACTS = [c for c in FACTS_CASES if c["exit"] == 0]
SCORE = str(Path(sys.executable).parent / "score")


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error: ")]


# --- rules check / show / diff: the ruleset corpus ---------------------------------------------


def _ruleset_arg(case: dict[str, Any]) -> str:
    return str(case["args"][case["args"].index("--ruleset") + 1])


@pytest.mark.parametrize("case", RULESET_CASES, ids=[c["name"] for c in RULESET_CASES])
@pytest.mark.parametrize("command", ["show", "init", "diff-new", "diff-old"])
def test_rules_show_diff_and_init_answer_as_run_does(
    case: dict[str, Any],
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ruleset = _ruleset_arg(case)
    args = {
        "show": ["rules", "show", ruleset],
        "init": ["init", "--ruleset", ruleset, "-"],
        "diff-new": ["rules", "diff", "2025", ruleset],
        "diff-old": ["rules", "diff", ruleset, "2025", "--format", "json"],
    }[command]
    code, out, err = cli(args, monkeypatch, capsys, CORPUS)
    assert code == case["exit"], err
    if code == 2:
        assert sorted(err.splitlines()) == sorted(case["stderr_en"])
        assert out == ""


@pytest.mark.parametrize("case", RULESET_CASES, ids=[c["name"] for c in RULESET_CASES])
def test_rules_check_answers_as_run_does(
    case: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(["rules", "check", _ruleset_arg(case)], monkeypatch, capsys, CORPUS)
    assert code == case["exit"], err
    # it takes a name as --ruleset does, and answers as `score run --ruleset` does
    assert sorted(err.splitlines()) == sorted(case.get("stderr_en", []))


def test_rules_check_reports_every_bad_file_and_still_checks_the_good_ones(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [_ruleset_arg(c) for c in RULESET_CASES if c["name"] != "rulesets/unknown-name"]
    code, out, err = cli(
        ["rules", "check", *files, "../../../rulesets/2025.toml"], monkeypatch, capsys, CORPUS
    )
    assert code == 2
    assert out.startswith(
        "ok: ../../../rulesets/2025.toml: Department overall expenditure performance indicator "
        "system (2025), year 2025"
    )
    expected = {
        line
        for c in RULESET_CASES
        if c["name"] in {"rulesets/extends-missing", "rulesets/grade-gap"}
        for line in c["stderr_en"]
    }
    assert expected <= set(err.splitlines())
    assert len(set(err.splitlines())) >= len(files)  # at least one problem for each bad file


def test_extends_cycle_of_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "self.toml").write_text('extends = "self.toml"\nid = "s"\nyear = 2026\n')
    code, out, err = cli(["rules", "check", "self.toml"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        "error: self.toml:1: extends: rulesets extend each other in a cycle: "
        "self.toml → self.toml; one of them must not extend\n"
    )


@pytest.mark.parametrize(
    ("remove", "expected"),
    [
        (
            '"dimensions"',
            "error: r.toml:4: remove: expected a list of dotted key paths, "
            'e.g. remove = ["dimensions.x"]',
        ),
        (
            '["grades.0"]',
            "error: r.toml:4: remove[0]: 'grades.0' is not in the resolved ruleset; check the "
            "spelling against `score rules show` (paths look like dimensions.ID.subindicators.ID)",
        ),
    ],
)
def test_remove_mistakes(
    remove: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "r.toml").write_text(
        f'extends = "2025"\nid = "r"\nyear = 2026\nremove = {remove}\n'
    )
    for command in (["rules", "check", "r.toml"], ["rules", "show", "r.toml"]):
        code, out, err = cli(command, monkeypatch, capsys, tmp_path)
        assert (code, out, err) == (2, "", expected + "\n")


# --- score test ----------------------------------------------------------------------------------

TEST_CASES = {
    "not-toml": (
        "total 80\n",
        [
            "error: cases.toml:1: is not valid TOML: Expected '=' after a key in a key/value pair "
            "(column 7): write each value as key = value"
        ],
    ),
    "no-case": (
        'facts = "good.toml"\n',
        ["error: cases.toml: case: expected one or more [[case]] tables"],
    ),
    "unknown-key": (
        '[[case]]\nfacts = "good.toml"\ntotl = 80\n',
        [
            "error: cases.toml:3: case[0].totl: unknown key 'totl' in case 1; "
            "did you mean 'total'?",
            "error: cases.toml:1: case[0]: states nothing to check: give total, grade or scores",
        ],
    ),
    "missing-facts": (
        '[[case]]\nfacts = "gone.toml"\ntotal = 80\n',
        ["error: cases.toml:2: case[0].facts: gone.toml: no such file"],
    ),
    "no-facts": (
        "[[case]]\ntotal = 80\n",
        [
            "error: cases.toml:1: case[0].facts: is required: "
            'a facts file (facts = "dept.toml") or '
            "an inline [case.facts] table"
        ],
    ),
    "wrong-types": (
        '[[case]]\nfacts = "good.toml"\ntotal = "80分"\ngrade = 1\nscores = ["1.1"]\nname = 7\n'
        "overrides = 3\nruleset = 2025\n",
        [
            'error: cases.toml:3: case[0].total: expected a number such as 79.43, found "80分"',
            "error: cases.toml:6: case[0].name: expected a text in quotes, "
            'e.g. name = "鹿泉区政协", found 7',
            'error: cases.toml:4: case[0].grade: expected the grade\'s name, e.g. grade = "良好"',
            "error: cases.toml:5: case[0].scores: expected a table, "
            'e.g. scores = { "1.1" = 20.00 }',
            "error: cases.toml:7: case[0].overrides: expected a table of facts to replace, e.g. "
            "budget.carry_over = 40",
            "error: cases.toml:8: case[0].ruleset: expected a ruleset name or path, "
            'e.g. ruleset = "2026"',
        ],
    ),
    "nan-and-tables": (
        '[[case]]\nfacts = "good.toml"\ntotal = nan\nscores = { "1.1" = { a = 1 }, "1.2" = inf }\n',
        [
            "error: cases.toml:3: case[0].total: expected a number such as 79.43, found nan",
            "error: cases.toml:4: case[0].scores.1.1: expected a number such as 20.00, "
            "found a table",
            "error: cases.toml:4: case[0].scores.1.2: expected a number such as 20.00, found inf",
        ],
    ),
    "unknown-ruleset": (
        '[[case]]\nfacts = "good.toml"\ntotal = 80\nruleset = "2052"\n',
        [
            "error: cases.toml:4: case[0].ruleset: there is no ruleset named '2052'; "
            "rulesets found: 2025, hunan"
        ],
    ),
    "unknown-score": (
        '[[case]]\nfacts = "good.toml"\nscores = { "9.9" = 1 }\n',
        [
            "error: cases.toml:3: case[0].scores.9.9: unknown indicator '9.9' in ruleset 2025; "
            "expected one of: budget_execution, disclosure, asset_management, internal_controls, "
            "output_targets, 1.1, 1.2, 1.3, 1.4, 1.5, 2.1, 2.2, 2.3, 3.1, 3.2, 3.3, 4.1, 4.2, 4.3, "
            "5.1, 5.2, 5.3"
        ],
    ),
    "bad-override": (
        '[[case]]\nfacts = "good.toml"\ntotal = 80\n\n[case.overrides]\n'
        'budget.carry_over = -3\ndepartment = { year = "2025年" }\n',
        [
            "error: cases.toml:6: case[0].overrides.budget.carry_over: expected an amount in 万元, "
            "a number without unit or quotes, e.g. 968.909901, found a negative number -3",
            "error: cases.toml:7: case[0].overrides.department.year: expected a year from 2000 to "
            '2100 without quotes, e.g. 2025, found "2025年"',
        ],
    ),
    "bad-facts": (
        '[[case]]\nfacts = "facts/negative-amount.toml"\ntotal = 80\n',
        [
            line
            for c in BAD_FACTS
            if c["name"] == "facts/negative-amount"
            for line in c["stderr_en"]
        ],
    ),
}


@pytest.mark.parametrize("name", list(TEST_CASES))
def test_score_test_bad_case_files(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = TEST_CASES[name]
    shutil.copy(CORPUS / "good.toml", tmp_path / "good.toml")
    shutil.copytree(CORPUS / "facts", tmp_path / "facts")
    (tmp_path / "cases.toml").write_text(text, encoding="utf-8")
    code, out, err = cli(["test", "cases.toml"], monkeypatch, capsys, tmp_path)
    assert code == 2, err
    assert sorted(err.splitlines()) == sorted(expected)
    assert out.endswith(f"0 passed, 0 failed, {len(expected)} problem(s) in the case files\n")


def test_score_test_runs_the_good_cases_beside_the_bad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(CORPUS / "good.toml", tmp_path / "good.toml")
    (tmp_path / "cases.toml").write_text(
        '[[case]]\nname = "good"\nfacts = "good.toml"\ngrade = "优秀"\n\n'
        '[[case]]\nfacts = "gone.toml"\ntotal = 1\n'
    )
    code, out, err = cli(["test", "cases.toml", "missing.toml"], monkeypatch, capsys, tmp_path)
    assert code == 2
    assert out.splitlines() == [
        "PASS  good  (cases.toml case 1, 1 checked)",
        "1 passed, 0 failed, 2 problem(s) in the case files",
    ]
    assert err.splitlines() == [
        "error: cases.toml:7: case[1].facts: gone.toml: no such file",
        "error: missing.toml: no such file",
    ]


# --- score init ----------------------------------------------------------------------------------


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("folder", "error: folder: is a folder; give a file name"),
        (
            "taken.toml",
            "error: taken.toml: already exists; choose another name, or use --force to "
            "overwrite it",
        ),
        ("nowhere/dept.toml", "error: nowhere/dept.toml: no such folder: nowhere"),
        (
            "taken.toml/dept.toml",
            "error: taken.toml/dept.toml: taken.toml is a file, not a folder",
        ),
    ],
)
def test_init_refuses(
    target: str,
    expected: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "taken.toml").write_text("mine\n")
    before = _listing(tmp_path)
    code, out, err = cli(["init", target, "--year", "2025"], monkeypatch, capsys, tmp_path)
    assert (code, out, err) == (2, "", expected + "\n")
    assert _listing(tmp_path) == before


def _refuse_to_create(*args: Any, **kwargs: Any) -> Any:
    raise PermissionError(errno.EACCES, "Permission denied")


def test_init_into_a_folder_that_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _refuse_to_create)  # as a read-only folder would
    code, out, err = cli(["init", "dept.toml", "--year", "2025"], monkeypatch, capsys, tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"error: dept.toml: cannot write in the folder {tmp_path}: permission denied; "
        "choose a folder you can write to\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_init_force_replaces_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "dept.toml").write_text("old\n")
    code, out, _ = cli(
        ["init", "dept.toml", "--year", "2025", "--force"], monkeypatch, capsys, tmp_path
    )
    assert (code, out.startswith("wrote dept.toml: a facts template")) == (0, True)
    assert [p.name for p in tmp_path.iterdir()] == ["dept.toml"]  # no temporary left
    assert (tmp_path / "dept.toml").read_text(encoding="utf-8").startswith("#")


# --- --output -------------------------------------------------------------------------------------

OUTPUT_COMMANDS = {
    "run": ["run", "good.toml"],
    "run-batch": ["run", "good.toml", "facts/bom.toml", "--format", "csv"],
    "review": ["review", "good.toml"],
    "review-batch": ["review", "good.toml", "facts/bom.toml", "--format", "json"],
}
OUTPUT_TARGETS = {
    "folder": ("facts", "error: facts: --output: is a folder; give a file name"),
    "missing-folder": (
        "nowhere/out.txt",
        "error: nowhere/out.txt: --output: no such folder: nowhere",
    ),
    "under-a-file": (
        "good.toml/out.txt",
        "error: good.toml/out.txt: --output: good.toml is a file, not a folder",
    ),
    "existing": (
        "good.toml",
        "error: good.toml: --output: already exists; choose another name, or use --force to "
        "overwrite it",
    ),
}


@pytest.mark.parametrize("target", list(OUTPUT_TARGETS))
@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_refused_before_any_work(
    command: str,
    target: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, expected = OUTPUT_TARGETS[target]
    before = _listing(CORPUS)
    code, out, err = cli([*OUTPUT_COMMANDS[command], "-o", path], monkeypatch, capsys, CORPUS)
    assert (code, out, err) == (2, "", expected + "\n")
    assert _listing(CORPUS) == before


@pytest.mark.parametrize("command", list(OUTPUT_COMMANDS))
def test_output_into_a_folder_that_cannot_be_written(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out.txt"
    monkeypatch.setattr(tempfile, "mkstemp", _refuse_to_create)
    code, out, err = cli(
        [*OUTPUT_COMMANDS[command], "-o", str(target)], monkeypatch, capsys, CORPUS
    )
    assert (code, out) == (2, "")
    assert error_lines(err) == [
        f"error: {target}: --output: cannot write in the folder {tmp_path}: permission denied; "
        "choose a folder you can write to"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["run", "run-batch"])
def test_a_full_disk_leaves_the_previous_output_intact(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = cli(
        [*OUTPUT_COMMANDS[command], "-o", str(target), "--force"], monkeypatch, capsys, CORPUS
    )
    assert (code, out) == (2, "")
    assert error_lines(err) == [
        f"error: {target}: --output: no space left on device; nothing was written"
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert target.read_text() == "previous\n"


# --- batches: one bad file never stops the run -------------------------------------------------


def test_batch_run_scores_every_good_file_and_lists_every_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out_csv = tmp_path / "out.csv"
    code, out, err = cli(
        ["run", "facts", "--format", "csv", "-o", str(out_csv)], monkeypatch, capsys, CORPUS
    )
    assert (code, out) == (2, "")
    reported = set(error_lines(err))
    for case in BAD_FACTS:
        assert set(case["stderr_en"]) <= reported, case["name"]
    assert len(reported) == sum(len(c["stderr_en"]) for c in BAD_FACTS)
    assert (
        err.splitlines()[-1]
        == f"scored {len(GOOD_FACTS)} of {len(FACTS_CASES)} file(s); {len(BAD_FACTS)} failed"
    )
    rows = out_csv.read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + len(GOOD_FACTS)
    assert sorted(r.rsplit(",", 1)[1] for r in rows[1:]) == sorted(c["args"][0] for c in GOOD_FACTS)


def test_batch_review_lists_every_bad_file_in_its_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(
        ["review", "facts", "--format", "json", "-j", "2"], monkeypatch, capsys, CORPUS
    )
    assert code == 2
    documents = [json.loads(line) for line in out.splitlines()]
    assert len(documents) == len(FACTS_CASES)
    assert set(error_lines(err)) == {line for c in BAD_FACTS for line in c["stderr_en"]}


@pytest.mark.parametrize("case", BAD_FACTS, ids=[c["name"] for c in BAD_FACTS])
def test_review_of_one_bad_file_answers_as_run_does(
    case: dict[str, Any], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(["review", *case["args"]], monkeypatch, capsys, CORPUS)
    assert (code, out) == (2, "")
    assert sorted(err.splitlines()) == sorted(case["stderr_en"])


# --- the whole corpus through every command, as a user runs it ------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _every_command(cases_file: Path) -> list[list[str]]:
    rulesets = [_ruleset_arg(c) for c in RULESET_CASES]
    commands = [
        ["run", "facts", "good.toml", "--format", "json"],
        ["run", "facts", "--lang", "en", "-j", "2"],
        ["run", "facts", "--format", "markdown"],
        ["review", "facts", "good.toml"],
        ["review", "facts", "--format", "json", "--lang", "en"],
        ["rules", "check", *rulesets],
        ["rules", "list", "--rulesets", "rulesets"],
        ["test", str(cases_file)],
        ["plugins"],
    ]
    # `rules diff` reads two rulesets and reports both: every ruleset once, in pairs (show and
    # init read them the same way; they are checked file by file in-process above)
    for old, new in zip(rulesets[::2], rulesets[1::2] + rulesets[:1], strict=False):
        commands.append(["rules", "diff", old, new])
    commands.append(["rules", "show", "2025", "--format", "markdown"])
    commands.append(["init", "--ruleset", "2025", "-"])
    return commands


def test_whole_corpus_through_every_command_prints_no_traceback(tmp_path: Path) -> None:
    cases_file = tmp_path / "cases.toml"
    entries = [f'[[case]]\nfacts = "{CORPUS / c["args"][0]}"\ntotal = 0\n' for c in FACTS_CASES]
    entries += [
        f'[[case]]\nfacts = "{CORPUS / "good.toml"}"\n'
        f'ruleset = "{CORPUS / _ruleset_arg(c)}"\ntotal = 0\n'
        for c in RULESET_CASES
    ]
    cases_file.write_text("\n".join(entries), encoding="utf-8")
    env = {**os.environ, "SCORE_DEBUG": "", "COLUMNS": "100"}
    before = _snapshot(CORPUS)

    def run(args: list[str]) -> tuple[list[str], int, str]:
        done = subprocess.run(
            [SCORE, *args], cwd=CORPUS, capture_output=True, text=True, env=env, timeout=60
        )
        return args, done.returncode, done.stdout + done.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, _every_command(cases_file)))
    for args, code, output in results:
        assert "Traceback" not in output, args
        assert "internal error" not in output, args
        assert code in (0, 1, 2), (args, code, output[-500:])
    assert _snapshot(CORPUS) == before  # no input touched, nothing written beside them


# --- every message above is explained in docs/errors.md ----------------------------------------

TEMPLATES = [  # the stable part of each message the tests above expect
    # rulesets: inheritance (the corpus cases carry their own templates in expected.toml)
    'expected a list of dotted key paths, e.g. remove = ["dimensions.x"]',
    "is not in the resolved ruleset; check the spelling against",
    "rulesets extend each other in a cycle",
    # score test
    "case: expected one or more [[case]] tables",
    "' in case ",
    "states nothing to check: give total, grade or scores",
    'is required: a facts file (facts = "dept.toml") or',
    "expected a number such as 79.43, found",
    "expected a number such as 20.00, found",
    'expected a table, e.g. scores = { "1.1" = 20.00 }',
    'expected the grade\'s name, e.g. grade = "良好"',
    'expected a text in quotes, e.g. name = "鹿泉区政协", found',
    "expected a table of facts to replace, e.g. budget.carry_over = 40",
    'expected a ruleset name or path, e.g. ruleset = "2026"',
    "].ruleset: there is no ruleset named",
    "unknown indicator '",
    "no such file",
    # score init
    "is a folder; give a file name",
    "already exists; choose another name, or use --force to overwrite it",
    # --output (and init)
    "cannot write in the folder",
    "permission denied; choose a folder you can write to",
    "--output: is a folder; give a file name",
    "--output: no such folder:",
    "is a file, not a folder",
    "].facts:",
    "no space left on device; nothing was written",
]


def test_new_messages_are_tested() -> None:
    """Each message of these commands is met by a test above (docs/errors.md lists every message
    of the program, tests/docs/test_messages.py checks that)."""
    source = Path(__file__).read_text(encoding="utf-8").split("TEMPLATES = [")[0]
    joined = re.sub(r"[\"']\s*\n\s*f?[\"']", "", source)  # implicit concatenation undone
    joined = joined.replace('\\"', '"').replace("\\'", "'")
    untested = [t for t in TEMPLATES if t not in joined]
    assert untested == []


# --- a device or pipe as the output: written to, never replaced -----------------------------

FIFO_COMMANDS = {
    **OUTPUT_COMMANDS,
    "init": ["init", "--year", "2025"],
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("command", list(FIFO_COMMANDS))
def test_a_pipe_as_output_is_written_to_and_stays_a_pipe(
    command: str,
    force: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As `-o /dev/null` or `-o /dev/stdout` would be: replacing the device by a file would
    break it for every other program (a pipe stands in for them here)."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with pipe.open("rb") as reader:
            received.append(reader.read())

    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(read)
        args = FIFO_COMMANDS[command]
        target = [str(pipe)] if command == "init" else ["-o", str(pipe)]
        code, _, err = cli(
            [*args, *target, *(["--force"] if force else [])], monkeypatch, capsys, CORPUS
        )
        if code != 0:
            with pipe.open("wb"):  # let the reader finish
                pass
        reading.result(timeout=30)
    assert "error" not in err and code in (0, 1), err
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received[0]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["init", "--year", "2025", "/dev/full", "--force"],
        ["run", "SEED", "-o", "/dev/full", "--force", "--format", "json"],
        ["run", "EXAMPLES", "-o", "/dev/full", "--force", "--format", "csv"],
    ],
    ids=["init", "run", "batch"],
)
def test_a_device_that_is_full_is_a_clear_error(args: list[str], capsys) -> None:
    # /dev/full is a device: score writes to it (never replaces it), and every write fails
    from jixiao import cli

    examples = ROOT / "examples"
    seed = str(examples / "luquan-cppcc-2025.toml")
    argv = [seed if a == "SEED" else str(examples) if a == "EXAMPLES" else a for a in args]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "/dev/full" in err and "no space left on device; nothing was written" in err
    assert "internal error" not in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
