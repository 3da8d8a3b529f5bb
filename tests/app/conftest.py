"""AppTest fixtures: the real app.py on a store of its own."""

from __future__ import annotations

from pathlib import Path

import fake_clicks
import pytest
from backends import BACKENDS
from fake_board import FakeBoard
from sorted_sample import sort_sample
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE
from insights.store import Store

APP = Path(__file__).resolve().parent.parent.parent / "app.py"


@pytest.fixture(autouse=True)
def _pages_folder_is_not_v1_multipage(monkeypatch) -> None:
    """Run app.py on every rerun, as the server does.

    AppTest (Streamlit 1.67) resets ``PagesManager.uses_pages_directory`` before
    each run; because a pages/ folder sits beside app.py it becomes True, and
    reruns then execute pages/overview.py alone (no sidebar, no app.py).
    The server sets it to False for good once st.navigation has run, which
    app.py always calls; this fixture does the same for AppTest.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(params=BACKENDS)
def app_url(request, tmp_path, monkeypatch) -> str:
    """The app's store: every page test runs on SQLite, and on PostgreSQL when CI has it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = request.getfixturevalue("postgres_database")
    monkeypatch.setenv("INSIGHTS_DATABASE_URL", url)
    return url


@pytest.fixture
def new_app():
    """Make an AppTest of app.py that has not run yet (set query params first)."""
    return lambda: AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture
def app(app_url, new_app) -> AppTest:
    """The app, run once: it opens on the sample study."""
    at = new_app()
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def sorted_sample(app_url: str) -> Store:
    """The sample, grouped at 85 and partly sorted into the seed themes."""
    return sort_sample(Store(app_url))


@pytest.fixture
def open_page(new_app):
    """Open a page of the app on the sample study, with address parameters if given."""

    def _open(page: str, query: dict | None = None) -> AppTest:
        at = new_app()
        at.query_params["workspace"] = SAMPLE_WORKSPACE
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        return at

    return _open


@pytest.fixture
def board(monkeypatch) -> FakeBoard:
    """The Themes page's board component, stood in for (see fake_board.py)."""
    fake = FakeBoard()
    monkeypatch.setattr("insights.ui.themes_board._component", fake.render)
    monkeypatch.setattr("insights.ui.themes_board.component_state", fake.state)
    return fake


@pytest.fixture(autouse=True)
def vote_buttons(request, monkeypatch) -> None:
    """The Workshop's vote buttons, stood in for (see fake_clicks.py): click with ``click``.
    A test marked ``real_components`` draws the real component."""
    if request.node.get_closest_marker("real_components") is None:
        monkeypatch.setattr("insights.ui.click_buttons._component", fake_clicks.render)
