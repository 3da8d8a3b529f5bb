"""Real-browser fixtures: `streamlit run app.py` on a free port, driven by Debian's chromium.

No browser download: Playwright launches /usr/bin/chromium (apt-get install
chromium), or the path in INSIGHTS_CHROMIUM.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import evidence
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import ensure_sample

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("INSIGHTS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# A rerun on a loaded two-core CI machine can take longer than expect()'s
# 5 s default; a real failure still fails, only later.
BROWSER_WAIT_MS = 30_000
expect.set_options(timeout=BROWSER_WAIT_MS)


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` in a child process, on its own port and store."""

    def __init__(
        self,
        database_url: str,
        log_path: Path,
        script: Path | str = "app.py",
        *,
        settings_from_config: tuple[str, ...] = (),
        port: int | None = None,
        args: tuple[str, ...] = (),
    ) -> None:
        """``settings_from_config``: environment settings left out, so the app's own
        .streamlit/config.toml decides them (the usage statistics, say). ``port``: one
        chosen beforehand (a sign-in redirect names it); ``args``: more `streamlit run`
        options, e.g. ``--secrets.files``."""
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self._log = log_path.open("w")
        env = {
            **os.environ,
            "INSIGHTS_DATABASE_URL": database_url,
            "STREAMLIT_SERVER_PORT": str(self.port),
            "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
            "STREAMLIT_SERVER_HEADLESS": "true",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
        }
        for name in settings_from_config:
            env.pop(name, None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(script), *args],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.log_path = log_path
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
                    if reply.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"streamlit did not become healthy:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[StreamlitServer]:
    folder = tmp_path_factory.mktemp("e2e")
    running = StreamlitServer(f"sqlite:///{folder / 'store.db'}", folder / "streamlit.log")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def start_server(tmp_path_factory):
    """Start `streamlit run app.py` on a store the test prepared: start_server(url)."""
    started: list[StreamlitServer] = []

    def start(database_url: str, **options) -> StreamlitServer:
        folder = tmp_path_factory.mktemp("e2e-prepared")
        running = StreamlitServer(database_url, folder / "streamlit.log", **options)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"Browser tests need Chromium at {CHROMIUM}: `sudo apt-get install -y chromium`, "
            "or set INSIGHTS_CHROMIUM to its path."
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    opened.set_default_timeout(BROWSER_WAIT_MS)
    yield opened
    context.close()


@pytest.fixture
def new_page(browser: Browser):
    """Another person's browser: a separate context with its own session."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        opened = context.new_page()
        opened.set_default_timeout(BROWSER_WAIT_MS)
        return opened

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def sorted_server(start_server, tmp_path_factory):
    """The app on a sample study with shipping and body-butter points sorted into themes."""
    url = f"sqlite:///{tmp_path_factory.mktemp('insights') / 'store.db'}"
    store = Store(url)
    ensure_sample(store)
    found = evidence(store.load(SAMPLE_WORKSPACE))
    ids = store.load(SAMPLE_WORKSPACE).themes.set_index("name")["id"]
    for word, theme in [("shipping", "Pain points"), ("butter", "Product love")]:
        hits = found[found["text"].str.contains(word, case=False)]
        assign(
            store,
            SAMPLE_WORKSPACE,
            [Move(k, list(g["id"]), int(ids[theme])) for k, g in hits.groupby("group_key")],
            via="test",
        )
    store.close()
    return start_server(url)
