"""A progress bar on stderr for long batches, drawn only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO


@contextmanager
def progress(
    total: int, label: str, stream: IO[str] | None = None, enabled: bool = True
) -> Iterator[Callable[[], None]]:
    """Yield `advance()`; a no-op unless enabled and `stream` (stderr) is a terminal."""
    stream = stream if stream is not None else sys.stderr
    if not enabled or total <= 1 or not stream.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=stream),
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)
