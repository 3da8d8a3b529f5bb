"""Work Streamlit does on a fresh server's first screen that this app does not need.

Before it draws the first element of a process, Streamlit 1.67 checks whether
it runs in a Python REPL, to warn people who run a script without `streamlit
run`. The check is ``inspect.stack()``, which reads the source of every frame
and scans every loaded module: with pandas, SQLAlchemy and ours loaded it
took 0.29 s of the first view (profiled with cProfile in the script thread).
This app only ever runs under `streamlit run` (or AppTest), so the check is
marked as done before anything is drawn.
"""

from __future__ import annotations

import streamlit.delta_generator as _delta_generator

_FLAG = "_use_warning_has_been_displayed"  # Streamlit's own "warned once" flag


def skip_direct_run_check() -> None:
    """Mark Streamlit's run-without-`streamlit run` check as done (once per process).

    If a later Streamlit drops the flag, nothing is set and its check simply runs.
    """
    if hasattr(_delta_generator, _FLAG):
        setattr(_delta_generator, _FLAG, True)
