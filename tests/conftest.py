"""Shared fixtures: the installed registry and the bundled 2025 ruleset, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import ROOT

from jixiao.engine import api
from jixiao.engine.plugins.registry import Registry
from jixiao.engine.ruleset.model import Ruleset

EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the language a user gets by default, whatever the shell running
    the tests has set: Chinese."""
    monkeypatch.delenv("SCORE_LANG", raising=False)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line in English ($SCORE_LANG=en): for a module whose assertions read the
    messages in English (`pytestmark = pytest.mark.usefixtures("english")`)."""
    monkeypatch.setenv("SCORE_LANG", "en")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default a user gets: no $SCORE_LANG, so Chinese."""
    monkeypatch.delenv("SCORE_LANG", raising=False)


@pytest.fixture(scope="session")
def registry() -> Registry:
    return api.load_registry()


@pytest.fixture(scope="session")
def ruleset_2025(registry: Registry) -> Ruleset:
    return api.load_ruleset("2025", registry=registry)


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
