"""Keep the Python garbage collector out of bulk work.

Building tens of thousands of small lists and dicts (one per card, one per
row) makes the cyclic collector run again and again over everything the
process holds, pandas frames of Python objects included: on a 10,000
highlight workspace it multiplied the cost of building the card table by
fourteen. These loops create no reference cycles, so collecting can wait
until they are done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
