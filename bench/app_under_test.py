"""The app in Streamlit's AppTest for the page benchmarks, run the way the server runs it."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def _run_app_py_on_every_rerun() -> None:
    """AppTest would rerun a page file alone because pages/ sits beside app.py (see tests/app)."""
    if getattr(PagesManager.__init__, "_bench_patched", False):
        return
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init._bench_patched = True  # type: ignore[attr-defined]
    PagesManager.__init__ = init


def app_on(database_url: str, workspace: str, **query: str) -> AppTest:
    """app.py on the given store and workspace (plus address parameters), run once."""
    _run_app_py_on_every_rerun()
    os.environ["INSIGHTS_DATABASE_URL"] = database_url
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["workspace"] = workspace
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    return at
