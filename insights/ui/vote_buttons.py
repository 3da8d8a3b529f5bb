"""The Workshop's vote buttons: the room's +1/−1 (single-user) or one's own dots (signed in).

Each click is one vote or one dot, however Streamlit delivers it
(``insights.ui.click_buttons``). The page takes the clicks at the top of the
room, before it reads the workspace, so the totals it draws include them.
"""

from __future__ import annotations

from collections.abc import Callable

from insights import dots
from insights.decisions import add_room_votes
from insights.store import Store
from insights.ui.click_buttons import ClickButton, click_buttons, take_clicks
from insights.ui.state import attempt, component_key
from insights.wording import plural

ROOM_DOWN, ROOM_UP = "down", "up"
DOT_BACK, DOT_PLACE = "back", "place"


def votes_key(workspace: str) -> str:
    """The vote buttons' component key: one per workspace, whatever insight is on screen."""
    return component_key("workshop_votes", workspace)


def take_votes(store: Store, workspace: str, person: str | None) -> None:
    """Count the vote clicks made since the last run, each once (a dot is ``person``'s)."""
    actions: dict[str, Callable[[str], bool]]
    if person:
        actions = {
            DOT_PLACE: lambda key: attempt(
                dots.place_dot, store, workspace, key, person, success=_said("placed")
            ),
            DOT_BACK: lambda key: attempt(
                dots.take_back_dot, store, workspace, key, person, success=_said("taken back")
            ),
        }
    else:
        actions = {
            ROOM_UP: lambda key: attempt(
                add_room_votes, store, workspace, key, +1, success="Vote added."
            ),
            ROOM_DOWN: lambda key: attempt(
                add_room_votes, store, workspace, key, -1, success="Vote removed."
            ),
        }
    take_clicks(votes_key(workspace), actions)


def _said(done: str) -> Callable[[int], str]:
    return lambda left: f"Dot {done}: {plural(left, 'dot')} left."


def room_vote_buttons(workspace: str, key: str, votes: int) -> None:
    """−1 and +1 for the room's dots on insight ``key`` (single-user mode)."""
    click_buttons(
        votes_key(workspace),
        key,
        [
            ClickButton(ROOM_DOWN, "−1", "Take one dot away.", disabled=votes <= 0),
            ClickButton(ROOM_UP, "+1", "Add one dot.", primary=True),
        ],
    )


def dot_buttons(workspace: str, key: str, *, can_take: bool, can_place: bool) -> None:
    """Take back and Place a dot, for the signed-in person on insight ``key``."""
    click_buttons(
        votes_key(workspace),
        key,
        [
            ClickButton(
                DOT_BACK,
                "Take back",
                "Take one of your dots off this insight.",
                disabled=not can_take,
            ),
            ClickButton(
                DOT_PLACE,
                "Place a dot",
                "Put one of your dots on this insight.",
                primary=True,
                disabled=not can_place,
            ),
        ],
    )
