"""Rewrite tests/hostile/corpus/expected.toml from what `score run` answers today.

For maintainers, after a message changes on purpose or a corpus file is added:

    .venv/bin/python tests/hostile/corpus/update_expected.py
    git diff tests/hostile/corpus/expected.toml

Read the diff: every changed line is a message a user will see. A new error case needs its
template (the stable part of its message) in TEMPLATES below, and that text in docs/errors.md.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
SCORE = str(Path(sys.executable).parent / "score")

# the stable part of each case's message: docs/errors.md must explain every one of them
TEMPLATES = {
    "facts/absurd-number": "implausibly large: numbers here are below",
    "facts/bad-kind": "expected one of",
    "facts/bad-level": "expected one of",
    "facts/bool-as-chinese": "(write true for 是, false for 否)",
    "facts/comments-only": "is missing; it needs",
    "facts/dates-wrong-order": "before the approval on",
    "facts/deep-nesting": "is nested too deeply to be a TOML",
    "facts/dotted-keys": "found a negative number",
    "facts/duplicate-key": "this key or [section] is given twice; keep one",
    "facts/duplicate-projects": "give each a distinct name",
    "facts/duplicate-targets": "give each a distinct name",
    "facts/empty": "is empty; expected a TOML",
    "facts/findings-as-text": "expected a list of texts",
    "facts/gbk": "it looks like GBK/GB2312",
    "facts/huge-amount": "which is implausibly large",
    "facts/impossible-date": "not a real date; write YYYY-MM-DD",
    "facts/in-use-above-total": "assets in use are part of all fixed assets",
    "facts/inf-amount": "(not a finite number)",
    "facts/inline-table-mistake": "did you mean",
    "facts/long-integer": "holds a number with thousands of digits",
    "facts/many-problems": "write the number alone, without quotes or units",
    "facts/missing-equals": "write each value as key = value",
    "facts/missing-fields": "is required:",
    "facts/missing-section": "is missing; it needs",
    "facts/mistyped-key": "did you mean",
    "facts/na-in-bool": "expected true or false (without quotes)",
    "facts/nan-amount": "(not a finite number)",
    "facts/negative-amount": "found a negative number",
    "facts/nested-40": "levels deep; no field takes tables or lists this deep",
    "facts/no-actual": "or both basic_actual and project_actual",
    "facts/not-a-date": "expected a date such as 2025-02-10",
    "facts/not-toml": "each line is key = value, a [section] header, or a # comment",
    "facts/nul-byte": "is a binary file (it holds NUL bytes)",
    "facts/parts-disagree": "they must add up to actual",
    "facts/published-false-with-date": "is given but published = false",
    "facts/qualitative-with-numbers": "does not apply to a qualitative target",
    "facts/quantitative-no-target": "is required for a quantitative target",
    "facts/ruleset-as-facts": "not a department's facts file",
    "facts/self-score-above-100": "(above 100)",
    "facts/string-amount": "write the number alone, without quotes or units",
    "facts/syntax-error": "a quoted text is not closed on this line",
    "facts/table-for-array": "expected an array of tables written as",
    "facts/too-many-decimals": "decimal places; round it",
    "facts/unknown-section": "did you mean",
    "facts/unknown-target-key": "did you mean",
    "facts/year-as-text": "expected a year from 2000 to 2100",
    "facts/year-out-of-range": "expected a year from 2000 to 2100",
    "facts/missing-file": "no such file",
    "facts/control-characters": "holds control characters (such as ESC)",
    "rulesets/absurd-number": "implausibly large: numbers here are below",
    "rulesets/bad-rounding": "is 四舍五入",
    "rulesets/code-in-kind": "unknown rule kind",
    "rulesets/empty": "is empty; expected a TOML",
    "rulesets/facts-as-ruleset": "not a ruleset",
    "rulesets/format-2": "this version of score reads ruleset format",
    "rulesets/grade-gap": "the bands leave a gap",
    "rulesets/grade-overlap": "overlap from",
    "rulesets/include-a-file": "unknown key",
    "rulesets/missing-indicator": "no installed plugin provides indicator",
    "rulesets/mistyped-rule-kind": "unknown rule kind",
    "rulesets/mistyped-top-key": "is required: a number, e.g.",
    "rulesets/nan-weight": "expected a number, found",
    "rulesets/negative-points": "expected a number ≥ 0",
    "rulesets/no-grades": "is required: grade bands written as [[grades]]",
    "rulesets/points-not-weight": "make them equal",
    "rulesets/rule-missing": "is required: a table such as",
    "rulesets/string-points": "expected a number, found",
    "rulesets/syntax-error": "one key = value per line",
    "rulesets/then-not-deduction": "cannot follow another rule",
    "rulesets/tier-too-rich": "more than the sub-indicator's",
    "rulesets/too-many-decimals": "decimal places",
    "rulesets/unknown-measure": "unknown measure",
    "rulesets/unknown-parameter": "unknown parameter of rule kind",
    "rulesets/weights-not-100": "change the weights so that they total 100",
    "rulesets/missing-file": "no such ruleset file",
    "rulesets/directory": "is a directory, expected a TOML",
    "rulesets/rule-without-measure": "is required: the rule kind in quotes",
    "rulesets/checklist-short": "items add up to",
    "rulesets/no-measure": "is required: the measure this rule scores",
    "rulesets/unknown-name": "there is no ruleset named",
    "rulesets/extends-cycle-a": "rulesets extend each other in a cycle",
    "rulesets/extends-cycle-b": "rulesets extend each other in a cycle",
    "rulesets/extends-missing": "was found (next to this file or on the search path",
    "rulesets/extends-missing-path": "the parent file",
    "rulesets/remove-missing": "is not in the resolved ruleset",
}


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


def main() -> None:
    out = [
        "# What `score run` must answer for each corpus file (tests/test_corpus.py checks it).",
        "# Written by update_expected.py; review every change to it as a change users see.",
        "# args: the arguments after `score run`, run from tests/hostile/corpus;",
        "# exit: the exit code;",
        "# stderr: lines that must appear exactly (file:line: field: message);",
        "# template: the part of the message docs/errors.md must explain;",
        "# findings: finding codes a merely unusual file that scores must report (JSON output).",
        "",
    ]
    for name, args, description in cases():
        done = subprocess.run(
            [SCORE, "run", *args, "--format", "json"],
            capture_output=True,
            text=True,
            cwd=CORPUS,
            check=False,
        )
        out += [
            "[[case]]",
            f"name = {quoted(name)}",
            f"about = {quoted(description)}",
            f"args = {quoted(args)}",
            f"exit = {done.returncode}",
        ]
        if done.returncode == 2:
            lines = "".join(f"    {quoted(line)},\n" for line in done.stderr.splitlines() if line)
            out.append(f"stderr = [\n{lines}]")
            template = TEMPLATES[name]
            if template not in done.stderr:
                raise SystemExit(f"{name}: the template {template!r} is not in its message")
            out.append(f"template = {quoted(template)}")
        elif done.returncode == 0:
            codes = sorted({f["code"] for f in json.loads(done.stdout)["findings"]})
            out.append(f"findings = {quoted(codes)}")
        else:
            raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr}")
        out.append("")
    (CORPUS / "expected.toml").write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    main()
