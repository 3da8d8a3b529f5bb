"""Fixtures shared by every test layer: a fresh workspace store per test.

Store tests run on SQLite, and also on PostgreSQL when
INSIGHTS_TEST_POSTGRES_URL names a server (CI starts one): each test then
gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from insights.store import Store

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
from backends import BACKENDS, fresh_database
from sheets_api import FakeSheetsAPI


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def postgres_database(tmp_path) -> Iterator[str]:
    with fresh_database("postgresql", tmp_path) as url:
        yield url


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
