"""A separate process that writes to a workspace, one action at a time.

Usage: python writer.py URL WORKSPACE TAG COUNT

After each action commits it prints the theme it added, so a test that
kills this process knows exactly which actions were committed.
"""

from __future__ import annotations

import sys

from insights.store import Store
from insights.theme_assignment import add_theme


def main() -> None:
    url, workspace, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    store = Store(url)
    print("ready", flush=True)
    for i in range(count):
        name = f"{tag}-{i}"
        with store.action(workspace, "test.write", subject=name) as act:
            add_theme(act, name)
        print(name, flush=True)


if __name__ == "__main__":
    main()
