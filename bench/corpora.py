"""Where the benchmarks find public corpora the repository does not hold.

``--data DIR`` (the scripts that take it) or ``$INSIGHTS_DEV_CORPORA``; by
default ``bench/data`` in this repository (not committed). A benchmark whose
corpus is missing says so, says how to get it, and skips that part.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "INSIGHTS_DEV_CORPORA"
DEFAULT = Path(__file__).resolve().parent / "data"
HOW = (
    "Put the public corpora in one folder (banking77's train.csv from "
    "https://github.com/PolyAI-LDN/task-specific-datasets as banking77/train.csv; "
    "the other sets as bench/dedupe_quality.py lists them) and pass --data DIR "
    f"or set {ENV}=DIR."
)


def data_dir() -> Path:
    """The corpora folder: $INSIGHTS_DEV_CORPORA, else bench/data."""
    return Path(os.environ.get(ENV) or DEFAULT)


def banking77(data: Path | None = None) -> Path | None:
    """banking77's train.csv when it is there; else None, after saying what is skipped."""
    path = (data or data_dir()) / "banking77" / "train.csv"
    if path.is_file():
        return path
    print(f"banking77 not found at {path}: that part uses the bundled sample instead. {HOW}")
    return None
