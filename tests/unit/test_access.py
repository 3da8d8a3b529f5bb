"""Who may come in and who is a facilitator, from the secrets' [auth] and [insights]."""

from __future__ import annotations

import pytest

from insights.access import AccessRules, Capability, NotAllowed, rules_from

AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback"}}


def test_without_auth_the_single_user_may_do_everything() -> None:
    rules = rules_from({"insights": {"facilitators": ["dana@example.com"]}})
    assert rules == AccessRules()
    assert rules.may_enter(None)
    assert rules.may(None, Capability.DELETE_WORKSPACE)


def test_with_auth_and_no_lists_anyone_signed_in_comes_in_and_facilitates() -> None:
    rules = rules_from(AUTH)
    assert rules.signed_in
    assert not rules.may_enter(None) and not rules.may_enter("  ")
    assert rules.may_enter("anyone@anywhere.org")
    assert rules.may("anyone@anywhere.org", Capability.LOCK_BOARD)


def test_allowed_emails_and_domains_decide_who_comes_in() -> None:
    rules = rules_from(
        {
            **AUTH,
            "insights": {
                "allowed_emails": ["Bob@Partner.org"],
                "allowed_domains": ["@example.com", "shop.co"],
                "facilitators": ["boss@elsewhere.net"],
            },
        }
    )
    assert rules.may_enter("bob@partner.org")
    assert rules.may_enter("ALICE@example.com")
    assert rules.may_enter("eve@shop.co")
    assert rules.may_enter("boss@elsewhere.net")  # facilitators always come in
    assert not rules.may_enter("eve@partner.org")
    assert not rules.may_enter("eve@notexample.com")
    assert not rules.may_enter("example.com")  # a domain alone is no address


def test_only_listed_facilitators_may_delete_lock_and_write_back() -> None:
    rules = rules_from({**AUTH, "insights": {"facilitators": "alice@example.com"}})
    for capability in Capability:
        assert rules.may("alice@example.com", capability)
        assert not rules.may("bob@example.com", capability)
    with pytest.raises(NotAllowed, match="Only a facilitator can delete or reset a workspace"):
        rules.require("bob@example.com", Capability.DELETE_WORKSPACE)
    rules.require("Alice@Example.com ", Capability.DELETE_WORKSPACE)


def test_someone_not_allowed_in_is_no_facilitator_either() -> None:
    rules = rules_from({**AUTH, "insights": {"allowed_domains": ["example.com"]}})
    assert rules.is_facilitator("bob@example.com")  # no list: everyone allowed in
    assert not rules.is_facilitator("mallory@evil.org")


def test_a_malformed_insights_section_is_read_as_no_lists() -> None:
    rules = rules_from({**AUTH, "insights": "oops"})
    assert rules.may_enter("anyone@x.org")
    rules = rules_from({**AUTH, "insights": {"allowed_emails": 42}})
    assert rules.allowed_emails == frozenset()
