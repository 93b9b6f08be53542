"""Reporting events are written with the change they measure, and read back by administrators."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members
from tests.api.reports_support import History, at, seconds, unix


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


def _unix(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def _events(account, display_id: int) -> list[dict]:
    r = account.get(f"/conversations/{display_id}/reporting_events")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_conversation_through_the_api_records_its_response_resolution_and_reopening(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    number, created = conversation["id"], conversation["created_at"]

    account.create_message(number, "hello?", message_type="incoming")
    assert _events(account, number) == []
    first = account.create_message(number, "hi, how can I help")
    account.create_message(number, "just a note", private=True)
    asked = account.create_message(number, "it broke", message_type="incoming")
    answered = account.create_message(number, "fixed")
    account.create_message(number, "anything else?")  # nobody was waiting: no reply time

    before = int(time.time())
    assert account.post(f"/conversations/{number}/toggle_status", {"status": "resolved"}).status_code == 200
    after = int(time.time()) + 1
    returned = account.create_message(number, "one more thing", message_type="incoming")

    events = _events(account, number)
    assert [e["name"] for e in events] == [
        "first_response",
        "reply_time",
        "conversation_resolved",
        "conversation_opened",
    ]
    first_response, reply_time, resolved, opened = events
    assert first_response["value"] == first["created_at"] - created
    assert reply_time["value"] == answered["created_at"] - asked["created_at"]
    resolved_at = _unix(resolved["event_end_time"])
    assert before <= resolved_at <= after
    assert resolved["value"] == resolved_at - created
    assert opened["value"] == returned["created_at"] - resolved_at
    assert _unix(opened["event_start_time"]) == resolved_at
    for event in events:
        assert event["value_in_business_hours"] == event["value"]
        assert event["conversation_id"] == number
        assert event["inbox_id"] == inbox["id"]
        assert event["account_id"] == account.account_id
        assert event["user_id"] == account.user_id
        assert set(event) >= {"id", "event_start_time", "event_end_time", "created_at", "updated_at"}
    assert _unix(first_response["event_start_time"]) == created
    assert _unix(reply_time["event_start_time"]) == asked["created_at"]


def test_opening_a_conversation_that_was_never_resolved_measures_nothing(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], status="pending")
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "snoozed"})
    assert account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "open"}).status_code == 200
    (opened,) = _events(account, conversation["id"])
    assert opened["name"] == "conversation_opened"
    assert opened["value"] == 0
    assert _unix(opened["event_start_time"]) == conversation["created_at"]
    assert opened["user_id"] is None


def test_muting_resolves_and_a_second_reopen_measures_from_the_latest_resolution(account):
    inbox = account.create_api_inbox()
    history = History(account)
    start = at("2026-02-02", "09:00:00")
    number = history.conversation(inbox["id"], start)
    history.status(number, "resolved", seconds(start, hours=1))
    history.status(number, "open", seconds(start, hours=3))
    history.status(number, "resolved", seconds(start, hours=4))
    history.incoming(number, seconds(start, hours=10))
    assert account.post(f"/conversations/{number}/mute").status_code == 200

    events = _events(account, number)
    assert [(e["name"], e["value"]) for e in events[:5]] == [
        ("conversation_resolved", 3600),
        ("conversation_opened", 2 * 3600),
        ("conversation_resolved", 4 * 3600),
        ("conversation_opened", 6 * 3600),
        ("conversation_resolved", events[4]["value"]),
    ]
    assert _unix(events[3]["created_at"]) == unix(seconds(start, hours=10))
    assert events[4]["value"] == _unix(events[4]["event_end_time"]) - unix(start)


def test_the_account_list_is_paged_newest_first_and_filtered(account, members):
    inbox = account.create_api_inbox()
    other_inbox = account.create_api_inbox(name="Other")
    agent = members.add()
    account.post("/inbox_members", {"inbox_id": other_inbox["id"], "user_ids": [agent.user_id]})
    history = History(account)
    start = at("2026-01-05", "08:00:00")
    number = history.conversation(inbox["id"], start)
    history.reply(number, seconds(start, minutes=1))  # first_response
    for i in range(26):
        history.incoming(number, seconds(start, minutes=10 + 2 * i))
        history.reply(number, seconds(start, minutes=11 + 2 * i))  # 26 reply_time events, one minute each
    agents_conversation = History(agent).conversation(other_inbox["id"], seconds(start, days=1))
    History(agent).reply(agents_conversation, seconds(start, days=1, minutes=5))

    r = account.get("/reporting_events")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["meta"] == {"count": 28, "current_page": 1, "total_pages": 2}
    assert len(body["payload"]) == 25
    assert body["payload"][0]["user_id"] == agent.user_id  # the newest
    created = [_unix(e["created_at"]) for e in body["payload"]]
    assert created == sorted(created, reverse=True)
    second = account.get("/reporting_events", params={"page": 2}).json()
    assert [e["name"] for e in second["payload"]] == ["reply_time", "reply_time", "first_response"]
    assert second["meta"]["current_page"] == 2

    def count(**params) -> int:
        r = account.get("/reporting_events", params=params)
        assert r.status_code == 200, r.text
        return r.json()["meta"]["count"]

    assert count(name="reply_time") == 26
    assert count(event_name="first_response") == 2
    assert count(inbox_id=other_inbox["id"]) == 1
    assert count(user_id=agent.user_id) == 1
    assert count(user_id=account.user_id) == 27
    assert (
        count(since=unix(seconds(start, minutes=30)), until=unix(seconds(start, hours=1))) == 15
    )  # minutes 31, 33 … 59
    assert count(since=unix(seconds(start, hours=12))) == 1


def test_reporting_events_are_for_administrators_of_the_account(account, other_account, members):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    agent = members.add()
    account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]})
    assert agent.get("/reporting_events").status_code == 401
    assert agent.get("/reporting_events").json() == NOT_AUTHORIZED
    assert agent.get(f"/conversations/{conversation['id']}/reporting_events").status_code == 401

    theirs = other_account.create_conversation(other_account.create_api_inbox()["id"])
    other_account.create_message(theirs["id"], "hi")
    assert other_account.get("/reporting_events").json()["meta"]["count"] == 1
    assert account.get("/reporting_events").json()["meta"]["count"] == 0
    missing = account.get(f"/conversations/{theirs['id'] + 1000}/reporting_events")
    assert (missing.status_code, missing.json()) == (404, NOT_FOUND)
    foreign = account.client.get(f"/api/v1/accounts/{other_account.account_id}/reporting_events")
    assert foreign.status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "1e400"}, "until"),
        ({"since": "2000", "until": "1000"}, "until"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"inbox_id": "x"}, "inbox_id"),
        ({"user_id": "-3"}, "user_id"),
    ],
)
def test_bad_list_parameters_are_refused_naming_the_parameter(account, params, field):
    r = account.get("/reporting_events", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]


def test_deleting_a_contact_deletes_the_events_of_its_conversations(account):
    inbox = account.create_api_inbox()
    kept = account.create_conversation(inbox["id"])
    gone = account.create_conversation(inbox["id"])
    account.create_message(kept["id"], "hi")
    account.create_message(gone["id"], "hi")
    assert account.get("/reporting_events").json()["meta"]["count"] == 2
    assert account.client.delete(account.path(f"/contacts/{gone['meta']['sender']['id']}")).status_code == 200
    (left,) = account.get("/reporting_events").json()["payload"]
    assert left["conversation_id"] == kept["id"]
