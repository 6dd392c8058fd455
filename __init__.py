"""score: rule-based scoring of department overall expenditure performance (部门整体支出绩效评价).

Plugin authors need only `hookimpl` from here; see docs/plugins.md.
"""

from jixiao.engine.hookspecs import hookimpl  # absolute: pytest may import this file on its own

__version__ = "0.1.0"
__all__ = ["__version__", "hookimpl"]
