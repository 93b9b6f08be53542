"""Snoozed conversations reopen and idle ones auto-resolve when the worker's schedule runs, on a controllable
clock; with two schedules running at once (two workers) every conversation is acted on exactly once."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from chatlake.jobs.inbox_schedule import InboxSchedule
from tests.inbox_ops.support import call, contents, show

ACTIVITY, TEMPLATE = 2, 3


def schedule(server) -> InboxSchedule:
    runtime = server.app.state.runtime
    return InboxSchedule(runtime.db, after_commit=runtime.after_commit)


def run_at(server, moment: datetime, *schedules: InboxSchedule) -> list[dict]:
    async def go():
        return await asyncio.gather(*(s.run_once(moment) for s in schedules))

    return server.call(go(), timeout=120)


def snooze(account, number: int, until: int) -> None:
    r = account.post(f"/conversations/{number}/toggle_status", {"status": "snoozed", "snoozed_until": until})
    assert r.status_code == 200, r.text


def test_a_snoozed_conversation_reopens_when_its_time_comes(server, account):
    inbox = account.create_api_inbox()["id"]
    number = account.create_conversation(inbox)["id"]
    until = int(time.time()) + 3600
    snooze(account, number, until)
    due = datetime.fromtimestamp(until, UTC)

    run_at(server, due - timedelta(seconds=1), schedule(server))
    assert show(account, number)["status"] == "snoozed"
    run_at(server, due, schedule(server))
    conversation = show(account, number)
    assert conversation["status"] == "open" and conversation["snoozed_until"] is None
    assert contents(account, number, message_type=ACTIVITY)[-1] == "Conversation was reopened by System"


def test_two_workers_reopen_each_conversation_once(server, account):
    inbox = account.create_api_inbox()["id"]
    numbers = [account.create_conversation(inbox)["id"] for _ in range(12)]
    until = int(time.time()) + 3600
    for number in numbers:
        snooze(account, number, until)
    later = datetime.fromtimestamp(until, UTC) + timedelta(minutes=1)

    results = run_at(server, later, schedule(server), schedule(server))
    assert sum(r["reopened"] for r in results) == len(numbers), results
    for number in numbers:
        assert show(account, number)["status"] == "open"
        notes = contents(account, number, message_type=ACTIVITY)
        assert notes.count("Conversation was reopened by System") == 1, notes
    # A schedule started afresh (a restart) finds nothing left to do.
    assert run_at(server, later, schedule(server))[0]["reopened"] == 0


def test_idle_conversations_auto_resolve_after_the_account_setting(server, account):
    r = call(
        account,
        "PATCH",
        "",
        {
            "auto_resolve_after": 10,
            "auto_resolve_message": "Closed after no reply",
            "auto_resolve_ignore_waiting": True,
        },
    )
    assert r.status_code == 200, r.text
    inbox = account.create_api_inbox()["id"]
    # Two answered conversations gone quiet, and one whose customer waits for an answer.
    idle = account.create_conversation(inbox)["id"]
    account.create_message(idle, "thanks, that is all")
    answered = account.create_conversation(inbox)["id"]
    account.create_message(answered, "hello", message_type="incoming")
    account.create_message(answered, "hi, how can we help?")
    waiting = account.create_conversation(inbox)["id"]
    account.create_message(waiting, "anyone?", message_type="incoming")
    now = datetime.now(UTC)

    run_at(server, now + timedelta(minutes=9), schedule(server))
    assert show(account, idle)["status"] == "open"
    results = run_at(server, now + timedelta(minutes=11), schedule(server), schedule(server))
    assert sum(r["resolved"] for r in results) == 2, results
    for number in (idle, answered):
        assert show(account, number)["status"] == "resolved"
        assert contents(account, number, message_type=TEMPLATE) == ["Closed after no reply"]
        assert contents(account, number, message_type=ACTIVITY)[-1] == "Conversation was marked resolved by System"
    # The customer waiting for an answer is not closed on (auto_resolve_ignore_waiting).
    assert show(account, waiting)["status"] == "open"
    # Without the setting nothing resolves.
    assert call(account, "PATCH", "", {"auto_resolve_after": None}).status_code == 200
    fresh = account.create_conversation(inbox)["id"]
    run_at(server, now + timedelta(days=30), schedule(server))
    assert show(account, fresh)["status"] == "open"
