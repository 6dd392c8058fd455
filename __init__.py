"""score: rule-based scoring of department overall expenditure performance (部门整体支出绩效评价).

Plugin authors need only `hookimpl` from here; see docs/plugins.md.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: `score` starts here
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl"]


def __getattr__(name: str) -> Any:
    """`hookimpl` loaded when asked for (PEP 562), so that starting `score` imports nothing
    before it can handle a Ctrl-C."""
    if name == "hookimpl":
        # absolute: pytest may import this file on its own
        from jixiao.engine.hookspecs import hookimpl

        return hookimpl
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")
