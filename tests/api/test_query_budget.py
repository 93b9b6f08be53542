"""Hot paths cost a fixed, small number of SQL statements (no N+1)."""

from __future__ import annotations

from tests.querycount import QueryCounter

# auth (token and membership in one) + conversation + inbox + insert + update + contact/session + unread
# + event cursor + account webhooks + event + the account's active automation rules
# + one reporting event (the reply's first_response or reply_time, written in the message's flush)
MESSAGE_CREATE_BUDGET = 12


def test_creating_a_message_stays_within_its_statement_budget(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox(webhook_url="http://127.0.0.1:9/unused")
    conversation = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    with counter.counting():
        account.create_message(conversation["id"], "reply")
    # The webhook delivery row is one more insert when the inbox has a webhook.
    assert counter.count <= MESSAGE_CREATE_BUDGET + 1, "\n".join(counter.statements)


def test_the_conversation_list_costs_the_same_for_2_or_25_rows(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    # Both kinds of last-message sender and of assignee are present from the start: each kind
    # costs one statement for the whole page, however many rows share it.
    first = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    account.create_message(first["id"], "hello")
    second = account.create_conversation(inbox["id"])
    account.create_message(second["id"], "hi", message_type="incoming")
    with counter.counting():
        assert len(account.get("/conversations").json()["data"]["payload"]) == 2
    few_rows = counter.count

    for i in range(23):
        c = account.create_conversation(inbox["id"], assignee_id=account.user_id if i % 2 else None)
        account.create_message(c["id"], f"m{i}", message_type="incoming")
    with counter.counting():
        assert len(account.get("/conversations").json()["data"]["payload"]) == 25
    assert counter.count == few_rows, "\n".join(counter.statements)


def test_the_contact_list_costs_the_same_for_1_or_15_rows(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"])
    with counter.counting():
        account.get("/contacts")
    one_row = counter.count
    for _ in range(14):
        account.create_contact(inbox["id"])
    with counter.counting():
        assert len(account.get("/contacts").json()["payload"]) == 15
    assert counter.count == one_row
