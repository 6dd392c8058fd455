"""`score plugins --format json`: the registry as one JSON object with stable keys."""

from __future__ import annotations

from typing import Any

from jixiao.engine.errors import say
from jixiao.engine.plugins.registry import PluginInfo, Registry
from jixiao.report.words import json_text

SCHEMA_VERSION = 1


def _plugin(info: PluginInfo) -> dict[str, Any]:
    return {
        "name": info.name,
        "entry_point": info.value,
        "distribution": info.distribution,
        "version": info.version,
        "hooks": list(info.hooks),
        "indicators": list(info.indicators),
        "rule_kinds": list(info.rule_kinds),
        "measure_kinds": list(info.measure_kinds),
    }


def _provided_by(info: PluginInfo | None) -> dict[str, str | None]:
    """The plugin that provides an indicator or rule kind; None for each when none does."""
    if info is None:
        return {"plugin": None, "distribution": None, "version": None}
    return {"plugin": info.name, "distribution": info.distribution, "version": info.version}


def plugins_dict(registry: Registry, lang: str = "zh") -> dict[str, Any]:
    indicators = {}
    for indicator_id, indicator in sorted(registry.indicators.items()):
        info = registry.provider(indicator_id)
        indicators[indicator_id] = {
            "label": indicator.label.get(lang),
            **_provided_by(info),
            "sections": [section.name for section in indicator.sections],
            "measures": {m.id: m.type.__name__ for m in indicator.measures},
        }
    rule_kinds = {}
    for name, kind in sorted(registry.rule_kinds.items()):
        info = registry.kind_provider(name)
        rule_kinds[name] = {
            "label": kind.label.get(lang),
            **_provided_by(info),
            "accepts": [t.__name__ for t in kind.accepts],
            "deduction": kind.deduction,
            "params": [p.name for p in kind.params],
        }
    measure_kinds = {}
    for name, measure_kind in sorted(registry.measure_kinds.items()):
        info = registry.measure_kind_provider(name)
        measure_kinds[name] = {
            "label": measure_kind.label.get(lang),
            **_provided_by(info),
            "produces": measure_kind.produces.__name__,
            "facts": [ref.name for ref in measure_kind.facts],
            "params": [p.name for p in measure_kind.params],
        }
    return {
        "schema_version": SCHEMA_VERSION,
        "complete": not registry.failures,
        "plugins": [_plugin(info) for info in registry.plugins],
        "indicators": indicators,
        "rule_kinds": rule_kinds,
        "measure_kinds": measure_kinds,
        "failures": [
            {
                "plugin": f.plugin,
                "distribution": f.distribution,
                "version": f.version,
                "message": say(f.message, lang),
            }
            for f in registry.failures
        ],
    }


def render_plugins_json(registry: Registry, lang: str = "zh") -> str:
    return json_text(plugins_dict(registry, lang), indent=2)
