"""Hot paths cost a fixed, small number of SQL statements (no N+1)."""

from __future__ import annotations

from tests.querycount import QueryCounter

# An incoming message on an API inbox: the conversation with everything its JSON shows (one statement),
# INSERT message, UPDATE contact, UPDATE conversation, and the outbox: on SQLite the event cursor and the
# event (the webhook delivery row one more), on PostgreSQL all three in one statement. Authentication and
# the account's automation rules and webhook targets come from the configuration cache.
INCOMING_BUDGET = {"sqlite": 6, "postgres": 5}
# An agent's reply: no contact update; a reply's reporting event is one more on the first reply.
OUTGOING_BUDGET = {"sqlite": 5, "postgres": 4}
DELIVERY_ROW = {"sqlite": 1, "postgres": 0}


def _warm_conversation(account, webhook_url=None, **fields):
    inbox = account.create_api_inbox(webhook_url=webhook_url)
    conversation = account.create_conversation(inbox["id"], **fields)
    # The first request of a token and account fills the configuration cache; the budget is the steady state.
    account.create_message(conversation["id"], "warm", message_type="incoming")
    account.create_message(conversation["id"], "warm reply")
    return conversation


def test_an_incoming_message_costs_six_statements(server, account, db_kind):
    counter = QueryCounter(server)
    conversation = _warm_conversation(account)
    with counter.counting():
        account.create_message(conversation["id"], "hello", message_type="incoming")
    assert counter.count <= INCOMING_BUDGET[db_kind], "\n".join(counter.statements)


def test_an_incoming_message_to_an_inbox_with_a_webhook(server, account, db_kind):
    counter = QueryCounter(server)
    conversation = _warm_conversation(account, webhook_url="http://127.0.0.1:9/unused")
    with counter.counting():
        account.create_message(conversation["id"], "hello", message_type="incoming")
    assert counter.count <= INCOMING_BUDGET[db_kind] + DELIVERY_ROW[db_kind], "\n".join(counter.statements)


def test_a_reply_stays_within_its_statement_budget(server, account, db_kind):
    counter = QueryCounter(server)
    conversation = _warm_conversation(account, webhook_url="http://127.0.0.1:9/unused", assignee_id=account.user_id)
    with counter.counting():
        account.create_message(conversation["id"], "reply")
    assert counter.count <= OUTGOING_BUDGET[db_kind] + DELIVERY_ROW[db_kind], "\n".join(counter.statements)


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


# A new conversation: the inbox, the contact session with its contact, the conversation number, INSERT, the
# search for an online member to assign it to (auto-assignment is on by default, as in Chatwoot), and the
# outbox (its created event, and its delivery to the inbox's webhook).
CONVERSATION_CREATE_BUDGET = {"sqlite": 8, "postgres": 6}
# A new contact with a session in an API inbox: the inbox, INSERT contact, the source id check, INSERT
# contact inbox, and the outbox.
CONTACT_CREATE_BUDGET = {"sqlite": 6, "postgres": 5}


def test_creating_a_contact_and_a_conversation_stays_within_budget(server, account, db_kind):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox(webhook_url="http://127.0.0.1:9/unused")
    account.create_conversation(inbox["id"])  # fills the configuration cache
    with counter.counting():
        contact = account.create_contact(inbox["id"])
    assert counter.count <= CONTACT_CREATE_BUDGET[db_kind], "\n".join(counter.statements)
    with counter.counting():
        r = account.post(
            "/conversations", {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"]}
        )
    assert r.status_code == 200, r.text
    assert counter.count <= CONVERSATION_CREATE_BUDGET[db_kind], "\n".join(counter.statements)
