"""Sheets API requests retried within bounds: a few tries, and about 30 s in all.

gspread 6.2.1's own BackOffHTTPClient retries without bound, so a busy quota
could hold a page for minutes. Here each request gets a few tries, with
exponential backoff and jitter, and every try, wait and timeout counts against
one budget of time: a page waits at most that long for one Sheets call.

A request is only resent when doing it twice is harmless. Reads and value
writes (``values:batchUpdate`` writes the same cells again) are; adding a
worksheet or appending rows is not. Those are resent only when Google
certainly did not act on them (429, or a connection that never opened);
after a timeout or a 5xx answer the change may have been made, and the
caller is told so (``UncertainWrite``) to look at the sheet before trying
again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

# Value writes land on the same cells however often they are sent; reads change nothing.
_IDEMPOTENT_POSTS = (
    "/values:batchUpdate",
    "/values:batchClear",
    ":clear",
    ":batchGetByDataFilter",
    ":getByDataFilter",
    "/values:batchUpdateByDataFilter",
)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a 429 or 5xx answer, a timeout or a dropped connection."""

    attempts: int = 4  # in all, the first one included
    base_delay: float = 1.0  # seconds before the first retry; doubles each time
    max_delay: float = 16.0  # no single wait is longer, Retry-After included
    budget: float = 30.0  # seconds one call may take in all: tries, timeouts and waits
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def delay(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based), with full jitter."""
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.max_delay)
        ceiling = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        return random.uniform(ceiling / 2, ceiling)


class GaveUp(Exception):
    """A Sheets call that failed every try it had time for; says what each try met."""

    def __init__(self, last: BaseException, tries: list[str], elapsed: float) -> None:
        super().__init__(f"{len(tries)} tries in {elapsed:.0f} s: {', '.join(tries)}")
        self.last = last
        self.tries = tries
        self.elapsed = elapsed

    @property
    def summary(self) -> str:
        """ "3 tries in 29 s: timed out, error 503, timed out"."""
        return str(self)


class UncertainWrite(Exception):
    """A change that may or may not have been made: look before sending it again."""

    def __init__(self, last: BaseException, what: str) -> None:
        super().__init__(what)
        self.last = last
        self.what = what  # "timed out", "error 503", "connection dropped"


def is_idempotent(method: str, endpoint: str) -> bool:
    """Whether sending this request twice does no more than sending it once."""
    if method.upper() != "POST":
        return True
    path = endpoint.split("?", 1)[0]
    return path.endswith(_IDEMPOTENT_POSTS)


def _never_sent(error: requests.RequestException) -> bool:
    """A connection that never opened: the request did not reach Google."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    cause: BaseException | None = error
    while cause is not None:
        if type(cause).__name__ in ("NewConnectionError", "ConnectionRefusedError"):
            return True
        cause = (
            cause.__cause__
            or cause.__context__
            or (cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None)
        )
    return False


def _what(error: BaseException) -> str:
    if isinstance(error, APIError):
        return f"error {error.response.status_code}"
    if isinstance(error, requests.Timeout):
        return "timed out"
    return "connection failed"


def _retryable_status(status: int) -> bool:
    return status == 429 or status >= 500


class BoundedRetryHTTPClient(HTTPClient):
    """gspread's HTTP client with bounded, budgeted retries that never resend blindly."""

    def __init__(
        self, auth: Any, session: requests.Session | None = None, *, policy: RetryPolicy
    ) -> None:
        super().__init__(auth, session)
        self.policy = policy

    def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> requests.Response:
        policy = self.policy
        start = policy.clock()
        configured = self.timeout
        safe_to_resend = is_idempotent(method, endpoint)
        tries: list[str] = []
        try:
            for attempt in range(1, policy.attempts + 1):
                remaining = policy.budget - (policy.clock() - start)
                self.timeout = min(configured, remaining) if configured else remaining
                try:
                    return super().request(method, endpoint, *args, **kwargs)
                except APIError as error:
                    status = error.response.status_code
                    tries.append(_what(error))
                    if not _retryable_status(status):
                        raise
                    if not safe_to_resend and status != 429:  # a 5xx may hide a done change
                        raise UncertainWrite(error, _what(error)) from error
                    last, wait = (
                        error,
                        policy.delay(attempt, error.response.headers.get("Retry-After")),
                    )
                except (requests.ConnectionError, requests.Timeout) as error:
                    tries.append(_what(error))
                    if not safe_to_resend and not _never_sent(error):
                        raise UncertainWrite(error, _what(error)) from error
                    last, wait = error, policy.delay(attempt)
                remaining = policy.budget - (policy.clock() - start)
                if attempt == policy.attempts or wait >= remaining - 0.1:
                    break  # no try left, or no time for one after the wait
                policy.sleep(wait)
            raise GaveUp(last, tries, policy.clock() - start) from last
        finally:
            self.timeout = configured
