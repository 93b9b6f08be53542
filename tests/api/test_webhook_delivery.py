"""At-least-once, signed, ordered delivery of API-inbox events."""

from __future__ import annotations

import queue

import pytest


def test_a_receiver_that_fails_twice_gets_the_event_once_after_recovering(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    receiver.attempts.clear()
    receiver.fail_next = 2

    message = account.create_message(conversation["id"], "are you there?", message_type="incoming")

    delivered = receiver.next_event("message_created")
    assert delivered.json["id"] == message["id"]
    failed = [a for a in receiver.attempts[:2]]
    assert len(failed) == 2
    # Retries are the same delivery: receivers de-duplicate by its id.
    ids = {a.headers["x-chatlake-delivery"] for a in receiver.attempts}
    assert ids == {delivered.headers["x-chatlake-delivery"]}
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.5)
    assert len(receiver.attempts) == 3


def test_events_of_one_conversation_arrive_in_order_even_across_failures(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"])
    receiver.next_event("conversation_created")
    receiver.fail_next = 3
    sent = [account.create_message(conversation["id"], f"message {i}")["id"] for i in range(5)]

    got = [receiver.next_event("message_created").json["id"] for _ in sent]
    assert got == sent


def test_private_notes_are_delivered_marked_private_and_activity_is_not_delivered(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)
    conversation = account.create_conversation(inbox["id"], status="resolved")
    receiver.next_event("conversation_created")

    account.create_message(conversation["id"], "internal only", private=True)
    note = receiver.next()
    assert note.json["event"] == "message_created" and note.json["private"] is True

    # An incoming message reopens the conversation: an activity message is written, but only the
    # customer's message and the status change go to the channel.
    account.create_message(conversation["id"], "back again", message_type="incoming")
    events = [receiver.next().json for _ in range(2)]
    assert [e["event"] for e in events] == ["message_created", "conversation_status_changed"]
    assert events[0]["content"] == "back again"
    assert events[1]["status"] == "open"
    assert events[1]["changed_attributes"] == [{"status": {"previous_value": "resolved", "current_value": "open"}}]
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.5)


def test_inbox_without_webhook_url_delivers_nothing_and_accepts_messages(account, receiver):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    assert account.create_message(conversation["id"], "no hook")["content"] == "no hook"
    with pytest.raises(queue.Empty):
        receiver.next(timeout=0.3)
