"""An agent bot's outgoing_url receives its inboxes' message and conversation events through the
durable delivery machinery: signed with the bot's secret, retried, through the SSRF-safe client."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy import select

from chatlake.models import WebhookDelivery
from tests.api.bots_support import bot_client, connect, create_bot
from tests.api.members import Members, call
from tests.support import wait_until


def _deliveries(server, account_id: int, bot_id: int) -> list[WebhookDelivery]:
    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return list(
                await session.scalars(
                    select(WebhookDelivery)
                    .where(
                        WebhookDelivery.account_id == account_id,
                        WebhookDelivery.target_kind == "agent_bot",
                        WebhookDelivery.target_id == bot_id,
                    )
                    .order_by(WebhookDelivery.id)
                )
            )

    return server.call(go())


@pytest.fixture
def bot_inbox(account, receiver):
    bot = create_bot(account, name="Answerer", outgoing_url=receiver.url)
    inbox = account.create_api_inbox()
    connect(account, inbox["id"], bot["id"])
    return bot, inbox


def test_the_bot_receives_signed_message_events_of_its_inbox(account, receiver, bot_inbox):
    bot, inbox = bot_inbox
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "I need help", message_type="incoming")
    got = receiver.next_event("message_created")
    body = got.json
    assert (body["content"], body["message_type"], body["conversation"]["id"]) == (
        "I need help",
        "incoming",
        conversation["id"],
    )
    assert body["conversation"]["status"] == "pending"
    timestamp = got.headers["x-chatwoot-timestamp"]
    expected = hmac.new(bot["secret"].encode(), f"{timestamp}.".encode() + got.body, hashlib.sha256).hexdigest()
    assert got.headers["x-chatwoot-signature"] == f"sha256={expected}"
    assert got.headers["x-chatlake-delivery"]

    # The bot answers with its own token; its reply reaches it too (Chatwoot's bots filter by message_type).
    client = bot_client(account, bot["access_token"])
    try:
        r = client.post(account.path(f"/conversations/{conversation['id']}/messages"), json={"content": "On it"})
        assert r.status_code == 200
        reply = receiver.next_event("message_created").json
        assert (reply["message_type"], reply["sender"]) == (
            "outgoing",
            {"id": bot["id"], "name": "Answerer", "type": "agent_bot"},
        )
        # Handing over reaches it as conversation_opened; the activity note it causes does not.
        assert (
            client.post(
                account.path(f"/conversations/{conversation['id']}/toggle_status"), json={"status": "open"}
            ).status_code
            == 200
        )
    finally:
        client.close()
    opened = receiver.next()
    assert (opened.json["event"], opened.json["id"], opened.json["status"]) == (
        "conversation_opened",
        conversation["id"],
        "open",
    )

    call(account, "DELETE", f"/conversations/{conversation['id']}/messages/{body['id']}")
    updated = receiver.next()
    assert (updated.json["event"], updated.json["content"]) == ("message_updated", "This message was deleted")
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "resolved"})
    assert receiver.next().json["event"] == "conversation_resolved"
    account.post(f"/conversations/{conversation['id']}/toggle_status", {"status": "snoozed"})
    account.create_message(conversation["id"], "note", private=True)
    # Snoozing is not a status bots hear of; the private note is the next thing delivered.
    assert receiver.next().json["event"] == "message_created"
    # Six deliveries in all, each recorded delivered once the worker has seen the answer.
    wait_until(
        lambda: [d.status for d in _deliveries(account.server, account.account_id, bot["id"])] == ["delivered"] * 6
    )


def test_other_inboxes_and_bots_without_a_url_get_nothing(account, receiver, bot_inbox):
    bot, _inbox = bot_inbox
    other_inbox = account.create_api_inbox(name="Other", webhook_url=receiver.url)
    quiet = create_bot(account, name="No URL")
    connect(account, other_inbox["id"], quiet["id"])
    conversation = account.create_conversation(other_inbox["id"])
    account.create_message(conversation["id"], "hello", message_type="incoming")
    # Only the API inbox's own webhook hears of it.
    assert receiver.next_event("message_created").headers["x-chatwoot-signature"]
    assert _deliveries(account.server, account.account_id, bot["id"]) == []
    assert _deliveries(account.server, account.account_id, quiet["id"]) == []


def test_a_failing_bot_endpoint_is_retried(account, receiver, bot_inbox):
    bot, inbox = bot_inbox
    receiver.fail_next = 2
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "retry me", message_type="incoming")
    assert receiver.next_event("message_created").json["content"] == "retry me"
    assert len(receiver.attempts) == 3
    (delivery,) = wait_until(
        lambda: [d for d in _deliveries(account.server, account.account_id, bot["id"]) if d.status == "delivered"]
    )
    assert delivery.attempts == 3


def test_a_bot_url_on_a_private_network_is_refused(account):
    bot = create_bot(account, name="Sneaky", outgoing_url="http://10.0.0.7/steal")
    inbox = account.create_api_inbox()
    connect(account, inbox["id"], bot["id"])
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "hello", message_type="incoming")
    (delivery,) = wait_until(
        lambda: [d for d in _deliveries(account.server, account.account_id, bot["id"]) if d.last_error]
    )
    assert delivery.last_error.startswith("refused")


def test_a_bot_that_moved_is_sent_to_its_new_url_and_410_disables_it(account, receiver, bot_inbox):
    bot, inbox = bot_inbox
    receiver.fail_next, receiver.fail_status = 1, 410
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "first", message_type="incoming")
    wait_until(lambda: _deliveries(account.server, account.account_id, bot["id"])[0].status == "discarded")
    account.create_message(conversation["id"], "while gone", message_type="incoming")
    assert len(_deliveries(account.server, account.account_id, bot["id"])) == 1  # disabled: nothing planned
    r = call(account, "PATCH", f"/agent_bots/{bot['id']}", {"outgoing_url": receiver.url + "?v=2"})
    assert r.status_code == 200
    account.create_message(conversation["id"], "back", message_type="incoming")
    assert receiver.next_event("message_created").json["content"] == "back"


def test_administrators_read_the_bots_delivery_log_and_redeliver(account, receiver, bot_inbox):
    bot, inbox = bot_inbox
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "log me", message_type="incoming")
    first = receiver.next_event("message_created")
    wait_until(lambda: _deliveries(account.server, account.account_id, bot["id"])[0].status == "delivered")
    (logged,) = account.get(f"/agent_bots/{bot['id']}/deliveries").json()["payload"]
    assert (logged["event"], logged["status"], logged["url"], logged["delivery_id"]) == (
        "message_created",
        "delivered",
        receiver.url,
        first.headers["x-chatlake-delivery"],
    )
    r = account.post(f"/agent_bots/{bot['id']}/deliveries/{logged['id']}/redeliver")
    assert r.status_code == 200, r.text
    again = receiver.next_event("message_created")
    assert again.body == first.body and again.headers["x-chatlake-delivery"] != first.headers["x-chatlake-delivery"]
    assert account.get(f"/agent_bots/{bot['id']}/deliveries", params={"status": "lost"}).status_code == 422
    members_token_path = f"/agent_bots/{bot['id']}/deliveries"
    members = Members(account)
    try:
        agent = members.add()
        assert agent.get(members_token_path).status_code == 401
        assert agent.post(f"{members_token_path}/{logged['id']}/redeliver").status_code == 401
    finally:
        members.close()
    assert account.post(f"/agent_bots/{bot['id']}/deliveries/99999/redeliver").status_code == 404
