"""The undo and redo pair of buttons, written once (the Deduplicate and Themes pages)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from insights.history import Stacks, Step


def undo_redo_buttons(
    columns: Sequence[Any],
    history: Stacks,
    button: Callable[[bool, Step | None], dict[str, Any]],
    *,
    hide_empty: bool = False,
) -> None:
    """Undo in the first column, redo in the second.

    ``button(redo, step)`` gives the rest of each button (its label, callback and
    arguments) for the step it would undo or redo (None: nothing to); with
    ``hide_empty`` a button with nothing to do is not drawn.
    """
    pairs = ((columns[0], False, history.next_undo), (columns[1], True, history.next_redo))
    for column, redo, step in pairs:
        if step is None and hide_empty:
            continue
        column.button(icon=":material/redo:" if redo else ":material/undo:", **button(redo, step))
