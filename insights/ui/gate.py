"""The door of a team server: the sign-in screen, the "ask for access" page, who is in.

With ``[auth]`` in the secrets, nobody sees anything of the workspaces (names,
notes, counts) before signing in with Streamlit's own ``st.login``, and only
people the ``[insights]`` lists let in get further. The rules are
``insights.access``; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from insights.access import AccessRules, Capability, rules_from
from insights.ui.signed_in import signed_in_email
from insights.ui.state import secrets
from insights.ui.text import md_escape


def access_rules() -> AccessRules:
    """The rules the secrets set (the single-user tool when there is no ``[auth]``)."""
    return rules_from(secrets())


def may(capability: Capability) -> bool:
    """Whether the person at this browser may do ``capability`` (a facilitator's thing)."""
    return access_rules().may(signed_in_email(), capability)


def require(capability: Capability) -> None:
    """Refuse (``NotAllowed``, said in words) unless this person may do ``capability``.

    The controls are disabled or left out for others; this is the check behind them,
    for a message a browser could send to a disabled control.
    """
    access_rules().require(signed_in_email(), capability)


def _providers() -> list[str | None]:
    """None for the one provider ``[auth]`` itself describes, else each ``[auth.<name>]``."""
    auth = secrets().get("auth") or {}
    if "client_id" in auth:
        return [None]
    named = [name for name, value in auth.items() if isinstance(value, Mapping)]
    return named or [None]


def _sign_in_screen() -> None:
    st.title("Interview insights")
    st.markdown("This is your team's insight server. **Sign in** to see its workspaces.")
    for provider in _providers():
        label = "Sign in" if provider is None else f"Sign in with {provider.capitalize()}"
        if st.button(label, type="primary", icon=":material/login:", key=f"login_{provider}"):
            st.login() if provider is None else st.login(provider)


def _ask_for_access_screen() -> None:
    st.title("Ask the owner for access")
    st.markdown(
        f"You are signed in as **{md_escape(signed_in_email() or 'someone without an email')}**, "
        "but this server is not open to that address. Ask the person who runs it to add "
        "you (or your company's domain) to its list, then sign in again."
    )
    if st.button("Sign out", icon=":material/logout:", key="logout_refused"):
        st.logout()


def admit() -> bool:
    """Whether this visitor may see the app; if not, draw the screen that says why."""
    rules = access_rules()
    if not rules.signed_in:
        return True
    email = signed_in_email()
    if email is not None and rules.may_enter(email):
        return True
    screen = _sign_in_screen if email is None else _ask_for_access_screen
    title = "Sign in" if email is None else "Ask for access"
    # The only page there is: no other page, nor the pages/ folder, is reachable until then.
    st.navigation([st.Page(screen, title=title, default=True)], position="hidden").run()
    return False


def signed_in_badge() -> None:
    """In the sidebar: who is signed in, their role, and a way out."""
    rules = access_rules()
    email = signed_in_email()
    if not rules.signed_in or email is None:
        return
    with st.sidebar:
        role = "facilitator" if rules.is_facilitator(email) else "participant"
        st.caption(f"Signed in as {md_escape(email)} ({role})")
        if st.button("Sign out", icon=":material/logout:", key="logout"):
            st.logout()


def facilitators_only(capability: Capability) -> None:
    """Say, where the control would be, why it is not there."""
    st.caption(f"Only a facilitator can {capability.value}.")
