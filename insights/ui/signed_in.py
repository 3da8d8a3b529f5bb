"""Who is at the keyboard: the signed-in person's email, or nobody in single-user mode.

Streamlit's own sign-in fills ``st.user``; without ``[auth]`` in the secrets the app
is a single-user tool and every action is recorded as "you".
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from insights import people


def signed_in_email() -> str | None:
    """The signed-in person's email (lower case), or None when no one is signed in."""
    if get_script_run_ctx(suppress_warning=True) is None:  # not in a page's run
        return None
    try:
        user = st.user
        if not user.get("is_logged_in"):
            return None
        email = str(user.get("email") or "").strip().lower()
    except Exception:  # no script context (a bare import), or a provider without claims
        return None
    return email or None


def record_actions_as_signed_in_person() -> None:
    """Make the core record every action (page, callback or fragment) under this person."""
    people.use_source(signed_in_email)
