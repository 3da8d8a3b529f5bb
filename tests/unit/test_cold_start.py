"""A fresh server's first screen skips Streamlit work this app does not need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

DRAW_FIRST_ELEMENT = """
import streamlit.env_util as env_util
from streamlit.testing.v1 import AppTest

calls = []
env_util.is_repl = lambda: calls.append(1) or False  # the 0.29 s stack walk, counted

def app():
    from insights.ui.cold_start import skip_direct_run_check
    skip_direct_run_check()
    import streamlit as st
    st.write("first element")

at = AppTest.from_function(app).run()
assert not at.exception, at.exception
print(len(calls))
"""


def _first_element_walks(tmp_path: Path, code: str) -> int:
    """How often a fresh process's first element runs Streamlit's REPL check."""
    script = tmp_path / "first_element.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_the_first_element_of_a_process_does_not_walk_the_call_stack(tmp_path: Path) -> None:
    assert _first_element_walks(tmp_path, DRAW_FIRST_ELEMENT) == 0
    unskipped = DRAW_FIRST_ELEMENT.replace("    skip_direct_run_check()\n", "")
    assert _first_element_walks(tmp_path, unskipped) == 1  # what it saves: Streamlit's check


def test_the_page_icon_is_a_file_of_ours_not_an_emoji_nor_a_font_icon() -> None:
    """An emoji loads Streamlit's emoji catalog (up to 0.34 s of the first screen); a
    Material icon is fetched from Google's font server. An SVG file is sent inline."""
    from insights.ui.page import APP_ICON

    app = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "page_icon=APP_ICON" in app
    assert APP_ICON.isascii() and APP_ICON.endswith(".svg")
    assert Path(APP_ICON).read_text(encoding="utf-8").startswith("<svg ")
