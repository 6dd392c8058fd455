"""The core is pure: scoring (and JSON output) never imports rich, and the engine never prints."""

from __future__ import annotations

import ast
import subprocess
import sys

from paths import ROOT, SEED


def test_scoring_and_json_output_import_no_rich() -> None:
    program = (
        "import sys, io, contextlib\n"
        "from jixiao.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['run', {str(SEED)!r}, '--format', 'json']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m == 'rich' or m.startswith('rich.'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_engine_never_prints_nor_imports_rich() -> None:
    engine = ROOT / "engine"
    for module in engine.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "rich" for a in node.names), module
            if isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "rich", module
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "print", f"{module}:{node.lineno}"
