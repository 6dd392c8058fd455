"""Problems with input, and the exceptions that carry them to the edges.

A Problem names the file, the field (a dotted path such as `budget.adjusted` or
`targets[2].actual`), an optional line, and what was expected. Loaders collect every problem
they can find before raising, so that a user fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from attrs import frozen


@frozen
class Problem:
    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f": {_printable(self.field)}"
        return f"{where}: {self.message}"


def _printable(text: str) -> str:
    """A key from a file may hold a line break or an escape: shown escaped, so a problem stays
    one line and cannot drive the reader's terminal."""
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
    message: str
    version: str | None = None
    provides: tuple[str, ...] = ()


class ScoreError(Exception):
    """Base of every error the engine raises on purpose."""


# Past this many problems a file is not a slip to correct but the wrong file: list the first
# ones and the count, and spare the loaders locating thousands of lines in a hostile file.
MAX_PROBLEMS = 50


class InputError(ScoreError):
    """The facts, the ruleset or the command line cannot be used (exit code 2)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        found = list(problems)
        if len(found) > MAX_PROBLEMS:
            more = len(found) - MAX_PROBLEMS
            found = [
                *found[:MAX_PROBLEMS],
                Problem(found[0].file, "", f"and {more} more problems; fix the ones above first"),
            ]
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__("\n".join(str(p) for p in self.problems))


class PluginError(ScoreError):
    """An indicator or rule-kind plugin failed (exit code 3): `failure` names the plugin and says
    what went wrong; `detail` is the same without naming the indicator or rule kind."""

    def __init__(self, failure: PluginFailure, detail: str = "") -> None:
        self.failure = failure
        self.detail = detail or failure.message
        where = f"plugin {failure.plugin}"
        if failure.distribution:
            where += f" ({failure.distribution})"
        super().__init__(f"{where}: {failure.message}")


def shown(value: object, limit: int = 40) -> str:
    """A TOML value as the user wrote it, for a message: "968.9万元", true, 1E+20, a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Decimal) and not value.is_finite():
        return "nan" if value.is_nan() else ("-inf" if value < 0 else "inf")  # as TOML writes them
    text = f'"{value}"' if isinstance(value, str) else str(value)
    if isinstance(value, str) and "\n" in value:
        text = text.replace("\n", "\\n")
    return shorten(text, limit)


def shorten(text: str, limit: int = 40) -> str:
    """Text as it can be shown in a message: a long one cut in the middle, with its length."""
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}…{text[-limit // 4 :]} ({len(text)} characters)"


def closest(key: str, candidates: Iterable[str]) -> str | None:
    """The candidate a mistyped key most likely meant, if any is close enough."""
    import difflib  # only on the error path

    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: str, candidates: list[str], where: str, noun: str = "key") -> str:
    """'unknown key in [budget]; did you mean "adjusted"?' or the list of what is allowed."""
    close = closest(key, candidates)
    if close:
        return f"unknown {noun} {key!r} in {where}; did you mean {close!r}?"
    listed = ", ".join(candidates) or "nothing"
    return f"unknown {noun} {key!r} in {where}; expected one of: {listed}"
