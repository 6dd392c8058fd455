"""docs/plugins.md documents every hook, every type a plugin uses, and its tutorial is real."""

from __future__ import annotations

import inspect
import re

import pytest
from paths import ROOT

from jixiao.engine import hookspecs, plugin_api
from jixiao.engine.facts.fields import FIELD_TYPES
from jixiao.engine.measures.types import MEASURE_TYPES
from jixiao.engine.rules.base import PARAM_TYPES

DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = [
    name
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if hasattr(function, f"{hookspecs.PROJECT}_spec")
]


def _blocks() -> dict[str, str]:
    """Code blocks of the page that carry a title="..." (the files they stand for)."""
    found = re.findall(r'```\w+ title="([^"]+)"\n(.*?)```', DOC, flags=re.S)
    return dict(found)


def test_the_hooks_are_found():
    assert HOOKS == ["score_indicators", "score_measure_kinds", "score_rule_kinds"]


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_its_signature(name):
    spec = getattr(hookspecs, name)
    returns = inspect.signature(spec).return_annotation
    assert f"\n### {name}\n" in DOC, f"docs/plugins.md has no section '### {name}'"
    assert f"def {name}() -> {returns}:" in DOC, f"docs/plugins.md lacks {name}'s signature"
    assert spec.__doc__ and len(spec.__doc__) > 200, f"{name} needs a reference docstring"


@pytest.mark.parametrize("kind", FIELD_TYPES)
def test_every_field_type_is_documented(kind):
    assert f"| `{kind}` |" in DOC


@pytest.mark.parametrize("kind", [t.__name__ for t in MEASURE_TYPES])
def test_every_measure_type_is_documented(kind):
    assert f"| `{kind}` |" in DOC


@pytest.mark.parametrize("kind", PARAM_TYPES)
def test_every_parameter_type_is_documented(kind):
    assert f"| `{kind}` |" in DOC


@pytest.mark.parametrize("name", plugin_api.__all__)
def test_every_name_of_the_plugin_api_is_documented(name):
    assert f"`{name}`" in DOC


@pytest.mark.parametrize(
    "name", ["pyproject.toml", "jixiao_staffing/__init__.py", "test_jixiao_staffing.py"]
)
def test_the_tutorial_is_the_plugin_tested_from_the_docs(name):
    """tests/plugins/from_docs holds exactly the tutorial's files; the install test scores it."""
    written = (ROOT / "tests" / "plugins" / "from_docs" / name).read_text(encoding="utf-8")
    assert _blocks()[name] == written


def test_the_rule_kind_shown_is_the_example_plugins():
    source = ROOT / "examples" / "plugins" / "jixiao-satisfaction" / "jixiao_satisfaction"
    assert _blocks()["jixiao_satisfaction/rules.py"] == (source / "rules.py").read_text("utf-8")
