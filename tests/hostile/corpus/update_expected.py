"""Rewrite tests/hostile/corpus/expected.toml from what `score run` answers today.

For maintainers, after a message changes on purpose or a corpus file is added:

    .venv/bin/python tests/hostile/corpus/update_expected.py
    git diff tests/hostile/corpus/expected.toml

Read the diff: every changed line is a message a user will see, in Chinese (`stderr`) and in
English (`stderr_en`). `ids` are the ids of the messages; docs/errors.md explains every one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from jixiao import cli
from jixiao.engine.errors import InputError

CORPUS = Path(__file__).resolve().parent
SCORE = str(Path(sys.executable).parent / "score")


DESCRIBED = {  # files that cannot carry a "# corpus:" header line
    "facts/empty.toml": "an empty file",
    "facts/not-toml.toml": "a CSV export, not TOML",
    "facts/crlf.toml": "Windows line endings",
    "facts/bom.toml": "a UTF-8 BOM, as Windows editors write",
    "facts/gbk.toml": "saved in GBK",
    "facts/nul-byte.toml": "a NUL byte",
    "rulesets/empty.toml": "an empty ruleset",
    "facts/ruleset-as-facts.toml": "the 2025 ruleset passed as the facts file",
}


def about(path: str) -> str:
    file = CORPUS / path
    head = file.read_bytes()[:300].decode("utf-8", "replace").lstrip("\ufeff")
    match = re.match(r"# corpus: (.*)", head)
    return match.group(1) if match else DESCRIBED.get(path, "")


def cases() -> list[tuple[str, list[str], str]]:
    found = []
    for file in sorted((CORPUS / "facts").glob("*.toml")):
        path = f"facts/{file.name}"
        found.append((f"facts/{file.stem}", [path], about(path)))
    found.append(("facts/missing-file", ["facts/no-such-file.toml"], "a file that does not exist"))
    for file in sorted((CORPUS / "rulesets").glob("*.toml")):
        path = f"rulesets/{file.name}"
        found.append((f"rulesets/{file.stem}", ["good.toml", "--ruleset", path], about(path)))
    found += [
        (
            "rulesets/missing-file",
            ["good.toml", "--ruleset", "rulesets/no-such-file.toml"],
            "a ruleset path that does not exist",
        ),
        ("rulesets/directory", ["good.toml", "--ruleset", "rulesets/"], "a folder as the ruleset"),
        ("rulesets/unknown-name", ["good.toml", "--ruleset", "2052"], "a ruleset name unknown"),
    ]
    return found


def quoted(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def message_ids(args: list[str]) -> list[str]:
    """The ids of the messages of the problems `score run ARGS` reports, in their order."""
    found: list[str] = []
    report = cli.report_problems

    def keep(error: InputError, lang: str = "zh") -> None:
        found.extend(getattr(p.message, "id", "") for p in error.problems)
        report(error, lang)

    cli.report_problems = keep  # type: ignore[assignment]
    cwd = os.getcwd()
    try:
        os.chdir(CORPUS)
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            cli.main(["run", *args, "--format", "json"])
    finally:
        os.chdir(cwd)
        cli.report_problems = report  # type: ignore[assignment]
    return found


def run(args: list[str], lang: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SCORE, "run", *args, "--format", "json", "--lang", lang],
        capture_output=True,
        text=True,
        cwd=CORPUS,
        check=False,
    )


def main() -> None:
    out = [
        "# What `score run` must answer for each corpus file (tests/test_corpus.py checks it).",
        "# Written by update_expected.py; review every change to it as a change users see.",
        "# args: the arguments after `score run`, run from tests/hostile/corpus;",
        "# exit: the exit code;",
        "# stderr, stderr_en: the lines it prints, in Chinese (the default) and in English;",
        "# ids: the ids of those messages, each explained in docs/errors.md;",
        "# findings: finding codes a merely unusual file that scores must report (JSON output).",
        "",
    ]
    unnamed: list[str] = []
    for name, args, description in cases():
        done, english = run(args, "zh"), run(args, "en")
        out += [
            "[[case]]",
            f"name = {quoted(name)}",
            f"about = {quoted(description)}",
            f"args = {quoted(args)}",
            f"exit = {done.returncode}",
        ]
        if done.returncode == 2:
            for key, result in (("stderr", done), ("stderr_en", english)):
                lines = "".join(
                    f"    {quoted(line)},\n" for line in result.stderr.splitlines() if line
                )
                out.append(f"{key} = [\n{lines}]")
            ids = message_ids(args)
            if "" in ids:
                unnamed.append(f"{name}: a problem without a message id: {done.stderr}")
            out.append(f"ids = {quoted(ids)}")
        elif done.returncode == 0:
            codes = sorted({f["code"] for f in json.loads(done.stdout)["findings"]})
            out.append(f"findings = {quoted(codes)}")
        else:
            raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr}")
        out.append("")
    if unnamed:
        raise SystemExit("\n".join(unnamed))
    (CORPUS / "expected.toml").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
