"""The store backends the tests run on: SQLite always, PostgreSQL when CI names one."""

from __future__ import annotations

import os

POSTGRES_URL = os.environ.get("INSIGHTS_TEST_POSTGRES_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]
