"""The corpus of bad and unusual inputs: each file's exit code and exact message (file, line,
field, what was expected), the whole corpus through the real `score` command without a
traceback, limits, and inputs left untouched."""

from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from paths import CORPUS, ROOT

from jixiao.cli import main
from jixiao.engine import api
from jixiao.engine.errors import InputError
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.tomlfile import MAX_FILE_BYTES
from jixiao.indicators.output_targets import MAX_PROJECTS, MAX_TARGETS

CASES: list[dict[str, Any]] = tomllib.loads((CORPUS / "expected.toml").read_text())["case"]
ERRORS_DOC = ROOT / "docs" / "errors.md"


def run_in_process(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.chdir(CORPUS)
    code = main(["run", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_corpus_case(
    case: dict[str, Any],
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [*case["args"], "--format", "json", "--lang", lang]
    code, out, err = run_in_process(args, monkeypatch, capsys)
    assert code == case["exit"], err
    if case["exit"] == 2:
        expected = case["stderr"] if lang == "zh" else case["stderr_en"]
        assert err.splitlines() == expected, "every problem is expected, and no more"
        assert out == ""
    else:
        assert err == ""
        findings = {f["code"] for f in json.loads(out)["findings"]}
        assert findings == set(case["findings"])


def test_chinese_is_the_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = next(c for c in CASES if c["name"] == "facts/mistyped-key")
    code, _, err = run_in_process(case["args"], monkeypatch, capsys)
    assert (code, err.splitlines()) == (2, case["stderr"])


def test_score_lang_selects_english(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SCORE_LANG", "en")
    case = next(c for c in CASES if c["name"] == "facts/mistyped-key")
    code, _, err = run_in_process(case["args"], monkeypatch, capsys)
    assert (code, err.splitlines()) == (2, case["stderr_en"])


def test_corpus_cases_cover_every_file() -> None:
    named = {arg for case in CASES for arg in case["args"]}
    files = {f"{p.parent.name}/{p.name}" for p in CORPUS.glob("*/*.toml")}
    assert files <= named


def test_every_error_names_the_file_and_a_line_where_the_file_has_one() -> None:
    for case in CASES:
        for line in case.get("stderr_en", []):
            assert line.startswith("error: ")
            where = line.removeprefix("error: ")
            named = [a for a in case["args"] if a.startswith(("facts", "rulesets", "good"))]
            if case["name"].startswith("rulesets/extends-cycle-"):  # the file that closes it
                named.append("rulesets/extends-cycle-")
            assert any(where.startswith(name.rstrip("/")) for name in named) or where.startswith(
                "--ruleset"
            )


LINELESS = {  # the whole file is at fault, or the field is absent from it, so there is no line
    "facts/empty",
    "facts/comments-only",
    "facts/gbk",
    "facts/nul-byte",
    "facts/missing-section",
    "facts/ruleset-as-facts",
    "facts/missing-file",
    "rulesets/empty",
    "rulesets/facts-as-ruleset",
    "rulesets/no-grades",
    "rulesets/missing-file",
    "rulesets/directory",
    "rulesets/unknown-name",
}


@pytest.mark.parametrize("case", [c for c in CASES if c["exit"] == 2], ids=lambda c: c["name"])
def test_problems_give_a_line(case: dict[str, Any]) -> None:
    for line in case["stderr_en"]:
        where = line.removeprefix("error: ").split(": ", 1)[0]
        has_line = where.rsplit(":", 1)[-1].isdigit()
        assert has_line == (case["name"] not in LINELESS), line


def test_every_message_of_the_corpus_is_explained() -> None:
    """docs/errors.md says what each corpus message means and how to fix it, above the catalog
    that merely lists every message."""
    guide = ERRORS_DOC.read_text(encoding="utf-8").split("<!-- catalog")[0]
    ids = sorted({i for c in CASES for i in c.get("ids", [])})
    assert [i for i in ids if f"`{i}`" not in guide] == []


def test_whole_corpus_through_the_real_command_prints_no_traceback() -> None:
    score = Path(sys.executable).parent / "score"
    env = {**os.environ, "SCORE_DEBUG": ""}

    def run(case: dict[str, Any]) -> tuple[str, int, str]:
        done = subprocess.run(
            [str(score), "run", *case["args"], "--lang", "en"],
            cwd=CORPUS,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        return case["name"], done.returncode, done.stdout + done.stderr

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(run, CASES))
    expected = {c["name"]: c["exit"] for c in CASES}
    for name, code, output in results:
        assert "Traceback" not in output, name
        assert "internal error" not in output, name
        assert code == expected[name], name


# --- limits and cases that need a file made on the spot ---------------------------------------

GOOD = (CORPUS / "good.toml").read_text(encoding="utf-8")


def _score(path: Path, registry: Registry) -> InputError:
    with pytest.raises(InputError) as caught:
        api.load_facts(path, registry)
    return caught.value


def test_file_over_the_size_limit(tmp_path: Path, registry: Registry) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as out:  # sparse: the size is checked before anything is read
        out.truncate(50 * 1024 * 1024)
    error = _score(big, registry)
    assert [p.render("en") for p in error.problems] == [
        f"{big}: is 52,428,800 bytes; a facts file is at most {MAX_FILE_BYTES:,} bytes"
    ]


def test_endless_device_is_refused_without_reading_it(registry: Registry) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    error = _score(Path("/dev/zero"), registry)
    assert [p.render("en") for p in error.problems] == [
        "/dev/zero: is a device, not a regular file; expected a TOML facts file"
    ]


def test_file_just_under_the_size_limit_is_read(tmp_path: Path, registry: Registry) -> None:
    padded = tmp_path / "padded.toml"
    padding = "#" * 1000 + "\n"
    text = GOOD + padding * ((MAX_FILE_BYTES - len(GOOD.encode())) // len(padding))
    padded.write_text(text, encoding="utf-8")
    assert padded.stat().st_size <= MAX_FILE_BYTES
    assert api.load_facts(padded, registry).department.name == "示例局"


def test_unreadable_file(tmp_path: Path, registry: Registry) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        readable = os.access(locked, os.R_OK)  # true for root, whom chmod does not stop
        if readable:
            pytest.skip("running as a user who can read a chmod 000 file")
        error = _score(locked, registry)
    finally:
        locked.chmod(0o600)
    assert [p.render("en") for p in error.problems] == [
        f"{locked}: cannot be read: permission denied"
    ]


def test_unreadable_file_even_as_root(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.toml"
    locked.write_text(GOOD, encoding="utf-8")

    real = builtins.open

    def refuse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refuse)
    error = _score(locked, registry)
    assert [p.render("en") for p in error.problems] == [
        f"{locked}: cannot be read: permission denied"
    ]


def _records(name: str, count: int, fields: str) -> str:
    return "".join(f'\n[[{name}]]\nname = "{name} {i}"\n{fields}\n' for i in range(count))


def test_too_many_targets(tmp_path: Path, registry: Registry) -> None:
    facts = tmp_path / "many.toml"
    head = GOOD.split("[[targets]]")[0]
    facts.write_text(head + _records("targets", MAX_TARGETS + 1, 'kind = "qualitative"'))
    error = _score(facts, registry)
    line = head.count("\n") + 2
    assert [p.render("en") for p in error.problems] == [
        f"{facts}:{line}: Performance targets (targets): has {MAX_TARGETS + 1} entries; "
        f"at most {MAX_TARGETS} "
        "are accepted"
    ]


def test_as_many_targets_as_allowed(tmp_path: Path, registry: Registry) -> None:
    facts = tmp_path / "many.toml"
    head = GOOD.split("[[targets]]")[0]
    facts.write_text(head + _records("targets", MAX_TARGETS, 'kind = "qualitative"'))
    assert len(api.load_facts(facts, registry).records("targets")) == MAX_TARGETS


def test_too_many_projects(tmp_path: Path, registry: Registry) -> None:
    facts = tmp_path / "many.toml"
    head = GOOD.split("[[projects]]")[0]
    facts.write_text(head + _records("projects", MAX_PROJECTS + 1, "budget = 1"))
    error = _score(facts, registry)
    assert [p.text("en") for p in error.problems] == [
        f"has {MAX_PROJECTS + 1} entries; at most {MAX_PROJECTS} are accepted"
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["good.toml"],
        ["good.toml", "--format", "json"],
        ["facts/mistyped-key.toml"],
        ["good.toml", "--ruleset", "rulesets/weights-not-100.toml"],
    ],
)
def test_inputs_are_never_modified(
    args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [CORPUS / a for a in args if a.endswith(".toml")]
    before = [(f.read_bytes(), f.stat().st_mtime_ns) for f in files]
    listing = sorted(p.name for p in CORPUS.rglob("*"))
    run_in_process(args, monkeypatch, capsys)
    assert [(f.read_bytes(), f.stat().st_mtime_ns) for f in files] == before
    assert sorted(p.name for p in CORPUS.rglob("*")) == listing  # nothing written beside them


def test_rulesets_cannot_run_code() -> None:
    """No code path evaluates text from a file: no eval/exec/compile/import by name.

    Plugins are imported only through the entry points installed packages declare
    (importlib.metadata); no name from a ruleset or facts file reaches an import.
    """
    banned = re.compile(r"(?<![\w.])(eval|exec|compile)\(|__import__|import_module|pickle|marshal")
    for source in [*ROOT.glob("engine/**/*.py"), *ROOT.glob("indicators/*.py")]:
        text = source.read_text(encoding="utf-8")
        assert banned.findall(text) == [], source


def test_a_ruleset_reads_only_the_file_it_is(
    tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading a ruleset opens that one file and nothing else (no includes, no paths in it)."""
    ruleset = tmp_path / "r.toml"
    ruleset.write_text((ROOT / "rulesets" / "2025.toml").read_text(encoding="utf-8"))
    opened: list[str] = []
    real = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    api.load_ruleset(str(ruleset), registry=registry)
    assert opened == [str(ruleset)]


def test_a_flood_of_problems_is_cut_short(tmp_path: Path, registry: Registry) -> None:
    facts = tmp_path / "flood.toml"
    keys = "".join(f"k{i} = 1\n" for i in range(5000))
    facts.write_text(GOOD.replace("[budget]\n", "[budget]\n" + keys, 1), encoding="utf-8")
    problems = [p.render("en") for p in _score(facts, registry).problems]
    assert len(problems) == 51
    assert problems[0] == (
        f"{facts}:8: budget.k0: unknown key 'k0' in [budget]; expected one of: initial, "
        "adjusted, actual, basic_actual, project_actual, carry_over, sangong_budget, "
        "sangong_actual, public_funds_budget, public_funds_actual"
    )
    assert problems[-1] == f"{facts}: and 4950 more problems; fix the ones above first"


def test_a_number_out_of_bounds_is_reported_with_the_other_problems(
    tmp_path: Path, registry: Registry
) -> None:
    """All problems at once: an absurd number no longer stops the read before the fields are
    checked; it is named once, in line order among the others, and nothing computes with it."""
    facts = tmp_path / "many.toml"
    text = (
        GOOD.replace("adjusted = 1200", "adjusted = 1e400", 1)
        .replace("actual = 1140", "actual = 1140\nactul = 5", 1)
        .replace('code = "SL-001"\n', "", 1)
    )
    facts.write_text(text + "\n[extra]\nnumbers = [1, 2e30]\n", encoding="utf-8")
    problems = [p.render("en") for p in _score(facts, registry).problems]
    lines = {line: n for n, line in enumerate(text.splitlines(), start=1)}
    extra = len(text.splitlines()) + 2  # the line of [extra]
    large = "implausibly large: numbers here are below 1,000,000,000,000,000 (amounts are in 万元)"
    assert problems == [
        f"{facts}:2: department code (department.code): is required: text in quotes",
        f"{facts}:{lines['adjusted = 1e400']}: adjusted budget (budget.adjusted): "
        f"is 1E+400, {large}",
        f"{facts}:{lines['actul = 5']}: budget.actul: unknown key 'actul' in [budget]; "
        "did you mean 'actual'?",
        f"{facts}:{extra}: extra: unknown key 'extra' in the top level; expected one of: "
        "department, self_evaluation, assets, budget, disclosure, internal_controls, targets, "
        "projects",
        f"{facts}:{extra + 1}: extra.numbers[1]: is 2E+30, {large}",
    ]
