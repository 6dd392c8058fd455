"""Variants of the seed department for batch tests, each with a hand-checked total.

甲 is the seed under another name (79.43 良好). 乙 does not enforce its asset rules (3.1 loses 1:
78.43 良好). 丙 also dates and completes both disclosures and publishes its self-evaluation
(2.1–2.3 score 10 more: 89.43 优秀) and claims 95. 丁 states no performance targets (5.1 scores
zero: 64.43 一般) and claims 90 and 优秀.
"""

from __future__ import annotations

from pathlib import Path

from paths import SEED

DISCLOSED = (
    "approved_on = 2025-01-10\npublished_on = 2025-01-20\nsangong_total = true\n"
    "sangong_by_item = true\nperformance_targets = true\nempty_tables_explained = true\n"
)


def _renamed(text: str, name: str, code: str) -> str:
    return text.replace('name = "鹿泉区政协"', f'name = "{name}"', 1).replace(
        '"LQ-ZX-001"', f'"{code}"', 1
    )


def department(which: str) -> str:
    text = SEED.read_text(encoding="utf-8")
    if which == "甲":
        return _renamed(text, "甲单位", "A-01")
    if which == "乙":
        text = text.replace("rules_enforced = true", "rules_enforced = false", 1)
        return _renamed(text, "乙单位", "B-02")
    if which == "丙":
        text = text.replace("[disclosure]\n", "[disclosure]\nself_evaluation_published = true\n", 1)
        text = text.replace("[disclosure.budget]\n", "[disclosure.budget]\n" + DISCLOSED, 1)
        text = text.replace(
            "[disclosure.final_accounts]\n", "[disclosure.final_accounts]\n" + DISCLOSED, 1
        )
        text = text.replace('grade = "优秀"', 'total = 95\ngrade = "优秀"', 1)
        return _renamed(text, "丙单位", "C-03")
    if which == "丁":
        start, end = text.index("[[targets]]"), text.index("# 四、项目自评")
        text = text[:start] + text[end:]
        text = text.replace('grade = "优秀"', 'total = 90\ngrade = "优秀"', 1)
        return _renamed(text, "丁单位", "D-04")
    raise KeyError(which)


TOTALS = {"甲": "79.43", "乙": "78.43", "丙": "89.43", "丁": "64.43"}
GRADES = {"甲": "良好", "乙": "良好", "丙": "优秀", "丁": "一般"}


def write_batch(folder: Path) -> dict[str, Path]:
    """The four departments as files (丁 in a subfolder) plus two broken files."""
    (folder / "sub").mkdir(parents=True, exist_ok=True)
    paths = {
        "甲": folder / "a.toml",
        "乙": folder / "b.toml",
        "丙": folder / "c.toml",
        "丁": folder / "sub" / "d.toml",
    }
    for which, path in paths.items():
        path.write_text(department(which), encoding="utf-8")
    (folder / "broken.toml").write_text("[department\nname = 1\n", encoding="utf-8")
    (folder / "sub" / "typo.toml").write_text(
        department("甲").replace("[budget]\n", "[budget]\nadjustd = 1\n", 1), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("not scored: not a .toml file", encoding="utf-8")
    return paths
