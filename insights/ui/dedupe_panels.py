"""Widgets of the Deduplicate page: the threshold preview and the group review cards."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from insights import embeddings
from insights.embeddings import Model
from insights.feedback_marks import changed_marks, mark, not_feedback
from insights.grouping import (
    ACCEPTED,
    KIND_REPEATING,
    accept_group,
    compute_merges,
    decision_stacks,
    describe,
    fingerprint,
    merge_groups,
    redo_last,
    remove_member,
    rename_group,
    undo_last,
)
from insights.near_duplicates import MEANING, WORDING, Merges, basis
from insights.prioritize import all_copies
from insights.store import Store, WorkspaceData
from insights.ui.state import attempt
from insights.ui.text import md_escape
from insights.ui.undo_bar import undo_redo_buttons
from insights.vectors import stored_vectors
from insights.wording import plural

_CACHE_SIZE = 6
METHOD_LABELS = {MEANING: "By meaning and wording", WORDING: "By wording only"}
MEMBER_COLUMNS = ["text", "why", "similarity", "participant", "segment", "id"]


@st.cache_resource(show_spinner=False)
def _merge_cache() -> dict[str, Merges]:
    """Engine results shared by every session, keyed by what they were computed from."""
    return {}


@st.cache_resource(show_spinner="Loading the meaning model…")
def meaning_model() -> Model:
    """The sentence model, loaded once per process from the installed package."""
    return embeddings.model()


def merges_for(
    store: Store, workspace: str, highlights: pd.DataFrame, scorer: str, method: str
) -> Merges:
    """The engine's merges for these highlights, computed once (with a progress bar)."""
    key = fingerprint(highlights, scorer, method)
    cache = _merge_cache()
    if key not in cache:
        bar = st.progress(0.0, text="Comparing highlights…")
        vectors = None
        if method == MEANING and len(highlights):
            bar.progress(0.02, text="Reading what each highlight means…")
            vectors = stored_vectors(
                store, workspace, highlights["text"].tolist(), loaded=meaning_model()
            )
        cache[key] = compute_merges(
            highlights,
            scorer=scorer,
            method=method,
            vectors=vectors,
            progress=lambda stage, done: bar.progress(done, text=f"{stage}…"),
        )
        bar.empty()
        while len(cache) > _CACHE_SIZE:
            cache.pop(next(iter(cache)))
    return cache[key]


def why(members: pd.DataFrame, representative: str, scorer: str) -> list[str]:
    """Why each member (rows with id, text, similarity) is in its group, in words."""
    by_id = dict(zip(members["id"], members["text"], strict=True))
    wording = by_id.get(representative, "")
    reasons = []
    for hid, text, similarity in zip(
        members["id"], members["text"], members["similarity"], strict=True
    ):
        if hid == representative:
            reasons.append("says it best")
        elif pd.isna(similarity):
            reasons.append("")
        else:
            reasons.append(f"{basis(text, wording, float(similarity), scorer)} {similarity:.0f}")
    return reasons


def _segments(segments: dict[str, int]) -> str:
    return ", ".join(f"{md_escape(s or '(no segment)')} {n}" for s, n in sorted(segments.items()))


ERRORS_AT = "groups"  # where the page shows why a decision on a group could not be taken


def _pick_then(
    label: str,
    options: dict,
    button: str,
    *,
    key: str,
    decision: Callable[[object], tuple],
    success: str,
) -> None:
    """A dropdown of ``options`` ({value: text}) and a button that decides on the pick."""
    chosen = st.selectbox(
        label, list(options), format_func=lambda v: str(options[v])[:90], key=f"{key}_pick"
    )
    st.button(
        button,
        key=key,
        on_click=attempt,
        args=decision(chosen),
        kwargs={"success": success, "error_at": ERRORS_AT},
    )


def group_card(
    store: Store,
    workspace: str,
    group: pd.Series,
    members: pd.DataFrame,
    others: dict[int, str],
) -> None:
    """One group: its wording, counts, members and the decisions a person can take."""
    with st.container(border=True):
        _group_heading(group)
        _members_table(members)
        _group_actions(store, workspace, group, members, others)


def _group_heading(group: pd.Series) -> None:
    """The group's wording, a badge for how many people agree, and its counts."""
    heading, badge = st.columns([5, 2], vertical_alignment="center")
    heading.markdown(f"**{md_escape(group['text'])}**")
    people = group["participants"]
    if group["kind"] == KIND_REPEATING:
        badge.badge("One participant repeating", icon=":material/repeat:", color="orange")
    elif all_copies(list(group["member_texts"])):  # counts once until a person says not
        badge.badge(
            f"Copied text: {plural(people, 'participant')}, the same words",
            icon=":material/content_copy:",
            color="orange",
        )
    else:
        badge.badge(
            f"{plural(people, 'participant')} agreeing", icon=":material/groups:", color="green"
        )
    status = "accepted" if group["status"] == ACCEPTED else "to review"
    st.caption(
        f"×{plural(group['mentions'], 'mention')} · {plural(people, 'participant')} · "
        f"{_segments(group['segments'])} · {status}"
    )


def _members_table(members: pd.DataFrame) -> None:
    """The group's highlights, each with why it is in the group."""
    st.dataframe(
        members,
        hide_index=True,
        width="stretch",
        column_order=[c for c in MEMBER_COLUMNS if c in members.columns],
        column_config={
            "id": st.column_config.TextColumn("ID", width="small"),
            "participant": "Participant",
            "segment": "Segment",
            "similarity": st.column_config.ProgressColumn(
                "Similarity", min_value=0, max_value=100, format="%.0f"
            ),
            "why": st.column_config.TextColumn(
                "Why in this group",
                help="Same words: their wording matches. Same meaning: they say the "
                "same thing in other words. With the similarity to the group's wording.",
            ),
            "text": st.column_config.TextColumn("Highlight", width="large"),
        },
    )


def _group_actions(store: Store, workspace: str, group: pd.Series, members, others) -> None:
    """Accept, reword, remove a member, merge with another group (as ``group_card``)."""
    cluster_id = int(group["cluster_id"])
    accept, reword, remove, merge = st.columns(4)
    if group["status"] != ACCEPTED:
        accept.button(
            "Accept",
            key=f"accept_{cluster_id}",
            icon=":material/check:",
            on_click=attempt,
            args=(accept_group, store, workspace, cluster_id),
            kwargs={
                "success": "Group accepted: later runs keep it as it is.",
                "error_at": ERRORS_AT,
            },
        )
    with reword.popover("Reword", icon=":material/edit:"):
        wording = st.text_area(
            "The group's point, in your words",
            value=group["text"],
            key=f"label_{cluster_id}",
        )
        st.button(
            "Save wording",
            key=f"save_label_{cluster_id}",
            on_click=attempt,
            args=(rename_group, store, workspace, cluster_id, wording),
            kwargs={"success": "Wording saved.", "error_at": ERRORS_AT},
        )
    with remove.popover("Remove a member", icon=":material/person_remove:"):
        _pick_then(
            "Highlight",
            dict(zip(members["id"], members["text"], strict=True)),
            "Remove from group",
            key=f"remove_{cluster_id}",
            decision=lambda chosen: (remove_member, store, workspace, cluster_id, chosen),
            success="Removed: it is now a group of its own.",
        )
    with merge.popover("Merge with…", icon=":material/merge:"):
        if others:
            _pick_then(
                "Group to merge into this one",
                others,
                "Merge",
                key=f"merge_{cluster_id}",
                decision=lambda chosen: (merge_groups, store, workspace, cluster_id, chosen),
                success="Groups merged.",
            )
        else:
            st.caption("There is no other group to merge with.")


def undo_bar(store: Store, workspace: str) -> None:
    """Undo and redo the last grouping decision, each named; hidden when there is none."""
    undo_redo_buttons(
        st.columns(2),
        decision_stacks(store, workspace),
        lambda again, step: {  # a callback: it undoes the step this button named, or says why not
            "label": f"{'Redo' if again else 'Undo'} {describe(step)}",
            "on_click": attempt,
            "args": (redo_last if again else undo_last, store, workspace),
            "kwargs": {
                "expected": step.event_id,
                "success": (lambda r: f"Redid {r}.") if again else (lambda u: f"Undid {u}."),
            },
        },
        hide_empty=True,
    )


def not_feedback_panel(store: Store, workspace: str, data: WorkspaceData) -> None:
    """The notes that are not feedback ("thanks!", "ok"), and a way to overrule the rule for
    any note: tick or untick "Not feedback", then save."""
    found = not_feedback(data)
    label = f"Not feedback: {plural(len(found), 'highlight')}"  # numbers
    with st.expander(label, icon=":material/block:"):
        st.caption(
            'Notes with nothing to act on (thanks, greetings, "ok", "really?", a handle or a '
            "link alone, a retweet) are kept but never grouped or ranked. Untick one to count "
            "it as feedback; search for any other note to mark it as not feedback. Your marks "
            "are kept through re-imports and re-grouping."
        )
        search = st.text_input(
            "Find a note",
            placeholder="a word in any note, feedback or not",
            key="dedupe_feedback_search",
        )
        active = data.active_highlights
        shown = found
        if search.strip() and len(active):  # any note with the words, set aside or not
            shown = active[active["text"].str.contains(search.strip(), case=False, regex=False)]
            st.caption(
                f"{plural(len(shown), 'note')} with “{md_escape(search.strip())}”"
                + (", the first 500 shown." if len(shown) > 500 else ".")
            )
            shown = shown.head(500)
        if shown.empty:
            st.caption("None.")
            return
        ticks = dict.fromkeys(found["id"].tolist(), True)
        table = pd.DataFrame(
            {
                "Not feedback": [ticks.get(h, False) for h in shown["id"]],
                "Note": shown["text"].tolist(),
                "Participant": shown["participant"].tolist(),
                "id": shown["id"].tolist(),
            }
        )
        edited = st.data_editor(
            table,
            disabled=["Note", "Participant", "id"],
            column_config={"id": None},
            hide_index=True,
            key="dedupe_feedback_table",
        )
        if st.button("Save marks", icon=":material/save:", key="dedupe_feedback_save"):
            before = dict(zip(table["id"], table["Not feedback"], strict=True))
            after = dict(zip(edited["id"], edited["Not feedback"], strict=True))
            change = changed_marks(before, after)
            for ticked, ids in change.items():
                if ids:
                    attempt(
                        mark,
                        store,
                        workspace,
                        ids,
                        feedback=not ticked,
                        success=lambda n, t=ticked: (
                            f"{plural(n, 'highlight')} marked as "
                            f"{'not feedback' if t else 'feedback'}."
                        ),
                    )
            if change[True] or change[False]:
                st.rerun()
