"""The one way the renderers open a rich console (imported only when something is drawn)."""

from __future__ import annotations

from typing import IO

from rich.console import Console

PIPE_WIDTH = 120  # a file or a pipe: wide enough to paste into a report


def make_console(file: IO[str] | None = None, width: int | None = None) -> Console:
    """A console that reads no markup in the text it is given: a department's own names are
    printed as written (a name like "[/]" must neither vanish nor break the output)."""
    console = Console(file=file, width=width, highlight=False, soft_wrap=False, markup=False)
    if width is None and not console.is_terminal:
        console.width = PIPE_WIDTH
    return console
