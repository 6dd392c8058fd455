"""Finding and loading plugins: every entry point on its own, failures kept by name.

One broken plugin never takes the others down: an import error, a hook that raises or a hook
that returns the wrong thing becomes a PluginFailure that the CLI reports (exit code 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import field, frozen

from . import hookspecs
from .indicator import Indicator
from .model import PluginFailure
from .rules.base import RuleKind
from .schema import Section, merge_sections


@frozen
class PluginInfo:
    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    indicators: tuple[str, ...] = ()
    rule_kinds: tuple[str, ...] = ()


@frozen
class Registry:
    """Everything the installed plugins provide, and what failed to load."""

    indicators: dict[str, Indicator]
    rule_kinds: dict[str, RuleKind]
    plugins: tuple[PluginInfo, ...]
    failures: tuple[PluginFailure, ...] = ()
    sections: dict[str, Section] = field(factory=dict)

    def provider(self, indicator_id: str) -> PluginInfo | None:
        return next((p for p in self.plugins if indicator_id in p.indicators), None)


def _distribution(entry: EntryPoint) -> tuple[str | None, str | None]:
    dist = entry.dist
    if dist is None:
        return None, None
    return dist.metadata["Name"], dist.version


def load_registry(
    group: str = hookspecs.ENTRY_POINT_GROUP, extra: Iterable[tuple[str, Any]] = ()
) -> Registry:
    """Load every plugin of `group`, plus `extra` (name, module-or-object) pairs given directly."""
    manager = pluggy.PluginManager(hookspecs.PROJECT)
    manager.add_hookspecs(hookspecs)
    failures: list[PluginFailure] = []
    origins: dict[str, tuple[str | None, str | None]] = {}
    for entry in sorted(entry_points(group=group), key=lambda e: e.name):
        dist, version = _distribution(entry)
        try:
            plugin = entry.load()
            manager.register(plugin, name=entry.name)
        except Exception as error:  # any failure of third-party code is reported, not raised
            failures.append(PluginFailure(entry.name, dist, f"failed to load: {_why(error)}"))
            continue
        origins[entry.name] = (dist, version)
    for name, plugin in extra:
        try:
            manager.register(plugin, name=name)
        except Exception as error:
            failures.append(PluginFailure(name, None, f"failed to register: {_why(error)}"))
            continue
        origins[name] = (None, None)
    return _collect(manager, origins, failures)


def _why(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _collect(
    manager: pluggy.PluginManager,
    origins: dict[str, tuple[str | None, str | None]],
    failures: list[PluginFailure],
) -> Registry:
    indicators: dict[str, Indicator] = {}
    rule_kinds: dict[str, RuleKind] = {}
    provided: dict[str, dict[str, list[str]]] = {name: {} for name in origins}
    for hook_name, expected, into in (
        ("score_indicators", Indicator, indicators),
        ("score_rule_kinds", RuleKind, rule_kinds),
    ):
        for impl in getattr(manager.hook, hook_name).get_hookimpls():
            name = impl.plugin_name
            dist = origins.get(name, (None, None))[0]
            try:
                returned = impl.function()
            except Exception as error:
                failures.append(PluginFailure(name, dist, f"{hook_name} raised {_why(error)}"))
                continue
            if not isinstance(returned, list | tuple) or not all(
                isinstance(item, expected) for item in returned
            ):
                failures.append(
                    PluginFailure(
                        name,
                        dist,
                        f"{hook_name} must return a list of {expected.__name__}, "
                        f"returned {type(returned).__name__}",
                    )
                )
                continue
            for item in returned:
                key = item.id if isinstance(item, Indicator) else item.name
                if key in into:
                    failures.append(
                        PluginFailure(
                            name,
                            dist,
                            f"{hook_name}: {key!r} is already provided by another plugin",
                        )
                    )
                    continue
                into[key] = item
                provided[name].setdefault(hook_name, []).append(key)
    plugins = tuple(
        PluginInfo(
            name,
            dist,
            version,
            _hooks(manager, name),
            tuple(provided[name].get("score_indicators", ())),
            tuple(provided[name].get("score_rule_kinds", ())),
        )
        for name, (dist, version) in origins.items()
    )
    sections, section_failures = _sections(indicators)
    return Registry(indicators, rule_kinds, plugins, (*failures, *section_failures), sections)


def _hooks(manager: pluggy.PluginManager, name: str) -> tuple[str, ...]:
    plugin = manager.get_plugin(name)
    callers = manager.get_hookcallers(plugin) if plugin is not None else None
    return tuple(sorted(caller.name for caller in callers or ()))


def _sections(indicators: dict[str, Indicator]) -> tuple[dict[str, Section], list[PluginFailure]]:
    groups = [(indicator_id, indicator.sections) for indicator_id, indicator in indicators.items()]
    try:
        return merge_sections(groups), []
    except ValueError as error:
        return {}, [PluginFailure("sections", None, str(error))]
