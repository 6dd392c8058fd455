"""Where the tests find the project's files, whichever folder of tests/ they are in."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "luquan-cppcc-2025.toml"  # the seed department, 鹿泉区政协 2025
RULESET_2025 = ROOT / "rulesets" / "2025.toml"
CORPUS = TESTS / "hostile" / "corpus"
CASES = TESTS / "batch" / "cases"
INVALID_RULESETS = TESTS / "ruleset" / "invalid"
PLUGIN_FROM_DOCS = TESTS / "plugins" / "from_docs"
SATISFACTION = EXAMPLES / "plugins" / "jixiao-satisfaction"
