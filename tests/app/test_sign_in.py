"""A team server: with [auth] in the secrets, nothing shows before sign-in, the lists decide
who comes in, and only facilitators delete, reset, lock or write back."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from insights.model import SAMPLE_WORKSPACE

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "not-a-secret-only-a-test",
    "client_id": "insights",
    "client_secret": "insights",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
LISTS = {"allowed_domains": ["example.com"], "facilitators": ["alice@example.com"]}


def _visit(new_app, user: dict, page: str | None = None) -> AppTest:
    at = new_app()
    at.secrets["auth"] = AUTH
    at.secrets["insights"] = LISTS
    at.user = user
    at.query_params["workspace"] = SAMPLE_WORKSPACE
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _everything_shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.markdown, *at.caption, *at.header, *at.subheader)]
    parts += [str(getattr(e, "label", "")) for e in (*at.button, *at.selectbox, *at.metric)]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def test_a_visitor_not_signed_in_sees_only_the_sign_in_screen(app_url, new_app) -> None:
    at = _visit(new_app, {"is_logged_in": False})

    assert [t.value for t in at.title] == ["Interview insights"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.selectbox and not at.metric and not at.dataframe and not at.sidebar.children
    shown = _everything_shown(at)
    assert "Sample" not in shown and SAMPLE_WORKSPACE not in shown
    assert "highlights" not in shown.lower()


def test_a_person_outside_the_lists_is_asked_to_ask_the_owner(app_url, new_app) -> None:
    at = _visit(new_app, {"is_logged_in": True, "email": "mallory@evil.org"})

    assert [t.value for t in at.title] == ["Ask the owner for access"]
    assert "mallory" in at.markdown[0].value
    assert [b.label for b in at.button] == ["Sign out"]
    assert not at.selectbox and SAMPLE_WORKSPACE not in _everything_shown(at)


def test_a_participant_works_but_cannot_delete_reset_lock_or_write_back(
    sorted_sample, new_app
) -> None:
    at = _visit(new_app, {"is_logged_in": True, "email": "bob@example.com"}, "pages/workshop.py")

    assert at.sidebar.selectbox(key="workspace").value == SAMPLE_WORKSPACE
    labels = [b.label for b in at.sidebar.button]
    assert "Reset this sample…" not in labels and "Delete workspace…" not in labels
    captions = [c.value for c in at.sidebar.caption]
    assert "Only a facilitator can delete or reset a workspace." in captions
    assert any(c.startswith("Signed in as bob") and "(participant)" in c for c in captions)
    assert at.toggle(key="workshop_lock").disabled
    assert "Save the voting rules" not in [b.label for b in at.button]

    at.switch_page("pages/export.py").run()
    assert "Only a facilitator can write to the Google Sheet." in [c.value for c in at.caption]


def test_a_facilitator_may_reset_lock_and_set_the_voting_rules(app_url, new_app) -> None:
    at = _visit(new_app, {"is_logged_in": True, "email": "alice@example.com"}, "pages/workshop.py")

    assert "Reset this sample…" in [b.label for b in at.sidebar.button]
    assert any("(facilitator)" in c.value for c in at.sidebar.caption)
    assert not at.toggle(key="workshop_lock").disabled
