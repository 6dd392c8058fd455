"""`score plugins` as tables: the plugins, what they provide, and what failed to load."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text as RichText

from jixiao.engine.errors import say
from jixiao.engine.plugins.registry import Registry
from jixiao.report.console import make_console
from jixiao.report.words import escaped

WORDS = {
    "plugins": ("已安装插件", "Installed plugins"),
    "plugin": ("插件", "Plugin"),
    "distribution": ("发行包", "Distribution"),
    "hooks": ("实现的钩子", "Hooks"),
    "indicators": ("指标", "Indicators"),
    "rule_kinds": ("计分与度量方法", "Rule/measure kinds"),
    "failures": ("加载失败的插件", "Plugins that failed to load"),
    "problem": ("问题", "What went wrong"),
    "none_failed": ("所有插件均已加载", "every plugin loaded"),
}


def _word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def _dist(name: str | None, version: str | None) -> str:
    if name is None:
        return "—"
    return escaped(f"{name} {version}" if version else name)


def _lines(names: Iterable[str]) -> str:
    """One name a line, each escaped: names come from the installed packages' metadata."""
    return "\n".join(escaped(name) for name in names)


def build(registry: Registry, lang: str = "zh") -> Group:
    table = Table(title=_word("plugins", lang), box=box.SIMPLE_HEAVY)
    for key in ("plugin", "distribution", "hooks"):
        table.add_column(_word(key, lang), no_wrap=True)
    for key in ("indicators", "rule_kinds"):
        table.add_column(_word(key, lang), overflow="fold")
    for info in sorted(registry.plugins, key=lambda p: p.name):
        indicators = [
            f"{i} ({registry.indicators[i].label.get(lang)})"
            for i in info.indicators
            if i in registry.indicators
        ]
        table.add_row(
            escaped(info.name),
            _dist(info.distribution, info.version),
            _lines(info.hooks),
            _lines(indicators),
            _lines((*info.rule_kinds, *info.measure_kinds)),
        )
    parts: list[Table | RichText] = [table]
    if registry.failures:
        failed = Table(title=_word("failures", lang), box=box.SIMPLE_HEAVY, title_style="bold red")
        for key in ("plugin", "distribution", "problem"):
            failed.add_column(_word(key, lang), overflow="fold")
        for failure in registry.failures:
            failed.add_row(
                RichText(escaped(failure.plugin), style="bold red"),
                _dist(failure.distribution, failure.version),
                RichText(escaped(say(failure.message, lang))),
            )
        parts.append(failed)
    else:
        parts.append(RichText(_word("none_failed", lang), style="green"))
    return Group(*parts)


def render_plugins_table(
    registry: Registry, lang: str = "zh", file: IO[str] | None = None, width: int | None = None
) -> None:
    console = make_console(file, width)
    console.print(build(registry, lang))
