"""Problems with input, and the exceptions that carry them to the edges.

A Problem names the file, the field (a dotted path such as `budget.adjusted` or
`targets[2].actual`) with its label when the field has one, an optional line, and what was
expected, as a message shown in the reader's language. Loaders collect every problem they can
find before raising, so that a user fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import attrs
from attrs import frozen

from jixiao.engine.words.message import Template, Words
from jixiao.engine.words.text import Text


@frozen
class Problem:
    file: str
    field: str
    message: Words | str  # a plain str reads the same in every language
    line: int | None = None
    label: Text | None = None  # the field's name, e.g. 调整后预算数, shown before its key
    cell: str | None = None  # in a workbook, the sheet and cell: 预算收支!C5

    def place(self, lang: str = "zh") -> str:
        """Where: `dept.toml:12: 调整后预算数（budget.adjusted）`, or in a workbook
        `dept.xlsx 预算收支!C5 调整后预算数（budget.adjusted）`."""
        where = printable(self.file)
        if self.line is not None:
            where += f":{self.line}"
        field = printable(self.field)
        if self.field and self.label is not None:
            name = self.label.get(lang)
            field = f"{name} ({field})" if lang == "en" else f"{name}（{field}）"
        if self.cell is not None:  # as a spreadsheet names a cell, then what it holds
            return f"{where} {printable(self.cell)}" + (f" {field}" if field else "")
        if field:
            where += f": {field}"
        return where

    def text(self, lang: str = "zh") -> str:
        """What is wrong, without where."""
        return printable(say(self.message, lang))

    def render(self, lang: str = "zh") -> str:
        separator = ": " if lang == "en" else "："
        return f"{self.place(lang)}{separator}{self.text(lang)}"

    def get(self, lang: str = "zh") -> str:
        """A problem is words too: one file's problem inside another's (a test case naming a
        facts file that cannot be read)."""
        return self.render(lang)

    def __str__(self) -> str:
        return self.render("zh")


def say(words: Words | str, lang: str = "zh") -> str:
    """Words in `lang`; a plain str as it is."""
    return words if isinstance(words, str) else words.get(lang)


def printable(text: str) -> str:
    """A key or value from a file may hold a line break or an escape: shown escaped, so that a
    problem stays one line and cannot drive the reader's terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@frozen
class PluginFailure:
    """A plugin that failed: its entry-point name, distribution, what went wrong.

    `provides` names the indicator ids / rule kinds the failure concerns, when known (a duplicate
    id, an indicator that raised); it is empty when the plugin never got that far (an import
    error). Lenient runs use it to tell whether the failure touches the ruleset in use.
    """

    plugin: str
    distribution: str | None
    message: Words | str
    version: str | None = None
    provides: tuple[str, ...] = ()
    # the traceback of what the plugin's code raised, for its programmer (SCORE_DEBUG=1)
    trace: str = attrs.field(default="", eq=False, repr=False)

    def who(self) -> str:
        """`jixiao_satisfaction (jixiao-satisfaction)`: the plugin and its distribution."""
        return self.plugin + (f" ({self.distribution})" if self.distribution else "")

    def get(self, lang: str = "zh") -> str:
        """The failure as a message lists it: `plugin (distribution): what went wrong`."""
        return f"{self.who()}{'：' if lang == 'zh' else ': '}{say(self.message, lang)}"


class ScoreError(Exception):
    """Base of every error the engine raises on purpose."""


# Past this many problems a file is not a slip to correct but the wrong file: list the first
# ones and the count, and spare the loaders locating thousands of lines in a hostile file.
MAX_PROBLEMS = 50

MORE_PROBLEMS = Template(
    "problems.more",
    "另有{more}个问题；请先改正上面的问题",
    "and {more} more problems; fix the ones above first",
)


class InputError(ScoreError):
    """The facts, the ruleset or the command line cannot be used (exit code 2)."""

    def __init__(
        self, problems: Iterable[Problem], plugin_failures: tuple[PluginFailure, ...] = ()
    ) -> None:
        # plugins that failed to load: the file's problems may be theirs (an unknown section
        # that the failed plugin would have declared), and the run then exits 3, naming them
        self.plugin_failures = plugin_failures
        found = list(problems)
        if len(found) > MAX_PROBLEMS:
            more = len(found) - MAX_PROBLEMS
            found = [*found[:MAX_PROBLEMS], Problem(found[0].file, "", MORE_PROBLEMS(more=more))]
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__("\n".join(p.render("zh") for p in self.problems))

    def render(self, lang: str = "zh") -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class PluginError(ScoreError):
    """An indicator or rule-kind plugin failed (exit code 3): `failure` names the plugin and says
    what went wrong; `detail` is the same without naming the indicator or rule kind."""

    def __init__(self, failure: PluginFailure, detail: Words | str | None = None) -> None:
        self.failure = failure
        self.detail: Words | str = failure.message if detail is None else detail
        super().__init__(self.render("zh"))

    def render(self, lang: str = "zh") -> str:
        return PLUGIN_FAILED(who=self.failure.who(), message=self.failure.message).get(lang)


PLUGIN_FAILED = Template("plugin.failed", "插件 {who} 出错：{message}", "plugin {who}: {message}")
MAY_BE_THE_PLUGINS = Template(
    "plugin.may_explain",
    "插件 {who} 未能加载（{message}）；以上问题可能由此引起：该插件本应声明的字段，现被当作未知字"
    "段",
    "plugin {who} failed to load, which may be why (the fields it would declare are then "
    "unknown): {message}",
)

A_TABLE = Text("一个表", "a table")
A_LIST = Text("一个列表", "a list")


def shown(value: object, limit: int = 40) -> str | Words:
    """A TOML value as the user wrote it, for a message: "968.9万元", true, 1E+20, a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return A_TABLE
    if isinstance(value, list):
        return A_LIST
    if isinstance(value, Decimal) and not value.is_finite():
        return "nan" if value.is_nan() else ("-inf" if value < 0 else "inf")  # as TOML writes them
    text = f'"{value}"' if isinstance(value, str) else str(value)
    if isinstance(value, str) and "\n" in value:
        text = text.replace("\n", "\\n")
    return shorten(text, limit)


def shorten(text: str, limit: int = 40) -> str | Words:
    """Text as it can be shown in a message: a long one cut in the middle, with its length."""
    if len(text) <= limit:
        return text
    return SHORTENED(start=text[: limit // 2], end=text[-limit // 4 :], length=len(text))


SHORTENED = Template(
    "value.shortened", "{start}…{end}（共{length}个字符）", "{start}…{end} ({length} characters)"
)


def closest(key: str, candidates: Iterable[str]) -> str | None:
    """The candidate a mistyped key most likely meant, if any is close enough."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


KEY = Text("字段", "key")
UNKNOWN_NEAR = Template(
    "unknown.near",
    "{where}中没有{noun}“{key}”；是否应为“{close}”？",
    "unknown {noun} '{key}' in {where}; did you mean '{close}'?",
)
UNKNOWN_LISTED = Template(
    "unknown.listed",
    "{where}中没有{noun}“{key}”；可以写：{listed:list}",
    "unknown {noun} '{key}' in {where}; expected one of: {listed:list}",
)
NO_SUCH_NEAR = Template(
    "unknown.no_such_near",
    "没有名为“{key}”的{noun}；是否应为“{close}”？",
    "there is no {noun} '{key}'; did you mean '{close}'?",
)
NO_SUCH_LISTED = Template(
    "unknown.no_such_listed",
    "没有名为“{key}”的{noun}；可以写：{listed:list}",
    "there is no {noun} '{key}'; expected one of: {listed:list}",
)
NOTHING = Text("（无）", "nothing")


def unknown_key(
    key: str, candidates: list[str], where: str | Words | None, noun: str | Words = KEY
) -> Words:
    """'unknown key in [budget]; did you mean "adjusted"?', or the list of what is allowed.
    With no `where`, the thing itself is unknown: 'there is no rule kind …'."""
    close = closest(key, candidates)
    named = {"noun": noun, "key": printable(key)}
    if close:
        if where is None:
            return NO_SUCH_NEAR(**named, close=close)
        return UNKNOWN_NEAR(**named, where=where, close=close)
    listed: list[str] | list[Text] = candidates if candidates else [NOTHING]
    if where is None:
        return NO_SUCH_LISTED(**named, listed=listed)
    return UNKNOWN_LISTED(**named, where=where, listed=listed)
