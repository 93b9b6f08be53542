"""Working hours per inbox (Chatwoot's fields): the week read in the inbox's time zone with a controllable clock,
the out-of-office reply to incoming messages outside them (once a day), the greeting on a first message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chatlake.actions.working_hours import check_working_hours
from chatlake.working_week import DEFAULT_WEEK, is_open
from tests.inbox_ops.support import call, contents, messages

TEMPLATE = 3  # Chatwoot's message_type integer for template messages
CLOSED_ALL_WEEK = [{"day_of_week": day, "closed_all_day": True} for day in range(7)]
OPEN_ALL_WEEK = [{"day_of_week": day, "open_all_day": True} for day in range(7)]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def week(*rows: dict) -> list[dict]:
    return check_working_hours(list(rows), DEFAULT_WEEK)


@pytest.mark.parametrize(
    "moment, zone, expected",
    [
        # Chatwoot's default week: Monday to Friday 9:00-17:00.
        ("2026-03-02T09:00:00", "UTC", True),  # Monday, opening minute
        ("2026-03-02T08:59:59", "UTC", False),
        ("2026-03-02T16:59:59", "UTC", True),
        ("2026-03-02T17:00:00", "UTC", False),  # closing time is outside
        ("2026-03-01T12:00:00", "UTC", False),  # Sunday
        ("2026-03-07T12:00:00", "UTC", False),  # Saturday
        # 03:30 UTC on Monday is 09:00 in Kolkata (+5:30): open there, closed in London.
        ("2026-03-02T03:30:00", "Asia/Kolkata", True),
        ("2026-03-02T03:29:00", "Asia/Kolkata", False),
        ("2026-03-02T03:30:00", "Europe/London", False),
        # 23:30 UTC on Sunday is already Monday 10:30 in Auckland (+13 in March): the day changes with the zone.
        ("2026-03-01T23:30:00", "Pacific/Auckland", True),
        # 16:30 UTC on Friday is 22:00 in Kolkata: closed there though open in UTC.
        ("2026-03-06T16:30:00", "Asia/Kolkata", False),
        # Daylight saving: New York is UTC-5 before 8 March 2026 and UTC-4 after.
        ("2026-03-06T14:00:00", "America/New_York", True),  # Friday 09:00 EST
        ("2026-03-09T13:00:00", "America/New_York", True),  # Monday 09:00 EDT
        ("2026-03-09T12:59:00", "America/New_York", False),
    ],
)
def test_the_default_week_in_a_time_zone(moment, zone, expected):
    assert is_open(DEFAULT_WEEK, zone, at(moment)) is expected


def test_days_with_minutes_open_all_day_and_closed():
    hours = week(
        {"day_of_week": 1, "open_hour": 8, "open_minutes": 30, "close_hour": 12, "close_minutes": 15},
        {"day_of_week": 0, "open_all_day": True},
        {"day_of_week": 2, "closed_all_day": True},
    )
    assert is_open(hours, "UTC", at("2026-03-02T08:30:00")) and not is_open(hours, "UTC", at("2026-03-02T08:29:59"))
    assert is_open(hours, "UTC", at("2026-03-02T12:14:59")) and not is_open(hours, "UTC", at("2026-03-02T12:15:00"))
    assert is_open(hours, "UTC", at("2026-03-01T00:00:00")) and is_open(hours, "UTC", at("2026-03-01T23:59:59"))
    assert not is_open(hours, "UTC", at("2026-03-03T10:00:00"))
    assert is_open(hours, "UTC", at("2026-03-04T10:00:00"))  # Wednesday kept its default hours


def test_inbox_fields_are_chatwoots_and_bad_ones_change_nothing(account):
    inbox = account.create_api_inbox()
    assert inbox["working_hours"] == DEFAULT_WEEK and inbox["working_hours_enabled"] is False
    path = f"/inboxes/{inbox['id']}"
    body = {
        "working_hours_enabled": True,
        "timezone": "Europe/Paris",
        "out_of_office_message": "We are away",
        "working_hours": [{"day_of_week": 6, "open_hour": 10, "open_minutes": 0, "close_hour": 14, "close_minutes": 0}],
    }
    r = call(account, "PATCH", path, body)
    assert r.status_code == 200, r.text
    saved = account.get(path).json()
    assert saved["timezone"] == "Europe/Paris" and saved["working_hours_enabled"] is True
    assert saved["working_hours"][6] == {
        "day_of_week": 6,
        "closed_all_day": False,
        "open_all_day": False,
        "open_hour": 10,
        "open_minutes": 0,
        "close_hour": 14,
        "close_minutes": 0,
    }
    assert saved["working_hours"][:6] == DEFAULT_WEEK[:6]
    for bad in (
        {"timezone": "Mars/Olympus"},
        {"working_hours": [{"day_of_week": 7, "closed_all_day": True}]},
        {"working_hours": [{"day_of_week": 1, "open_hour": 18, "close_hour": 9}]},
        {"working_hours": [{"day_of_week": 1, "open_hour": 25, "close_hour": 26}]},
        {"working_hours": [{"day_of_week": 1, "closed_all_day": True, "open_all_day": True}]},
        {"working_hours": "9-5"},
        {"auto_assignment_config": {"max_assignment_limit": 0}},
    ):
        r = call(account, "PATCH", path, {**bad, "name": "Renamed"})
        assert r.status_code == 422, (bad, r.text)
    assert account.get(path).json() == saved


def test_out_of_office_reply_outside_working_hours_once_a_day(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)["id"]
    body = {"working_hours_enabled": True, "out_of_office_message": "We are closed", "working_hours": CLOSED_ALL_WEEK}
    assert call(account, "PATCH", f"/inboxes/{inbox}", body).status_code == 200
    number = account.create_conversation(inbox)["id"]
    account.create_message(number, "hello?", message_type="incoming")
    account.create_message(number, "anyone?", message_type="incoming")
    assert contents(account, number, message_type=TEMPLATE) == ["We are closed"]
    reply = next(m for m in messages(account, number) if m["message_type"] == TEMPLATE)
    assert reply.get("sender") is None and reply["private"] is False  # the system's, from no agent
    # The API inbox hears of the reply like of any message.
    seen = [receiver.next_event("message_created").json["content"] for _ in range(3)]
    assert "We are closed" in seen

    # Open all week: no reply.
    assert call(account, "PATCH", f"/inboxes/{inbox}", {"working_hours": OPEN_ALL_WEEK}).status_code == 200
    other = account.create_conversation(inbox)["id"]
    account.create_message(other, "hello", message_type="incoming")
    assert contents(account, other, message_type=TEMPLATE) == []


def test_greeting_on_the_first_message_only(account):
    inbox = account.create_api_inbox()["id"]
    body = {"greeting_enabled": True, "greeting_message": "Hi, how can we help?"}
    assert call(account, "PATCH", f"/inboxes/{inbox}", body).status_code == 200
    number = account.create_conversation(inbox)["id"]
    account.create_message(number, "hello", message_type="incoming")
    account.create_message(number, "still there?", message_type="incoming")
    assert contents(account, number, message_type=TEMPLATE) == ["Hi, how can we help?"]
