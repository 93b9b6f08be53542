"""The configuration cache (who a token is, automation rules, webhook targets) never serves a change late:
not in the process that made it, nor in another process on the same database."""

from __future__ import annotations

import httpx
import pytest

from tests.api.bots_support import bot_client, connect, create_bot
from tests.conftest import postgres_url
from tests.processes import ServerProcess, bootstrap, chatlake_env, fresh_database_url
from tests.support import WebhookReceiver

REDIS_URL = "redis://127.0.0.1:6379/0"


def _bot_in_conversation(account):
    bot = create_bot(account, name="Cached")
    inbox = account.create_api_inbox()
    connect(account, inbox["id"], bot["id"])
    conversation = account.create_conversation(inbox["id"])
    return bot, conversation


def test_a_reset_bot_token_is_refused_on_the_very_next_request(account):
    bot, conversation = _bot_in_conversation(account)
    path = account.path(f"/conversations/{conversation['id']}/messages")
    with bot_client(account, bot["access_token"]) as old:
        assert old.post(path, json={"content": "cached now"}).status_code == 200
        new_token = account.post(f"/agent_bots/{bot['id']}/reset_access_token").json()["access_token"]
        assert old.post(path, json={"content": "after reset"}).status_code == 401
    with bot_client(account, new_token) as new:
        assert new.post(path, json={"content": "new token"}).status_code == 200


def test_a_removed_agent_is_refused_on_the_very_next_request(server, account):
    agent = account.post("/agents", {"name": "Temp", "email": "temp-cache@example.com", "role": "agent"}).json()
    token = server.call(_token_of(server, agent["id"]))
    with httpx.Client(base_url=server.url, headers={"api_access_token": token}, timeout=30) as client:
        assert client.get(account.path("/conversations")).status_code == 200
        assert account.client.delete(account.path(f"/agents/{agent['id']}")).status_code == 200
        assert client.get(account.path("/conversations")).status_code == 401


async def _token_of(server, user_id: int) -> str:
    from chatlake.auth.tokens import access_token_of

    async with server.app.state.runtime.db.transaction() as session:
        return await access_token_of(session, "User", user_id)


def test_a_new_rule_and_a_new_webhook_act_on_the_very_next_message(account, receiver):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "before: fills the caches", message_type="incoming")
    rule = {
        "name": "Tag",
        "event_name": "message_created",
        "conditions": [{"attribute_key": "message_type", "filter_operator": "equal_to", "values": ["incoming"]}],
        "actions": [{"action_name": "add_label", "action_params": ["cached"]}],
    }
    assert account.post("/automation_rules", rule).status_code == 200
    hook = account.post("/webhooks", {"url": receiver.url, "subscriptions": ["message_created"]})
    assert hook.status_code == 200, hook.text
    account.create_message(conversation["id"], "after", message_type="incoming")
    assert "cached" in account.get(f"/conversations/{conversation['id']}").json()["labels"]
    assert receiver.next_event("message_created").json["content"] == "after"


@pytest.mark.timeout(300)
@pytest.mark.parametrize("with_redis", [False, True])
def test_a_token_reset_in_one_process_is_refused_by_another_at_once(db_kind, data_dir, with_redis):
    if db_kind == "postgres" and not with_redis:
        pytest.skip("several PostgreSQL web processes share configuration changes through Redis")
    extra = {"CHATLAKE_REDIS_URL": REDIS_URL, "CHATLAKE_REDIS_PREFIX": f"cache-{data_dir.name}"} if with_redis else {}
    env = chatlake_env(fresh_database_url(db_kind, postgres_url(), data_dir), data_dir / db_kind, **extra)
    ids = bootstrap(env)
    first, second = ServerProcess(env, with_worker=False).start(), ServerProcess(env, with_worker=False).start()
    base = f"/api/v1/accounts/{ids['account_id']}"
    admin = {"api_access_token": ids["api_access_token"]}
    http = httpx.Client(timeout=30)
    try:
        bot = http.post(first.url + base + "/agent_bots", json={"name": "Twin"}, headers=admin).json()
        old = {"api_access_token": bot["access_token"]}
        inbox = http.post(
            first.url + base + "/inboxes", json={"name": "API", "channel": {"type": "api"}}, headers=admin, timeout=30
        ).json()
        connected = http.post(
            first.url + base + f"/inboxes/{inbox['id']}/set_agent_bot", json={"agent_bot": bot["id"]}, headers=admin
        )
        assert connected.status_code == 204
        contact = http.post(
            second.url + base + "/contacts", json={"name": "Ann", "inbox_id": inbox["id"]}, headers=admin
        ).json()["payload"]
        source = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        conversation = http.post(second.url + base + "/conversations", json=source, headers=admin).json()
        messages = f"{base}/conversations/{conversation['id']}/messages"
        # The second process now holds the bot in its cache.
        assert http.post(second.url + messages, json={"content": "one"}, headers=old).status_code == 200
        reset = http.post(first.url + base + f"/agent_bots/{bot['id']}/reset_access_token", headers=admin)
        assert reset.status_code == 200
        assert http.post(second.url + messages, json={"content": "two"}, headers=old).status_code == 401
        new = {"api_access_token": reset.json()["access_token"]}
        assert http.post(second.url + messages, json={"content": "three"}, headers=new).status_code == 200
    finally:
        http.close()
        first.stop()
        second.stop()


@pytest.mark.timeout(300)
def test_a_webhook_added_through_one_process_gets_messages_posted_to_another(db_kind, data_dir):
    extra = {"CHATLAKE_REDIS_URL": REDIS_URL, "CHATLAKE_REDIS_PREFIX": f"hook-{data_dir.name}"}
    env = chatlake_env(
        fresh_database_url(db_kind, postgres_url(), data_dir),
        data_dir / f"hook-{db_kind}",
        **(extra if db_kind == "postgres" else {}),
    )
    ids = bootstrap(env)
    first, second = ServerProcess(env, with_worker=True).start(), ServerProcess(env, with_worker=False).start()
    base = f"/api/v1/accounts/{ids['account_id']}"
    admin = {"api_access_token": ids["api_access_token"]}
    receiver = WebhookReceiver()
    http = httpx.Client(timeout=30)
    try:
        inbox = http.post(
            second.url + base + "/inboxes", json={"name": "API", "channel": {"type": "api"}}, headers=admin
        ).json()
        contact = http.post(
            second.url + base + "/contacts", json={"name": "Bo", "inbox_id": inbox["id"]}, headers=admin
        ).json()["payload"]
        source = {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        conversation = http.post(second.url + base + "/conversations", json=source, headers=admin).json()
        messages = f"{base}/conversations/{conversation['id']}/messages"
        # The second process caches the account's (empty) list of webhooks here.
        assert http.post(second.url + messages, json={"content": "warm"}, headers=admin).status_code == 200
        hook = {"url": receiver.url, "subscriptions": ["message_created"]}
        assert http.post(first.url + base + "/webhooks", json=hook, headers=admin).status_code == 200
        assert http.post(second.url + messages, json={"content": "seen"}, headers=admin).status_code == 200
        assert receiver.next_event("message_created").json["content"] == "seen"
    finally:
        http.close()
        receiver.close()
        first.stop()
        second.stop()
