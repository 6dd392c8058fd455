"""The scorecard as one JSON object (`--format json`): stable keys, scores as decimal strings."""

from __future__ import annotations

from typing import Any

from jixiao import __version__
from jixiao.engine.errors import say
from jixiao.engine.findings import Finding
from jixiao.engine.numbers import fixed, plain
from jixiao.engine.scoring.results import DimensionResult, GroupResult, Scorecard, SubResult
from jixiao.report.words import json_text

SCHEMA_VERSION = 2  # 2: a dimension's 二级 `groups`, and each row's `group`


def _score(value: Any, places: int) -> str | None:
    return None if value is None else fixed(value, places)


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "level": finding.level,
        "code": finding.code,
        "message": finding.message.get(lang),
        "message_id": message_id(finding.message),
        "where": finding.where,
        "label": None if finding.label is None else finding.label.get(lang),
    }


def message_id(words: object) -> str | None:
    """The id of a message of the program (docs/errors.md lists them); None for a plugin's
    own words written out as text."""
    ident = getattr(words, "id", None)
    return ident if isinstance(ident, str) else None


def _sub(sub: SubResult, lang: str, places: int) -> dict[str, Any]:
    return {
        "id": sub.id,
        "code": sub.code,
        "label": sub.label.get(lang),
        "points": fixed(sub.points, places),
        "score": _score(sub.score, places),
        "status": sub.status,
        "rule": sub.rule.get(lang),
        "measures": {
            view.id: {"label": view.label.get(lang), "text": view.text.get(lang), **view.data}
            for view in sub.measures
        },
        "deductions": [
            {
                "points": plain(d.points),
                "reason": d.reason.get(lang),
                "reason_id": message_id(d.reason),
            }
            for d in sub.deductions
        ],
        "na_reason": None if sub.na_reason is None else sub.na_reason.get(lang),
    }


def _group(group: GroupResult, lang: str, places: int) -> dict[str, Any]:
    return {
        "id": group.id,
        "label": group.label.get(lang),
        "points": fixed(group.points, places),
        "score": _score(group.score, places),
        "status": group.status,
        "rebased": group.rebased,
        "na_reason": None if group.na_reason is None else group.na_reason.get(lang),
        "subindicators": [sub.code for sub in group.subindicators],
    }


def _dimension(dim: DimensionResult, lang: str, places: int) -> dict[str, Any]:
    group_of = {sub.id: group.id for group in dim.groups for sub in group.subindicators}
    return {
        "id": dim.id,
        "label": dim.label.get(lang),
        "weight": fixed(dim.weight, places),
        "score": _score(dim.score, places),
        "status": dim.status,
        "rebased": dim.rebased,
        "na_reason": None if dim.na_reason is None else dim.na_reason.get(lang),
        "groups": [_group(group, lang, places) for group in dim.groups],
        "subindicators": [
            {**_sub(sub, lang, places), "group": group_of.get(sub.id)} for sub in dim.subindicators
        ],
    }


def scorecard_dict(card: Scorecard, lang: str = "zh") -> dict[str, Any]:
    places = card.places
    return {
        "schema_version": SCHEMA_VERSION,
        "engine": {"name": "jixiao", "version": __version__},
        "source": card.source,
        "department": {
            "name": card.department.name,
            "code": card.department.code,
            "year": card.department.year,
        },
        "ruleset": {
            "id": card.ruleset.id,
            "year": card.ruleset.year,
            "title": card.ruleset.title.get(lang),
            "sha256": card.ruleset.sha256,
        },
        "complete": card.complete,
        "total": fixed(card.total, places),
        "grade": card.grade.label.get(lang),
        "dimensions": [_dimension(dim, lang, places) for dim in card.dimensions],
        "findings": [_finding(f, lang) for f in card.all_findings()],
        "plugin_failures": [
            {"plugin": f.plugin, "distribution": f.distribution, "message": say(f.message, lang)}
            for f in card.plugin_failures
        ],
    }


def render_json(card: Scorecard, lang: str = "zh") -> str:
    return json_text(scorecard_dict(card, lang), indent=2)
