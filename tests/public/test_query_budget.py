"""The Client API's lists cost a fixed number of statements, however many conversations and messages there are."""

from __future__ import annotations

from tests.querycount import QueryCounter


def _statements(server, request) -> int:
    counter = QueryCounter(server)
    with counter.counting():
        r = request()
        assert r.status_code == 200, r.text
    return counter.count


def test_the_conversation_list_costs_the_same_for_one_or_many(server, account, inbox):
    contact = inbox.new_contact()
    first = inbox.new_conversation(contact)
    inbox.say(contact, first, "hello")
    account.create_message(first["id"], "hi")
    path = f"/contacts/{contact['source_id']}/conversations"
    one = _statements(server, lambda: inbox.get(path))
    for _ in range(4):
        conversation = inbox.new_conversation(contact)
        inbox.say(contact, conversation, "more")
        account.create_message(conversation["id"], "reply")
    many = _statements(server, lambda: inbox.get(path))
    assert many == one <= 8


def test_the_message_page_costs_a_fixed_number(server, account, inbox):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    inbox.say(contact, conversation, "hello")
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages"
    few = _statements(server, lambda: inbox.get(path))
    for i in range(10):
        account.create_message(conversation["id"], f"reply {i}")
    more = _statements(server, lambda: inbox.get(path))
    assert more <= few + 1 <= 9  # a second kind of sender (the agent) is one more lookup
