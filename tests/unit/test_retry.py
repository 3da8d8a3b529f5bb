"""Which Sheets requests may be sent again, and when."""

from __future__ import annotations

import pytest

from insights.sources.credentials import GoogleCredentials
from insights.sources.retry import GaveUp, RetryPolicy, is_idempotent
from insights.sources.sheets import open_client

BASE = "https://sheets.googleapis.com/v4/spreadsheets/abc"


@pytest.mark.parametrize(
    ("method", "endpoint", "again_is_harmless"),
    [
        ("get", BASE, True),
        ("get", f"{BASE}/values:batchGet", True),
        ("post", f"{BASE}/values:batchUpdate", True),  # the same cells, the same values
        ("put", f"{BASE}/values/A1", True),
        ("post", f"{BASE}/values/A1:clear", True),
        ("post", f"{BASE}:batchUpdate", False),  # addSheet, appendDimension…
        ("post", f"{BASE}/values/Sheet1!A1:append", False),  # rows added twice
        ("post", "https://www.googleapis.com/drive/v3/files", False),  # a new file
    ],
)
def test_only_requests_that_do_no_harm_twice_count_as_repeatable(
    method: str, endpoint: str, again_is_harmless: bool
) -> None:
    assert is_idempotent(method, endpoint) is again_is_harmless


def test_a_change_that_never_reached_google_is_tried_again() -> None:
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=3, sleep=sleeps.append)
    client = open_client(
        GoogleCredentials(None, "none"), endpoint="http://127.0.0.1:9", policy=policy
    )

    with pytest.raises(GaveUp, match="3 tries in 0 s: connection failed, connection failed"):
        client.http_client.batch_update("abc", {"requests": []})  # refused connection: never sent

    assert len(sleeps) == 2
