"""An agent bot's token: a few conversation and message endpoints, only in the inboxes the bot answers."""

from __future__ import annotations

import pytest

from tests.api.bots_support import NOT_FOR_BOTS, bot_client, connect, create_bot
from tests.api.members import Members


@pytest.fixture
def bot_setup(account):
    """An inbox with an active bot, a conversation there, and an HTTP client holding the bot's token."""
    bot = create_bot(account, name="Greeter")
    inbox = account.create_api_inbox()
    connect(account, inbox["id"], bot["id"])
    conversation = account.create_conversation(inbox["id"])
    client = bot_client(account, bot["access_token"])
    yield bot, inbox, conversation, client
    client.close()


def test_a_bot_token_is_refused_everywhere_else(account, bot_setup):
    _bot, inbox, conversation, client = bot_setup
    c = conversation["id"]
    refused = [
        ("GET", "/contacts", None),
        ("GET", "/agents", None),
        ("POST", "/labels", {"title": "vip"}),
        ("GET", "/conversations", None),
        ("GET", f"/conversations/{c}", None),
        ("GET", f"/conversations/{c}/messages", None),
        ("POST", f"/conversations/{c}/labels", {"labels": ["x"]}),
        ("POST", f"/conversations/{c}/mute", None),
        ("POST", f"/conversations/{c}/update_last_seen", None),
        ("GET", "/inboxes", None),
        ("POST", f"/inboxes/{inbox['id']}/set_agent_bot", {"agent_bot": None}),
        ("GET", "/agent_bots", None),
        ("GET", "", None),
    ]
    for method, suffix, body in refused:
        r = client.request(method, account.path(suffix), json=body)
        assert (r.status_code, r.json()) == (401, NOT_FOR_BOTS), (method, suffix)
    r = client.get("/api/v1/profile")
    assert (r.status_code, r.json()) == (401, NOT_FOR_BOTS)
    assert account.get(f"/conversations/{c}/labels").json() == {"payload": []}
    assert account.get(f"/inboxes/{inbox['id']}/agent_bot").json()["agent_bot"] is not None


def test_a_bot_replies_as_itself_and_hands_over(account, bot_setup):
    bot, _inbox, conversation, client = bot_setup
    c = conversation["id"]
    assert conversation["status"] == "pending"  # an active bot answers first
    r = client.post(account.path(f"/conversations/{c}/messages"), json={"content": "Hi, how can I help?"})
    assert r.status_code == 200, r.text
    message = r.json()
    assert (message["message_type"], message["sender_type"], message["sender_id"]) == (1, "AgentBot", bot["id"])
    assert message["sender"] == {
        "id": bot["id"],
        "name": "Greeter",
        "avatar_url": "",
        "thumbnail": "",
        "type": "agent_bot",
    }
    listed = account.get(f"/conversations/{c}/messages").json()["payload"]
    assert [m["sender"] for m in listed if m["id"] == message["id"]] == [message["sender"]]
    shown = account.get(f"/conversations/{c}").json()
    assert shown["first_reply_created_at"] in (0, None)  # a bot's reply is not a person's first reply

    r = client.post(account.path(f"/conversations/{c}/messages"), json={"content": "x", "message_type": "incoming"})
    assert r.status_code == 422 and r.json()["attributes"] == ["message_type"]

    r = client.post(account.path(f"/conversations/{c}/toggle_status"), json={"status": "open"})
    assert r.status_code == 200, r.text
    assert r.json()["payload"]["current_status"] == "open"
    after = account.get(f"/conversations/{c}").json()
    assert after["status"] == "open"
    assert after["meta"]["assignee"] is None  # a bot never self-assigns
    assert after["waiting_since"]  # the conversation now waits for a person
    notes = [
        m["content"] for m in account.get(f"/conversations/{c}/messages").json()["payload"] if m["message_type"] == 2
    ]
    assert notes[-1] == "Conversation was reopened by Greeter"


def test_a_bot_may_update_prioritise_type_tag_and_assign(account, bot_setup):
    _bot, _inbox, conversation, client = bot_setup
    c = conversation["id"]

    def post(suffix, body):
        r = client.post(account.path(f"/conversations/{c}{suffix}"), json=body)
        assert r.status_code == 200, (suffix, r.text)
        return r.json()

    post("/toggle_priority", {"priority": "high"})
    r = client.patch(account.path(f"/conversations/{c}"), json={"priority": "urgent"})
    assert r.status_code == 200 and r.json()["priority"] == "urgent"
    assert post("/custom_attributes", {"custom_attributes": {"plan": "gold"}}) == {
        "custom_attributes": {"plan": "gold"}
    }
    assert post("/toggle_typing_status", {"typing_status": "on"}) == {}
    assigned = post("/assignments", {"assignee_id": account.user_id})
    assert assigned["id"] == account.user_id
    shown = account.get(f"/conversations/{c}").json()
    assert (shown["priority"], shown["custom_attributes"], shown["meta"]["assignee"]["id"]) == (
        "urgent",
        {"plan": "gold"},
        account.user_id,
    )
    notes = [
        m["content"] for m in account.get(f"/conversations/{c}/messages").json()["payload"] if m["message_type"] == 2
    ]
    assert "Assigned to Ada Admin by Greeter" in notes


def test_a_bot_creates_conversations_only_in_its_inboxes(account, bot_setup):
    _bot, inbox, _conversation, client = bot_setup
    contact = account.create_contact(inbox["id"])
    r = client.post(
        account.path("/conversations"),
        json={
            "inbox_id": inbox["id"],
            "source_id": contact["contact_inbox"]["source_id"],
            "message": {"content": "Hello"},
        },
    )
    assert r.status_code == 200, r.text
    created = r.json()
    assert created["status"] == "pending"
    assert created["messages"][0]["sender_type"] == "AgentBot"

    elsewhere = account.create_api_inbox(name="No bot")
    theirs = account.create_conversation(elsewhere["id"])
    assert theirs["status"] == "open"
    other_contact = account.create_contact(elsewhere["id"])
    r = client.post(
        account.path("/conversations"),
        json={"inbox_id": elsewhere["id"], "source_id": other_contact["contact_inbox"]["source_id"]},
    )
    assert (r.status_code, r.json()) == (401, {"error": "You are not authorized to access this inbox"})
    for suffix, body in [
        ("/toggle_status", {"status": "resolved"}),
        ("/toggle_priority", {"priority": "low"}),
        ("/messages", {"content": "hi"}),
        ("/assignments", {"assignee_id": account.user_id}),
    ]:
        r = client.post(account.path(f"/conversations/{theirs['id']}{suffix}"), json=body)
        assert r.status_code == 404, suffix
    assert client.patch(account.path(f"/conversations/{theirs['id']}"), json={"priority": "low"}).status_code == 404
    after = account.get(f"/conversations/{theirs['id']}").json()
    assert (after["status"], after["priority"], after["meta"]["assignee"]) == ("open", None, None)


def test_a_bot_is_a_stranger_to_other_accounts(account, other_account, bot_setup):
    _bot, _inbox, _conversation, client = bot_setup
    other_inbox = other_account.create_api_inbox()
    theirs = other_account.create_conversation(other_inbox["id"])
    r = client.post(other_account.path(f"/conversations/{theirs['id']}/toggle_priority"), json={"priority": "low"})
    assert (r.status_code, r.json()) == (401, {"error": "You are not authorized to access this account"})
    r = client.get(other_account.path("/contacts"))
    assert (r.status_code, r.json()) == (401, NOT_FOR_BOTS)


def test_a_disconnected_bot_loses_the_inbox(account, bot_setup):
    _bot, inbox, conversation, client = bot_setup
    connect(account, inbox["id"], None)
    r = client.post(account.path(f"/conversations/{conversation['id']}/toggle_priority"), json={"priority": "low"})
    assert r.status_code == 404
    # Without a bot, new conversations start open again.
    assert account.create_conversation(inbox["id"])["status"] == "open"


def test_an_explicit_status_wins_and_incoming_reopens_to_pending(account, bot_setup):
    _bot, inbox, _conversation, _client = bot_setup
    opened = account.create_conversation(inbox["id"], status="open")
    assert opened["status"] == "open"
    c = opened["id"]
    assert account.post(f"/conversations/{c}/toggle_status", {"status": "resolved"}).status_code == 200
    account.create_message(c, "back again", message_type="incoming")
    assert account.get(f"/conversations/{c}").json()["status"] == "pending"


def test_an_agent_token_still_works_where_bots_may_go(account, bot_setup):
    _bot, inbox, conversation, _client = bot_setup
    members = Members(account)
    try:
        agent = members.add()
        r = agent.post(f"/conversations/{conversation['id']}/toggle_priority", {"priority": "low"})
        assert r.status_code == 404  # not a member of the inbox
        assert account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).status_code == 200
        r = agent.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "open"})
        assert r.status_code == 200
        shown = account.get(f"/conversations/{conversation['id']}").json()
        assert shown["meta"]["assignee"]["id"] == agent.user_id  # an agent who opens it still self-assigns
    finally:
        members.close()


def _system_bot(server) -> tuple[int, str]:
    """A bot of the installation (no account), as the Platform API will make them."""
    from chatlake.crypto import new_token, token_digest
    from chatlake.models import AccessToken, AgentBot

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            bot = AgentBot(account_id=None, name="System Helper", secret=new_token(), outgoing_url="https://x.example")
            session.add(bot)
            await session.flush()
            token = new_token()
            session.add(
                AccessToken(owner_type="AgentBot", owner_id=bot.id, token_digest=token_digest(token), token=token)
            )
            return bot.id, token

    return server.call(go())


def _remove_system_bot(server, bot_id: int) -> None:
    """System bots are offered to every account: one left behind would show in other tests' lists."""
    from sqlalchemy import delete

    from chatlake.models import AccessToken, AgentBot, AgentBotInbox

    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            await session.execute(delete(AgentBotInbox).where(AgentBotInbox.agent_bot_id == bot_id))
            await session.execute(
                delete(AccessToken).where(AccessToken.owner_type == "AgentBot", AccessToken.owner_id == bot_id)
            )
            await session.execute(delete(AgentBot).where(AgentBot.id == bot_id))

    server.call(go())


@pytest.fixture
def system_bot(server):
    bot_id, token = _system_bot(server)
    yield bot_id, token
    _remove_system_bot(server, bot_id)


def test_a_system_bot_is_offered_read_only_and_acts_where_connected(account, other_account, system_bot):
    bot_id, token = system_bot
    listed = [b for b in account.get("/agent_bots").json() if b["id"] == bot_id]
    assert listed == [
        {
            "id": bot_id,
            "name": "System Helper",
            "description": None,
            "thumbnail": "",
            "outgoing_url": None,
            "bot_type": "webhook",
            "bot_config": {},
            "account_id": None,
            "system_bot": True,
        }
    ]
    assert account.get(f"/agent_bots/{bot_id}").json() == listed[0]
    assert account.client.patch(account.path(f"/agent_bots/{bot_id}"), json={"name": "Mine"}).status_code == 404
    assert account.client.delete(account.path(f"/agent_bots/{bot_id}")).status_code == 404

    client = bot_client(account, token)
    try:
        inbox = account.create_api_inbox()
        conversation = account.create_conversation(inbox["id"])
        path = account.path(f"/conversations/{conversation['id']}/toggle_priority")
        # Not connected anywhere in the account yet: a stranger to it.
        assert client.post(path, json={"priority": "low"}).json() == {
            "error": "You are not authorized to access this account"
        }
        connect(account, inbox["id"], bot_id)
        assert client.post(path, json={"priority": "low"}).status_code == 200
        theirs = other_account.create_conversation(other_account.create_api_inbox()["id"])
        r = client.post(other_account.path(f"/conversations/{theirs['id']}/toggle_priority"), json={"priority": "low"})
        assert r.status_code == 401
    finally:
        client.close()
