"""Numbered requests from our components: each acted on once, in order, whatever arrives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from insights.clicks import Click, new_clicks
from insights.outbox import Outbox, acknowledgement, mark_done, unseen


def _outbox(*entries: dict, nonce: str = "tab") -> Outbox:
    box = Outbox.read({"nonce": nonce, "clicks": list(entries)}, "clicks")
    assert box is not None
    return box


def test_an_outbox_is_read_only_from_the_shape_the_components_send() -> None:
    assert Outbox.read(None, "clicks") is None
    assert Outbox.read({"clicks": []}, "clicks") is None  # no nonce
    assert Outbox.read({"nonce": "tab", "clicks": "1"}, "clicks") is None
    assert Outbox.read({"nonce": "tab", "moves": []}, "clicks") is None  # another component's
    assert _outbox({"seq": 1}, "junk", 3).entries == [{"seq": 1}]


def test_unseen_requests_are_those_numbered_above_what_was_applied_in_order() -> None:
    box = _outbox({"seq": 3}, {"seq": 1}, {"seq": "2"}, {"seq": True}, {"seq": 5}, {})
    assert [seq for seq, _ in unseen(box, {})] == [1, 3, 5]
    assert [seq for seq, _ in unseen(box, {"tab": 3})] == [5]
    assert [seq for seq, _ in unseen(box, {"another tab": 9})] == [1, 3, 5]
    assert unseen(None, {}) == []


def test_marking_done_never_goes_back_and_is_acknowledged() -> None:
    box = _outbox({"seq": 1}, {"seq": 2})
    applied: dict[str, int] = {}
    mark_done(applied, box, 2)
    mark_done(applied, box, 1)  # a late, lower number does not reopen 2
    assert applied == {"tab": 2}
    assert acknowledgement(box, applied) == {"nonce": "tab", "seq": 2}
    assert acknowledgement(None, applied) is None


def test_new_clicks_keep_known_buttons_with_a_target_from_this_session() -> None:
    box = _outbox(
        {"seq": 1, "button": "up", "target": "theme:3", "session": "s"},
        {"seq": 2, "button": "delete everything", "target": "theme:3", "session": "s"},
        {"seq": 3, "button": "up", "target": None, "session": "s"},
        {"seq": 4, "button": "down", "target": "group:9", "session": "s"},
        {"seq": 5, "button": ["up"], "target": "theme:3", "session": "s"},  # not a name
        {"seq": 6, "button": "up", "target": "theme:3", "session": "before a reconnect"},
        {"seq": 7, "button": "up", "target": "theme:3"},  # no session
    )
    assert new_clicks(box, {}, {"up", "down"}, "s") == [
        Click(1, "up", "theme:3"),
        Click(4, "down", "group:9"),
    ]
    assert new_clicks(box, {"tab": 1}, {"up"}, "s") == []


@given(
    st.lists(st.integers(min_value=1, max_value=40), unique=True, max_size=30),
    st.lists(st.integers(min_value=0, max_value=30), max_size=8),
)
def test_however_an_outbox_is_delivered_each_click_is_acted_on_once(
    numbers: list[int], cuts: list[int]
) -> None:
    """Deliveries are growing prefixes, repeats and stale copies of one outbox."""
    numbers = sorted(numbers)
    clicks = [{"seq": n, "button": "up", "target": "theme:1", "session": "s"} for n in numbers]
    applied: dict[str, int] = {}
    acted: list[int] = []
    for cut in [*cuts, len(clicks), len(clicks)]:  # the full outbox arrives, twice
        box = _outbox(*clicks[:cut])
        for click in new_clicks(box, applied, {"up"}, "s"):
            mark_done(applied, box, click.seq)
            acted.append(click.seq)
    assert acted == numbers
