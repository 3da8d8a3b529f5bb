"""Fixtures shared by every test layer: a fresh workspace store per test.

Store tests run on SQLite, and also on PostgreSQL when
INSIGHTS_TEST_POSTGRES_URL names a server (CI starts one): each test then
gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from insights.store import Store

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
from backends import BACKENDS, POSTGRES_URL
from sheets_api import FakeSheetsAPI


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def postgres_database() -> Iterator[str]:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"insights_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _drop(admin, name)
        admin.dispose()


def _drop(admin, name: str, tries: int = 5) -> None:
    """Drop a test database; a session the server itself holds open (autovacuum) may need
    a moment to end."""
    for attempt in range(tries):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except Exception:
            if attempt == tries - 1:
                raise
            time.sleep(0.5 * (attempt + 1))


@pytest.fixture(params=BACKENDS)
def store_url(request, sqlite_url) -> str:
    """A URL for an empty store, once per available backend."""
    if request.param == "sqlite":
        return sqlite_url
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def store(store_url) -> Iterator[Store]:
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture
def sheets_api() -> Iterator[FakeSheetsAPI]:
    """A loopback Sheets API v4 server, empty; add spreadsheets to it."""
    with FakeSheetsAPI() as api:
        yield api
