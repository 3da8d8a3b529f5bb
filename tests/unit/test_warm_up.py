"""A fresh server's first screen does not wait for the chart library; it is imported after."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _imports_of(path: Path) -> list[str]:
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.append(node.module)
    return modules


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_the_app_and_the_overview_do_not_import_altair() -> None:
    modules = _imports_of(ROOT / "app.py") + _imports_of(ROOT / "pages" / "overview.py")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('altair' in sys.modules)"
    )
    assert _run(code) == "False"


def test_the_warm_up_imports_the_charts_once_in_the_background() -> None:
    code = (
        "import sys\n"
        "from insights.ui.warm_up import warm_up_in_background\n"
        "first, again = warm_up_in_background(), warm_up_in_background()\n"
        "first.join()\n"
        "print(again, 'altair' in sys.modules, 'insights.ui.charts' in sys.modules)"
    )
    assert _run(code) == "None True True"
