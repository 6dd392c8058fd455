"""Scoring keeps its words as data: a reason, a finding, a label is a message id with its values,
formatted only when a renderer shows it. A batch that keeps totals never formats a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.engine import api
from jixiao.engine.batch import score_paths
from jixiao.engine.words import message, render
from jixiao.report.json_report import render_json


def _refuse(*args: object, **kwargs: object) -> str:
    raise AssertionError("a message was formatted while scoring")


def test_scoring_every_example_formats_no_message(
    examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(examples_dir.glob("*.toml"))
    cards = [api.score_file(path) for path in paths]  # the registry and rulesets, loaded first
    monkeypatch.setattr(message.Message, "get", _refuse)
    monkeypatch.setattr(render, "render", _refuse)
    results = list(score_paths(paths))
    assert [r.total for r in results] == [card.total for card in cards]
    for path in paths:
        api.score_file(path)
    monkeypatch.undo()
    assert "按比例扣" in render_json(cards[0])  # shown, the words are there
