"""A team server in a real browser: sign-in through a real OpenID Connect provider on loopback
(oidc-provider-mock), two people voting from two browsers, who did what, facilitators only."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from streamlit_page import sidebar, wait_for_app

from insights.model import SAMPLE_WORKSPACE
from insights.prioritize import evidence
from insights.store import Store
from insights.theme_assignment import Move, assign
from insights.workspaces import create_workspace, ensure_sample

TEAM_WORKSPACE = "Team study"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[str]:
    """oidc-provider-mock on a free loopback port; any "sub" typed in signs in as that email."""
    port = _port()
    log = (tmp_path_factory.mktemp("oidc") / "oidc.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("oidc-provider-mock did not start") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def team_server(provider, start_server, tmp_path_factory):
    """The app with [auth] pointing at the provider; alice facilitates, bob takes part."""
    folder = tmp_path_factory.mktemp("team")
    url = f"sqlite:///{folder / 'store.db'}"
    store = Store(url)
    ensure_sample(store)
    found = evidence(store.load(SAMPLE_WORKSPACE))
    ids = store.load(SAMPLE_WORKSPACE).themes.set_index("name")["id"]
    hits = found[found["text"].str.contains("shipping", case=False)]
    assign(
        store,
        SAMPLE_WORKSPACE,
        [Move(k, list(g["id"]), int(ids["Pain points"])) for k, g in hits.groupby("group_key")],
        via="test",
    )
    create_workspace(store, TEAM_WORKSPACE)
    store.close()
    port = _port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "a-long-random-string-for-the-test-only"
client_id = "insights"
client_secret = "insights-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[insights]
allowed_domains = ["example.com"]
facilitators = ["alice@example.com"]
""",
        encoding="utf-8",
    )
    return start_server(url, port=port, args=("--secrets.files", str(secrets)))


def _sign_in(page: Page, server, email: str) -> None:
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{server.url}/**")
    wait_for_app(page)
    expect(sidebar(page)).to_contain_text("Signed in as")


def _workshop(page: Page, server) -> None:
    page.goto(f"{server.url}/workshop?workspace={SAMPLE_WORKSPACE.replace(' ', '+')}")
    wait_for_app(page)


def test_an_anonymous_visitor_sees_only_the_sign_in(team_server, page: Page) -> None:
    page.goto(f"{team_server.url}/workshop?workspace={SAMPLE_WORKSPACE.replace(' ', '+')}")
    wait_for_app(page)

    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    text = page.get_by_test_id("stApp").inner_text()
    for secret in (SAMPLE_WORKSPACE, TEAM_WORKSPACE, "highlights", "Dot votes", "shipping"):
        assert secret.lower() not in text.lower(), secret
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)


def test_alice_and_bob_vote_see_each_other_and_the_history_names_them(
    team_server, page: Page, new_page
) -> None:
    alice, bob = page, new_page()
    _sign_in(alice, team_server, "alice@example.com")
    _sign_in(bob, team_server, "bob@example.com")
    expect(sidebar(alice)).to_contain_text("(facilitator)")
    expect(sidebar(bob)).to_contain_text("(participant)")

    _workshop(alice, team_server)
    _workshop(bob, team_server)
    main_a, main_b = alice.get_by_test_id("stMain"), bob.get_by_test_id("stMain")
    expect(main_a).to_contain_text("Your dots left: 5 of 5")
    alice.get_by_role("button", name="Place a dot").click()
    expect(main_a).to_contain_text("Your dots left: 4 of 5")

    bob.get_by_role("button", name="Place a dot").click()
    expect(main_b).to_contain_text("Your dots left: 4 of 5")
    expect(main_b).to_contain_text("alice")  # "Dots here from: alice@…, bob@…"
    expect(main_b).to_contain_text("bob")
    _workshop(alice, team_server)  # alice's next view shows bob's dot
    expect(main_a).to_contain_text("Dots here from:")
    expect(main_a.get_by_text("Dots here from:")).to_contain_text("bob")

    # alice (a facilitator) locks and unlocks the board; bob's switch cannot
    lock_b = bob.get_by_test_id("stCheckbox").filter(has_text="Lock the board")
    expect(lock_b.locator("input")).to_be_disabled()
    lock_a = alice.get_by_test_id("stCheckbox").filter(has_text="Lock the board")
    lock_a.locator("label").click()
    expect(alice.get_by_text("Board locked")).to_be_visible()
    wait_for_app(alice)

    lock_a.locator("label").click()  # unlocked again, so bob can add a theme
    expect(alice.get_by_text("Board unlocked")).to_be_visible()
    wait_for_app(alice)

    # bob adds a theme; the history names both
    bob.goto(f"{team_server.url}/themes?workspace={SAMPLE_WORKSPACE.replace(' ', '+')}")
    wait_for_app(bob)
    bob.get_by_test_id("stButtonGroup").get_by_text("Themes", exact=True).click()
    wait_for_app(bob)
    form = bob.get_by_test_id("stForm").filter(has_text="Add theme")
    form.get_by_label("Name").fill("Bob's theme")
    form.get_by_role("button", name="Add theme").click()
    wait_for_app(bob)
    bob.get_by_test_id("stButtonGroup").get_by_text("History", exact=True).click()
    wait_for_app(bob)
    history = bob.get_by_test_id("stDataFrame")
    expect(history).to_contain_text("bob@example.com")
    expect(history).to_contain_text("Added theme")
    expect(history).to_contain_text("alice@example.com")
    expect(history).to_contain_text("Locked the board")


def test_a_participant_cannot_delete_a_workspace_but_a_facilitator_can(
    team_server, page: Page, new_page
) -> None:
    bob = page
    _sign_in(bob, team_server, "bob@example.com")
    bob.goto(f"{team_server.url}/?workspace={TEAM_WORKSPACE.replace(' ', '+')}")
    wait_for_app(bob)
    expect(sidebar(bob)).to_contain_text("Only a facilitator can delete or reset a workspace.")
    expect(sidebar(bob).get_by_role("button", name="Delete workspace…")).to_have_count(0)

    alice = new_page()
    _sign_in(alice, team_server, "alice@example.com")
    alice.goto(f"{team_server.url}/?workspace={TEAM_WORKSPACE.replace(' ', '+')}")
    wait_for_app(alice)
    expect(sidebar(alice).get_by_role("button", name="Delete workspace…")).to_be_visible()


def test_someone_outside_the_lists_is_told_to_ask_for_access(team_server, page: Page) -> None:
    page.goto(team_server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill("mallory@evil.org")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{team_server.url}/**")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Ask the owner for access")).to_be_visible()
    assert SAMPLE_WORKSPACE not in page.get_by_test_id("stApp").inner_text()


def test_the_store_names_who_voted(team_server) -> None:
    """After the journeys above: the events carry the signed-in people's emails."""
    store = Store(team_server.database_url)
    actors = set(store.event_log(SAMPLE_WORKSPACE)["actor"])
    store.close()
    assert {"alice@example.com", "bob@example.com"} <= actors
    assert Path(team_server.log_path).read_text().count("Traceback") == 0
