"""Agent bots: administrators manage them, each has its own access token, an inbox has at most one."""

from __future__ import annotations

import pytest

from tests.api.bots_support import bot_client, connect, create_bot
from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_create_show_list_update_and_delete_a_bot(account):
    r = account.post(
        "/agent_bots",
        {
            "name": "Triage",
            "description": "Sorts",
            "outgoing_url": "https://bots.example.com/in",
            "bot_config": {"a": 1},
        },
    )
    assert r.status_code == 200, r.text
    bot = r.json()
    assert bot == {
        "id": bot["id"],
        "name": "Triage",
        "description": "Sorts",
        "thumbnail": "",
        "outgoing_url": "https://bots.example.com/in",
        "bot_type": "webhook",
        "bot_config": {"a": 1},
        "account_id": account.account_id,
        "system_bot": False,
        "access_token": bot["access_token"],
        "secret": bot["secret"],
    }
    assert len(bot["access_token"]) >= 24 and len(bot["secret"]) >= 24
    assert account.get(f"/agent_bots/{bot['id']}").json() == bot
    assert account.get("/agent_bots").json() == [bot]

    r = call(account, "PATCH", f"/agent_bots/{bot['id']}", {"name": "Triage 2", "bot_type": 0})
    assert r.status_code == 200, r.text
    assert r.json() == {**bot, "name": "Triage 2"}
    r = call(account, "PUT", f"/agent_bots/{bot['id']}", {"agent_bot": {"description": None, "outgoing_url": ""}})
    assert r.json() == {**bot, "name": "Triage 2", "description": None, "outgoing_url": None}

    r = call(account, "DELETE", f"/agent_bots/{bot['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get(f"/agent_bots/{bot['id']}").status_code == 404
    assert account.get("/agent_bots").json() == []


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": " "}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": "ok", "outgoing_url": "ftp://example.com"}, "outgoing_url"),
        ({"name": "ok", "outgoing_url": "not a url"}, "outgoing_url"),
        ({"name": "ok", "bot_type": 7}, "bot_type"),
        ({"name": "ok", "bot_type": "llm"}, "bot_type"),
        ({"name": "ok", "bot_config": [1]}, "bot_config"),
        ({"name": "ok", "bot_config": "{not json"}, "bot_config"),
    ],
)
def test_invalid_bots_are_422_and_write_nothing(account, body, field):
    r = account.post("/agent_bots", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/agent_bots").json() == []


def test_an_invalid_update_changes_nothing(account):
    bot = create_bot(account)
    r = call(account, "PATCH", f"/agent_bots/{bot['id']}", {"name": "New", "outgoing_url": "gopher://x"})
    assert r.status_code == 422
    assert account.get(f"/agent_bots/{bot['id']}").json() == bot


def test_agents_read_bots_without_credentials_and_cannot_write(account, members):
    bot = create_bot(account, outgoing_url="https://bots.example.com/in")
    agent = members.add()
    public = {k: v for k, v in bot.items() if k not in ("access_token", "secret")}
    assert agent.get("/agent_bots").json() == [public]
    assert agent.get(f"/agent_bots/{bot['id']}").json() == public
    assert (r := agent.post("/agent_bots", {"name": "Mine"})).status_code == 401 and r.json() == NOT_AUTHORIZED
    for method, suffix, body in [
        ("PATCH", f"/agent_bots/{bot['id']}", {"name": "x"}),
        ("PUT", f"/agent_bots/{bot['id']}", {"name": "x"}),
        ("DELETE", f"/agent_bots/{bot['id']}", None),
        ("POST", f"/agent_bots/{bot['id']}/reset_access_token", None),
    ]:
        r = call(agent, method, suffix, body)
        assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED), (method, suffix)
    assert account.get(f"/agent_bots/{bot['id']}").json() == bot


def test_another_accounts_bot_is_404(account, other_account):
    theirs = create_bot(other_account)
    for method, suffix, body in [
        ("GET", f"/agent_bots/{theirs['id']}", None),
        ("PATCH", f"/agent_bots/{theirs['id']}", {"name": "x"}),
        ("DELETE", f"/agent_bots/{theirs['id']}", None),
        ("POST", f"/agent_bots/{theirs['id']}/reset_access_token", None),
    ]:
        r = call(account, method, suffix, body)
        assert (r.status_code, r.json()) == (404, NOT_FOUND), (method, suffix)
    assert account.get("/agent_bots").json() == []
    inbox = account.create_api_inbox()
    r = account.post(f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": theirs["id"]})
    assert (r.status_code, r.json()) == (404, NOT_FOUND)
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": None}
    assert other_account.get(f"/agent_bots/{theirs['id']}").json() == theirs


def test_reset_access_token_replaces_the_old_token(account):
    bot = create_bot(account)
    inbox = account.create_api_inbox()
    connect(account, inbox["id"], bot["id"])
    conversation = account.create_conversation(inbox["id"])
    old = bot_client(account, bot["access_token"])
    try:
        path = account.path(f"/conversations/{conversation['id']}/toggle_priority")
        assert old.post(path, json={"priority": "high"}).status_code == 200
        r = account.post(f"/agent_bots/{bot['id']}/reset_access_token")
        assert r.status_code == 200, r.text
        fresh = r.json()
        assert fresh == {**bot, "access_token": fresh["access_token"]}
        assert fresh["access_token"] != bot["access_token"]
        r = old.post(path, json={"priority": "low"})
        assert (r.status_code, r.json()) == (401, {"error": "Invalid Access Token"})
        assert account.get(f"/agent_bots/{bot['id']}").json() == fresh
    finally:
        old.close()


def test_an_inbox_has_at_most_one_bot(account, members):
    inbox = account.create_api_inbox()
    first, second = create_bot(account, name="First"), create_bot(account, name="Second")
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": None}
    connect(account, inbox["id"], first["id"])
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": first}
    connect(account, inbox["id"], second["id"])
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": second}

    agent = members.add()
    # An agent sees the bot of an inbox they are a member of, without its credentials, and cannot change it.
    assert agent.get(f"/inboxes/{inbox['id']}/agent_bot").status_code == 404
    assert account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).status_code == 200
    public = {k: v for k, v in second.items() if k not in ("access_token", "secret")}
    assert agent.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": public}
    r = agent.post(f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": None})
    assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED)

    connect(account, inbox["id"], None)
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": None}
    connect(account, inbox["id"], first["id"])
    assert call(account, "DELETE", f"/agent_bots/{first['id']}").status_code == 200
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json() == {"agent_bot": None}


@pytest.mark.parametrize("body", [{}, {"agent_bot": "abc"}, {"agent_bot": [1]}, {"agent_bot": -1}])
def test_set_agent_bot_refuses_bad_ids(account, body):
    inbox = account.create_api_inbox()
    bot = create_bot(account)
    connect(account, inbox["id"], bot["id"])
    r = account.post(f"/inboxes/{inbox['id']}/set_agent_bot", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == ["agent_bot"]
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json()["agent_bot"]["id"] == bot["id"]


def test_set_agent_bot_on_a_missing_inbox_or_bot_is_404(account):
    bot = create_bot(account)
    inbox = account.create_api_inbox()
    assert account.post("/inboxes/999999/set_agent_bot", {"agent_bot": bot["id"]}).status_code == 404
    assert account.get("/inboxes/999999/agent_bot").status_code == 404
    assert account.post(f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": 999999}).status_code == 404
    # Ids past 32 bits name nothing, on every database.
    for method, suffix in [
        ("GET", "/agent_bots/99999999999"),
        ("PATCH", "/agent_bots/99999999999"),
        ("DELETE", "/agent_bots/99999999999"),
        ("POST", "/agent_bots/99999999999/reset_access_token"),
        ("GET", "/inboxes/99999999999/agent_bot"),
        ("POST", "/inboxes/99999999999/set_agent_bot"),
    ]:
        r = call(account, method, suffix, {"name": "x", "agent_bot": bot["id"]})
        assert (r.status_code, r.json()) == (404, NOT_FOUND), (method, suffix)
    # A body id no column can hold is refused as out of range (422 naming the field), before any lookup.
    assert account.post(f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": 99999999999}).status_code == 422
