"""Who receives what: inbox membership checked at push time, contacts see only their public thread.

"Does not receive" is shown without sleeping: a later event the client must receive is produced after
the one it must not, and since events arrive in cursor order, the first one to arrive proves the point.
"""

from __future__ import annotations

import pytest

from tests.api.members import Members, call
from tests.realtime.cable import Cable, agent_cable, contact_pubsub_token, is_message


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


def _sentinel_contact(account, name: str) -> None:
    """An account-level event every agent of the account receives."""
    account.create_contact(name=name)


def _is_contact(name: str):
    return lambda m: m["event"] == "contact.created" and m["data"]["name"] == name


def test_an_agent_receives_only_events_of_inboxes_they_belong_to(server, account, members):
    mine = account.create_api_inbox(name="Mine")
    theirs = account.create_api_inbox(name="Theirs")
    agent = members.add()
    assert call(account, "POST", "/inbox_members", {"inbox_id": mine["id"], "user_ids": [agent.user_id]}).is_success
    in_theirs = account.create_conversation(theirs["id"])
    in_mine = account.create_conversation(mine["id"])
    cable, _ = agent_cable(server.url, agent)
    with cable:
        account.create_message(in_theirs["id"], "not for you")
        account.create_message(in_mine["id"], "for you")
        got = cable.until(is_message("for you"))
        assert [m["event"] for m in got] == ["message.created"]
        # Administrators see every inbox.
        admin, _ = agent_cable(server.url, account, cursor=got[0]["cursor"] - 2)
        with admin:
            replayed = admin.until(is_message("for you"))
            assert [m["data"]["content"] for m in replayed] == ["not for you", "for you"]


def test_an_agent_removed_from_an_inbox_stops_receiving_at_once(server, account, members):
    inbox = account.create_api_inbox()
    agent = members.add()
    assert call(account, "POST", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).is_success
    conversation = account.create_conversation(inbox["id"])
    cable, _ = agent_cable(server.url, agent)
    with cable:
        account.create_message(conversation["id"], "while a member")
        cable.until(is_message("while a member"))
        r = call(account, "DELETE", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]})
        assert r.status_code == 200, r.text
        account.create_message(conversation["id"], "after removal")
        _sentinel_contact(account, "Sentinel One")
        got = cable.until(_is_contact("Sentinel One"))
        assert [m["event"] for m in got] == ["contact.created"]

        # Nor does a resume replay what they may no longer see.
        resumed, _ = agent_cable(server.url, agent, cursor=0)
        with resumed:
            replayed = resumed.until(_is_contact("Sentinel One"))
            contents = [m["data"].get("content") for m in replayed if m["event"] == "message.created"]
            assert "after removal" not in contents and "while a member" not in contents


def test_an_agent_removed_from_the_account_receives_nothing_more(server, account, members):
    inbox = account.create_api_inbox()
    agent = members.add()
    assert call(account, "POST", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).is_success
    conversation = account.create_conversation(inbox["id"])
    watcher = members.add()
    cable, _ = agent_cable(server.url, agent)
    other, _ = agent_cable(server.url, watcher)
    with cable, other:
        r = call(account, "DELETE", f"/agents/{agent.user_id}")
        assert r.status_code == 200, r.text
        account.create_message(conversation["id"], "secret")
        _sentinel_contact(account, "Sentinel Two")
        other.until(_is_contact("Sentinel Two"))
        # The removed agent's stream got nothing at all: its next frame (if any) is not an event.
        with pytest.raises(TimeoutError):
            cable.message(timeout=0.5)


def test_a_contact_never_receives_private_notes_or_activity(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    other_conversation = account.create_conversation(inbox["id"])
    source_id = conversation["contact_inbox"]["source_id"]
    token = contact_pubsub_token(server, account.account_id, source_id)
    with Cable(server.url) as cable:
        cable.subscribe(pubsub_token=token)
        account.create_message(conversation["id"], "internal", private=True)
        r = account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
        assert r.status_code == 200
        account.create_message(other_conversation["id"], "someone else's")
        r = account.post(f"/conversations/{conversation['id']}/toggle_typing_status", {"typing_status": "on"})
        assert r.status_code == 200
        r = account.post(
            f"/conversations/{conversation['id']}/toggle_typing_status", {"typing_status": "off", "is_private": True}
        )
        assert r.status_code == 200
        account.create_message(conversation["id"], "public reply")
        got = cable.until(is_message("public reply"))
        assert [m["event"] for m in got] == ["conversation.status_changed", "conversation.typing_on", "message.created"]
        assert got[1]["data"]["user"]["id"] == account.user_id and "email" not in got[1]["data"]["user"]
        assert not any(m["data"].get("private") for m in got)

        # The same holds for a contact resuming from the start.
        with Cable(server.url) as again:
            again.subscribe(pubsub_token=token, cursor=0)
            replayed = again.until(is_message("public reply"))
            events = [m["event"] for m in replayed]
            assert events == [
                "conversation.created",
                "conversation.status_changed",
                "conversation.typing_on",
                "message.created",
            ]
            cursors = [m["cursor"] for m in replayed]
            assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors)


def test_typing_reaches_other_agents_and_the_contact_but_not_the_typer(server, account, members):
    inbox = account.create_api_inbox()
    agent = members.add()
    assert call(account, "POST", "/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).is_success
    conversation = account.create_conversation(inbox["id"])
    token = contact_pubsub_token(server, account.account_id, conversation["contact_inbox"]["source_id"])
    typer, _ = agent_cable(server.url, account)
    colleague, _ = agent_cable(server.url, agent)
    with typer, colleague, Cable(server.url) as contact:
        contact.subscribe(pubsub_token=token)
        for status, private in (("on", True), ("off", True), ("on", False)):
            body = {"typing_status": status, "is_private": private}
            r = account.post(f"/conversations/{conversation['id']}/toggle_typing_status", body)
            assert r.status_code == 200
        account.create_message(conversation["id"], "done typing")
        seen = colleague.until(is_message("done typing"))
        assert [(m["event"], m["data"].get("is_private")) for m in seen] == [
            ("conversation.typing_on", True),
            ("conversation.typing_off", True),
            ("conversation.typing_on", False),
            ("message.created", None),
        ]
        assert seen[0]["data"]["conversation"]["id"] == conversation["id"]
        assert [m["event"] for m in contact.until(is_message("done typing"))] == [
            "conversation.typing_on",
            "message.created",
        ]
        assert [m["event"] for m in typer.until(is_message("done typing"))] == ["message.created"]
