"""Import what later pages need in the background, once the first page is drawn.

Altair, which draws the Insights page's charts, takes about 0.4 s to import.
The Overview does not need it, so a fresh server draws its first screen
without it (bench/browser_latency.py, "cold start"); this thread then imports
it while the person reads, so opening Insights does not wait for it either.
Python's import lock makes a page that needs a module meanwhile wait for this
import instead of doing it twice.
"""

from __future__ import annotations

import contextlib
import importlib
import threading

MODULES = ("insights.ui.charts",)

_lock = threading.Lock()
_started = False


def warm_up_in_background() -> threading.Thread | None:
    """Once per server process: import ``MODULES`` in a daemon thread (returned; None
    when it was started before)."""
    global _started
    with _lock:
        if _started:
            return None
        _started = True
    thread = threading.Thread(target=_import_all, name="insights-warm-up", daemon=True)
    thread.start()
    return thread


def _import_all() -> None:
    for name in MODULES:
        # a failure is left to the page that needs the module: it imports it again, and says why
        with contextlib.suppress(Exception):
            importlib.import_module(name)
