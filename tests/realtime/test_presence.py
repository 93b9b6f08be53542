"""Presence: an agent's websocket makes them online for the account's other agents; leaving, offline."""

from __future__ import annotations

import json

import pytest

from tests.api.members import Members, call
from tests.realtime.cable import Cable, agent_cable, contact_pubsub_token, is_message


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


def _presence(cable, expected: dict) -> dict:
    """Presence updates until the expected map arrives (each is the account's whole map)."""
    while True:
        message = cable.message(presence=True)
        if message["event"] != "presence.update":
            continue
        assert message["data"]["account_id"] is not None
        if message["data"]["users"] == expected:
            return message


def test_agents_see_each_other_come_and_go(server, account, members):
    busy = members.add()
    r = call(account, "PATCH", f"/agents/{busy.user_id}", {"availability": "busy"})
    assert r.status_code == 200, r.text
    me = str(account.user_id)
    watcher, _ = agent_cable(server.url, account)
    with watcher:
        first = _presence(watcher, {me: "online"})
        assert "cursor" not in first
        other, identifier = agent_cable(server.url, busy)
        with other:
            _presence(watcher, {me: "online", str(busy.user_id): "busy"})
            # Being told "still here" changes nothing, so nobody is told anything.
            data = json.dumps({"action": "update_presence"})
            other.send({"command": "message", "identifier": identifier, "data": data})
        left = watcher.message(presence=True)
        assert left["event"] == "presence.update"
        assert left["data"]["users"] == {me: "online"}


def test_presence_goes_only_to_agents(server, account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    token = contact_pubsub_token(server, account.account_id, conversation["contact_inbox"]["source_id"])
    with Cable(server.url) as contact:
        contact.subscribe(pubsub_token=token)
        agent, _ = agent_cable(server.url, account)
        with agent:
            account.create_message(conversation["id"], "hi")
            got = contact.until(is_message("hi"), presence=True)
            assert [m["event"] for m in got] == ["message.created"]
