"""The rules of the house that a machine can check."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_ruff_finds_nothing() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_insights_ui_imports_streamlit() -> None:
    offenders = []
    for path in (ROOT / "insights").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "insights").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_no_module_shares_a_page_file_name() -> None:
    """``themes.py`` always means the page: a core or ui module named like a page makes
    a newcomer open the wrong file (pages keep their names: docs/architecture.md)."""
    pages = {path.stem for path in (ROOT / "pages").glob("*.py")}
    modules = {path.stem for path in (ROOT / "insights").rglob("*.py")}
    assert pages & modules == set()
