"""A separate process that imports a file with `insights import` and can be killed mid-save.

Usage: python importer.py URL FILE WORKSPACE

Prints "saving" once the import's rows are written inside its still open
transaction, then waits: a test kills it there, as a crash or a closed laptop
would, and checks that nothing of the import is left.
"""

from __future__ import annotations

import sys
import time

import insights.importing
from insights.cli import main

_apply = insights.importing.apply_import


def _apply_then_hang(act, frames):
    summary = _apply(act, frames)
    print("saving", flush=True)
    time.sleep(600)
    return summary


if __name__ == "__main__":
    url, path, workspace = sys.argv[1:4]
    insights.importing.apply_import = _apply_then_hang
    main(["--database", url, "import", path, "--workspace", workspace])
