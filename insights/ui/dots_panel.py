"""Dot voting on the Workshop page for a signed-in person: their dots, and the room's rules."""

from __future__ import annotations

import streamlit as st

from insights import dots
from insights.store import Store, WorkspaceData
from insights.ui.state import attempt, derived
from insights.ui.text import md_escape
from insights.ui.vote_buttons import dot_buttons
from insights.wording import plural


def _ballot(store: Store, data: WorkspaceData, person: str) -> dots.Ballot:
    """This person's dots, read again only when some vote (or the rules) changed."""
    return derived(
        store,
        data,
        f"ballot {person}",
        ("votes",),
        lambda: dots.ballot(store, data.info.name, person),
        keep=64,
    )


def _voters(store: Store, data: WorkspaceData, key: str) -> list[tuple[str, int]]:
    return derived(
        store, data, f"voters {key}", ("votes",), lambda: dots.voters(store, data.info.name, key)
    )


def dots_panel(store: Store, data: WorkspaceData, key: str, total: int, person: str) -> None:
    """The insight's total, who voted, and this person's own dots: place one, take one back."""
    ballot = _ballot(store, data, person)
    mine = ballot.placed.get(key, 0)
    st.metric("Dot votes", total)
    st.markdown(
        f"**Your dots left: {ballot.left} of {ballot.rules.dots}**"
        + (f" · {plural(mine, 'dot')} of yours here" if mine else "")
    )
    who = _voters(store, data, key)
    if who:
        names = ", ".join(md_escape(p) + (f" ×{n}" if n > 1 else "") for p, n in who)
        st.caption(f"Dots here from: {names}")
    can_place = ballot.left > 0 and (ballot.rules.stack or not mine)
    dot_buttons(data.info.name, key, can_take=bool(mine), can_place=can_place)


def dot_rules_form(store: Store, rules: dots.DotRules, workspace: str) -> None:
    """The facilitator's rules: dots per person, stacking, and a new round."""
    with st.form("workshop_dot_rules", border=False):
        left, right = st.columns(2, vertical_alignment="bottom")
        count = left.number_input(
            "Dots per person", min_value=1, max_value=dots.MAX_DOTS, value=rules.dots, step=1
        )
        stack = right.checkbox(
            "Several dots on one insight", value=rules.stack, key="workshop_dot_stack"
        )
        if st.form_submit_button("Save the voting rules"):
            attempt(
                dots.set_rules,
                store,
                workspace,
                dots=int(count),
                stack=bool(stack),
                success=lambda r: f"Each person has {plural(r.dots, 'dot')} in this session.",
            )
            st.rerun()
    st.caption(f"Voting round {rules.round}.")
    st.button(
        "Start a new round",
        key="workshop_dot_round",
        on_click=attempt,
        args=(dots.new_round, store, workspace),
        kwargs={"success": lambda r: f"Round {r.round}: everyone has their dots back."},
        help="Everyone gets all their dots back; dots already placed keep counting.",
    )
