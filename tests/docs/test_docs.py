"""The user documentation cannot drift from the code: every field, rule kind, parameter and JSON
key the program knows is documented, and the facts template scores cleanly."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from paths import ROOT

from jixiao.engine import api
from jixiao.engine.facts.fields import Section
from jixiao.engine.facts.schema import CORE_SECTIONS
from jixiao.engine.plugins.registry import Registry
from jixiao.report.json_report import scorecard_dict

DOCS = ROOT / "docs"
TEMPLATE = DOCS / "facts-template.toml"
HEADING = re.compile(r"^#+ .*$", re.MULTILINE)
NAME = re.compile(r"`\[{0,2}([\w.]+)\]{0,2}`")


def sections_of(text: str) -> dict[str, str]:
    """The text under each heading, by every `[section]` or `rule_kind` the heading names."""
    headings = list(HEADING.finditer(text))
    parts: dict[str, str] = {}
    for heading, after in zip(headings, [*headings[1:], None], strict=True):
        body = text[heading.end() : after.start() if after is not None else len(text)]
        for name in NAME.findall(heading.group()):
            parts[name] = parts.get(name, "") + body
    return parts


def all_sections(registry: Registry) -> list[Section]:
    return [*CORE_SECTIONS, *registry.sections.values()]


def test_facts_md_embeds_the_template() -> None:
    text = (DOCS / "facts.md").read_text(encoding="utf-8")
    block = text.split("```toml\n")[-1].split("```")[0]
    assert block == TEMPLATE.read_text(encoding="utf-8")


def test_facts_md_documents_every_field_under_its_section(registry: Registry) -> None:
    parts = sections_of((DOCS / "facts.md").read_text(encoding="utf-8"))
    for section in all_sections(registry):
        assert section.name in parts, f"docs/facts.md has no heading for [{section.name}]"
        for field in section.fields:
            assert f"| `{field.name}` |" in parts[section.name], (
                f"docs/facts.md does not document {section.name}.{field.name}"
            )


def test_rulesets_md_documents_every_rule_kind_and_parameter(registry: Registry) -> None:
    parts = sections_of((DOCS / "rulesets.md").read_text(encoding="utf-8"))
    for name, kind in registry.rule_kinds.items():
        assert name in parts, f"docs/rulesets.md has no heading for rule kind {name}"
        for param in kind.params:
            assert f"| `{param.name}` |" in parts[name], (
                f"docs/rulesets.md does not document parameter {param.name} of {name}"
            )


def test_rulesets_md_lists_every_measure_of_every_indicator(registry: Registry) -> None:
    parts = sections_of((DOCS / "rulesets.md").read_text(encoding="utf-8"))
    for indicator in registry.indicators.values():
        assert indicator.id in parts, f"docs/rulesets.md has no heading for {indicator.id}"
        for measure in indicator.measures:
            assert f"| `{measure.id}` |" in parts[indicator.id]


def keys_of(value: Any, path: str = "") -> Iterator[str]:
    """Every key of the JSON output, except measure ids and checklist item names."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if path.endswith(("measures", ".items")):  # measure ids, checklist item names
                yield from keys_of(inner, path + ".*")
                continue
            yield key
            yield from keys_of(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from keys_of(inner, path)


@pytest.mark.parametrize(
    "example", ["luquan-cppcc-2025.toml", "luquan-social-work-2025.toml", "wuji-housing-2025.toml"]
)
def test_output_md_documents_every_json_key(example: str, examples_dir: Path) -> None:
    text = (DOCS / "output.md").read_text(encoding="utf-8")
    card = api.score_file(examples_dir / example)
    output = json.loads(json.dumps(scorecard_dict(card)))
    undocumented = sorted({key for key in keys_of(output) if f"`{key}`" not in text})
    assert undocumented == []
    codes = {finding["code"] for finding in output["findings"]}
    assert all(f"`{code}`" in text for code in codes)


def test_readme_lists_every_user_doc() -> None:
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in ("facts.md", "rulesets.md", "output.md", "examples.md"):
        assert f"(docs/{name})" in readme


def test_rulesets_md_lists_every_top_level_key_of_a_ruleset() -> None:
    from jixiao.engine.ruleset.load import TOP_KEYS

    text = (DOCS / "rulesets.md").read_text(encoding="utf-8")
    table = text[text.index("### Top-level keys") : text.index("### Rounding")]
    listed = set(re.findall(r"^\| `(\w+)`", table, re.MULTILINE))
    listed |= set(re.findall(r"^\| `\w+`, `(\w+)`", table, re.MULTILINE))
    assert listed == {*TOP_KEYS, "extends", "remove"}
