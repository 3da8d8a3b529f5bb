"""Who is at the keyboard: the signed-in person's email, or nobody in single-user mode.

Streamlit's own sign-in fills ``st.user``; without ``[auth]`` in the secrets the app
is a single-user tool and every action is recorded as "you".
"""

from __future__ import annotations

import streamlit as st


def signed_in_email() -> str | None:
    """The signed-in person's email (lower case), or None when no one is signed in."""
    try:
        user = st.user
        if not user.get("is_logged_in"):
            return None
        email = str(user.get("email") or "").strip().lower()
    except Exception:  # no script context (a bare import), or a provider without claims
        return None
    return email or None
