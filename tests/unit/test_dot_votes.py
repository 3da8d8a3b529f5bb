"""One vote per person: dots per session, the facilitator's rules, totals that lose nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from small_study import WS, make_study

from insights import dots
from insights.decisions import DecisionProblem, add_room_votes, set_votes
from insights.prioritize import prioritize
from insights.store import Store
from insights.tally import VoteProblem


@pytest.fixture
def study(store: Store) -> Store:
    return make_study(store)


def _key(study: Store, name: str) -> str:
    themes = study.load(WS).themes.set_index("name")
    return f"theme:{int(themes.loc[name, 'id'])}"


def _total(study: Store, key: str) -> int:
    votes = study.load(WS).votes.set_index("insight_key")["votes"]
    return int(votes.get(key, 0))


def test_each_person_has_five_dots_by_default_and_one_per_insight(study: Store) -> None:
    pain, love = _key(study, "Pain points"), _key(study, "Product love")

    assert dots.place_dot(study, WS, pain, "alice@example.com") == 4
    with pytest.raises(VoteProblem, match="at most one dot"):
        dots.place_dot(study, WS, pain, "alice@example.com")
    assert dots.place_dot(study, WS, love, "alice@example.com") == 3
    assert dots.place_dot(study, WS, pain, "bob@example.com") == 4

    assert _total(study, pain) == 2
    assert _total(study, love) == 1
    assert dots.ballot(study, WS, "alice@example.com").left == 3
    assert dots.voters(study, WS, pain) == [("alice@example.com", 1), ("bob@example.com", 1)]


def test_the_facilitator_sets_the_dots_and_allows_stacking(study: Store) -> None:
    pain = _key(study, "Pain points")
    dots.set_rules(study, WS, dots=3, stack=True)

    for left in (2, 1, 0):
        assert dots.place_dot(study, WS, pain, "alice@example.com") == left
    with pytest.raises(VoteProblem, match="all your 3 dots"):
        dots.place_dot(study, WS, pain, "alice@example.com")
    assert _total(study, pain) == 3

    assert dots.take_back_dot(study, WS, pain, "alice@example.com") == 1
    assert _total(study, pain) == 2
    with pytest.raises(VoteProblem, match="between 1 and"):
        dots.set_rules(study, WS, dots=0, stack=False)


def test_a_new_round_gives_dots_back_and_keeps_the_totals(study: Store) -> None:
    pain = _key(study, "Pain points")
    dots.set_rules(study, WS, dots=1, stack=False)
    dots.place_dot(study, WS, pain, "alice@example.com")
    with pytest.raises(VoteProblem):
        dots.place_dot(study, WS, _key(study, "Product love"), "alice@example.com")

    rules = dots.new_round(study, WS)

    assert rules.round == 2 and rules.dots == 1
    assert dots.ballot(study, WS, "alice@example.com").left == 1
    dots.place_dot(study, WS, pain, "alice@example.com")  # a dot again, in the new session
    assert _total(study, pain) == 2
    with pytest.raises(VoteProblem, match="no dot"):
        dots.take_back_dot(study, WS, _key(study, "Product love"), "alice@example.com")


def test_the_priority_score_uses_the_totals(study: Store) -> None:
    pain = _key(study, "Pain points")
    before = prioritize(study.load(WS)).themes.set_index("key").loc[pain]
    for person in ("a@x.org", "b@x.org", "c@x.org"):
        dots.place_dot(study, WS, pain, person)

    after = prioritize(study.load(WS)).themes.set_index("key").loc[pain]
    assert int(after["votes"]) == 3
    assert float(after["score"]) > float(before["score"])


def test_the_rooms_count_adds_to_peoples_dots_and_cannot_remove_them(study: Store) -> None:
    pain = _key(study, "Pain points")
    set_votes(study, WS, pain, 4)  # single-user mode: the room's count
    dots.place_dot(study, WS, pain, "alice@example.com")
    assert _total(study, pain) == 5

    set_votes(study, WS, pain, 2)
    assert _total(study, pain) == 2  # the room's part is now 1, alice's dot stays
    with pytest.raises(VoteProblem, match="cannot bring the total below 1"):
        set_votes(study, WS, pain, 0)
    assert add_room_votes(study, WS, pain, -1) == 1
    with pytest.raises(VoteProblem, match="no dot"):
        add_room_votes(study, WS, pain, -1)
    assert add_room_votes(study, WS, pain, +1) == 2


def test_no_one_votes_without_a_name_or_on_a_deleted_insight(study: Store) -> None:
    with pytest.raises(VoteProblem, match="Sign in"):
        dots.place_dot(study, WS, _key(study, "Pain points"), " ")
    with pytest.raises(VoteProblem, match="Sign in"):
        dots.place_dot(study, WS, _key(study, "Pain points"), "(room)")
    with pytest.raises(DecisionProblem, match="no longer in this workspace"):
        dots.place_dot(study, WS, "theme:999", "alice@example.com")


def test_twenty_people_voting_at_once_count_exactly_twenty(store_url: str) -> None:
    """Each voter has a connection (Store, engine) of its own, as separate servers would."""
    study = make_study(Store(store_url))
    key = _key(study, "Pain points")
    people = [f"person{i}@example.com" for i in range(20)]
    voters = [Store(store_url) for _ in people]
    start = threading.Barrier(len(people))

    def vote(pair: tuple[Store, str]) -> int:
        own, person = pair
        start.wait()
        return dots.place_dot(own, WS, key, person)

    try:
        with ThreadPoolExecutor(max_workers=len(people)) as pool:
            left = list(pool.map(vote, zip(voters, people, strict=True)))
    finally:
        for own in voters:
            own.close()

    assert left == [4] * 20
    assert _total(study, key) == 20
    assert [p for p, _ in dots.voters(study, WS, key)] == sorted(people)
    events = study.event_log(WS)
    assert (events["action"] == "insight.vote").sum() == 20
    study.close()


def test_the_same_person_clicking_twenty_times_at_once_gets_their_five_dots(
    store_url: str,
) -> None:
    study = make_study(Store(store_url))
    key = _key(study, "Pain points")
    dots.set_rules(study, WS, dots=5, stack=True)
    clicks = [Store(store_url) for _ in range(20)]
    start = threading.Barrier(len(clicks))

    def click(own: Store) -> bool:
        start.wait()
        try:
            dots.place_dot(own, WS, key, "alice@example.com")
        except VoteProblem:
            return False
        return True

    try:
        with ThreadPoolExecutor(max_workers=len(clicks)) as pool:
            placed = list(pool.map(click, clicks))
    finally:
        for own in clicks:
            own.close()

    assert sum(placed) == 5
    assert _total(study, key) == 5
    study.close()


def test_room_counts_from_before_survive_the_upgrade(store_url: str) -> None:
    """A store of schema 5 (votes as one counter per insight) keeps its counts."""
    from insights import migrations

    url = store_url
    study = make_study(Store(url))
    key = _key(study, "Pain points")
    set_votes(study, WS, key, 7)
    study.close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # back to schema 5: no per-person table
        conn.execute(sa.text("DROP TABLE dot_votes"))
        for table, column in [("events", "actor"), ("decisions", "decided_by")]:
            conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))  # schema 7's
        for table, column in [("quote_bank", "updated_by"), ("workshop_sessions", "saved_by")]:
            conn.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        conn.execute(sa.text("UPDATE schema_info SET value = '5' WHERE key = 'schema_version'"))
    engine.dispose()

    reopened = Store(url)

    with reopened.reading() as conn:
        assert migrations.current_version(conn) == migrations.SCHEMA_VERSION
    assert _total(reopened, key) == 7
    dots.place_dot(reopened, WS, key, "alice@example.com")
    assert _total(reopened, key) == 8
    set_votes(reopened, WS, key, 9)  # the room's count is still its own to change
    assert _total(reopened, key) == 9
    reopened.close()
