"""Settings switched off cost nothing on the message path: an incoming message on an API inbox runs the same
statements with working hours on (and open), greeting off and auto-assignment on as with everything off."""

from __future__ import annotations

from tests.inbox_ops.support import call
from tests.querycount import QueryCounter

OPEN_ALL_WEEK = [{"day_of_week": day, "open_all_day": True} for day in range(7)]


def statements_for_incoming(server, account, inbox_id: int) -> list[str]:
    counter = QueryCounter(server)
    number = account.create_conversation(inbox_id)["id"]
    account.create_message(number, "first", message_type="incoming")
    with counter.counting():
        account.create_message(number, "second", message_type="incoming")
        account.create_message(number, "a reply")
    return list(counter.statements)


def test_disabled_or_idle_inbox_settings_add_no_statement_to_a_message(server, account):
    plain = account.create_api_inbox()["id"]
    r = call(account, "PATCH", f"/inboxes/{plain}", {"enable_auto_assignment": False})
    assert r.status_code == 200
    baseline = statements_for_incoming(server, account, plain)

    busy = account.create_api_inbox(name="Hours")["id"]
    body = {
        "enable_auto_assignment": True,
        "working_hours_enabled": True,
        "out_of_office_message": "We are closed",
        "working_hours": OPEN_ALL_WEEK,
        "timezone": "Asia/Kolkata",
        "auto_assignment_config": {"max_assignment_limit": 3},
    }
    r = call(account, "PATCH", f"/inboxes/{busy}", body)
    assert r.status_code == 200, r.text
    assert len(statements_for_incoming(server, account, busy)) == len(baseline), "\n".join(baseline)
