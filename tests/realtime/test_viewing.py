"""Who has a conversation open: an agent's `viewing` action reaches the other agents who can see it."""

from __future__ import annotations

import json

import pytest

from tests.api.members import Members
from tests.realtime.cable import agent_cable


@pytest.fixture
def members(account):
    m = Members(account)
    yield m
    m.close()


def send_viewing(cable, identifier: str, conversation_id, viewing: bool = True) -> None:
    data = {"action": "viewing", "conversation_id": conversation_id, "viewing": viewing}
    cable.send({"command": "message", "identifier": identifier, "data": json.dumps(data)})


def next_event(cable) -> dict:
    return cable.message()


def test_viewing_reaches_agents_of_the_inbox_only(server, account, members):
    inbox = account.create_api_inbox()
    hidden_inbox = account.create_api_inbox(name="Hidden")
    conversation = account.create_conversation(inbox["id"])
    hidden = account.create_conversation(hidden_inbox["id"])
    teammate = members.add(name="Tess Teammate")
    outsider = members.add(name="Otto Outsider")
    assert account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [teammate.user_id]}).status_code == 200

    admin_cable, admin_id = agent_cable(server.url, account)
    teammate_cable, teammate_id = agent_cable(server.url, teammate)
    outsider_cable, _ = agent_cable(server.url, outsider)
    with admin_cable, teammate_cable, outsider_cable:
        send_viewing(admin_cable, admin_id, conversation["id"])
        seen = next_event(teammate_cable)
        assert seen == {
            "event": "conversation.viewing",
            "data": {
                "account_id": account.account_id,
                "conversation_id": conversation["id"],
                "user": {"id": account.user_id, "name": "Ada Admin", "type": "user"},
                "viewing": True,
            },
        }
        send_viewing(admin_cable, admin_id, conversation["id"], viewing=False)
        assert next_event(teammate_cable)["data"]["viewing"] is False

        # Not for a conversation the sender cannot see, nor for one that does not exist.
        send_viewing(teammate_cable, teammate_id, hidden["id"])
        send_viewing(teammate_cable, teammate_id, 999_999)
        send_viewing(teammate_cable, teammate_id, "1")
        send_viewing(teammate_cable, teammate_id, conversation["id"])
        shown = next_event(admin_cable)
        assert shown["event"] == "conversation.viewing"
        assert shown["data"]["conversation_id"] == conversation["id"]
        assert shown["data"]["user"]["id"] == teammate.user_id

        # The outsider heard of none of it: the next thing it gets is an account-wide event.
        account.create_contact(name="After Everything")
        assert next_event(outsider_cable)["event"] == "contact.created"
        # And nobody hears of their own viewing.
        assert next_event(teammate_cable)["event"] == "contact.created"
