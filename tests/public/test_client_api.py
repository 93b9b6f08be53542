"""Every Client-API operation, called as a customer's front end calls it, against a real server and database."""

from __future__ import annotations

from tests.public.support import api_inbox


def test_inbox_details(inbox):
    r = inbox.get()
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["identifier"] == inbox.identifier
    assert body["name"] == "Site"
    assert body["identity_validation_enabled"] is False
    assert len(body["working_hours"]) == 7 and body["timezone"] == "UTC"
    assert "hmac_token" not in body and "secret" not in body


def test_an_unknown_inbox_is_not_found(inbox):
    r = inbox.client.get("/public/api/v1/inboxes/no-such-inbox")
    assert r.status_code == 404
    assert r.json() == {"error": "Resource could not be found"}
    r = inbox.client.post("/public/api/v1/inboxes/no-such-inbox/contacts", json={"name": "x"})
    assert r.status_code == 404


def test_create_and_get_a_contact(inbox):
    r = inbox.post("/contacts", {"name": "Jane", "email": "Jane@Example.com", "phone_number": "+15551234567"})
    assert r.status_code == 200, r.text
    contact = r.json()
    assert set(contact) >= {"id", "source_id", "pubsub_token", "name", "email", "phone_number"}
    assert contact["email"] == "jane@example.com" and contact["name"] == "Jane"
    r = inbox.get(f"/contacts/{contact['source_id']}")
    assert r.status_code == 200
    assert r.json() == contact
    # The agents see the contact, with its session on the inbox.
    seen = inbox.account.get(f"/contacts/{contact['id']}").json()["payload"]
    assert seen["email"] == "jane@example.com"


def test_a_contact_may_name_its_own_session(inbox):
    contact = inbox.new_contact(source_id="my-session-1")
    assert contact["source_id"] == "my-session-1"
    r = inbox.post("/contacts", {"source_id": "my-session-1"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["source_id"]


def test_an_unknown_session_is_not_found(inbox):
    assert inbox.get("/contacts/nope").status_code == 404
    assert inbox.get("/contacts/nope/conversations").status_code == 404


def test_bad_contact_input_is_refused_and_changes_nothing(inbox):
    before = inbox.account.get("/contacts").json()["meta"]["count"]
    for body in ({"email": "not-an-email"}, {"phone_number": "12"}, {"name": 5}, {"custom_attributes": "x"}):
        r = inbox.post("/contacts", body)
        assert r.status_code == 422, (body, r.text)
        assert "message" in r.json()
    assert inbox.account.get("/contacts").json()["meta"]["count"] == before


def test_update_a_contact(inbox):
    contact = inbox.new_contact()
    r = inbox.patch(f"/contacts/{contact['source_id']}", {"name": "Jane Roe", "custom_attributes": {"plan": "pro"}})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["name"] == "Jane Roe" and record["custom_attributes"] == {"plan": "pro"}
    assert record["id"] == contact["id"] and isinstance(record["created_at"], str)
    assert inbox.account.get(f"/contacts/{contact['id']}").json()["payload"]["name"] == "Jane Roe"


def test_conversations_create_list_get(inbox):
    contact = inbox.new_contact()
    r = inbox.post(f"/contacts/{contact['source_id']}/conversations", {"custom_attributes": {"order": "A-1"}})
    assert r.status_code == 200, r.text
    conversation = r.json()
    assert conversation["status"] == "open" and conversation["messages"] == []
    assert conversation["contact"]["id"] == contact["id"]
    listed = inbox.get(f"/contacts/{contact['source_id']}/conversations").json()
    assert [c["id"] for c in listed] == [conversation["id"]]
    one = inbox.get(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}").json()
    assert one["uuid"] == conversation["uuid"]
    # The agents see it, in the inbox, with the custom attribute.
    agent_view = inbox.account.get(f"/conversations/{conversation['id']}").json()
    assert agent_view["inbox_id"] == inbox.inbox_id and agent_view["custom_attributes"] == {"order": "A-1"}


def test_a_contact_never_reaches_another_contacts_conversation(inbox, account):
    alice, bob = inbox.new_contact(), inbox.new_contact()
    alices = inbox.new_conversation(alice)
    inbox.say(alice, alices, "private matter")
    # An agent-made conversation of another contact on the same inbox.
    other = account.create_conversation(inbox.inbox_id)
    for display_id in (alices["id"], other["id"]):
        base = f"/contacts/{bob['source_id']}/conversations/{display_id}"
        assert inbox.get(base).status_code == 404
        assert inbox.get(base + "/messages").status_code == 404
        assert inbox.post(base + "/messages", {"content": "hi"}).status_code == 404
        assert inbox.post(base + "/toggle_status").status_code == 404
        assert inbox.post(base + "/toggle_typing", {"typing_status": "on"}).status_code == 404
        assert inbox.post(base + "/update_last_seen").status_code == 404
    assert inbox.get(f"/contacts/{bob['source_id']}/conversations").json() == []


def test_a_session_of_another_inbox_is_not_found(account, inbox):
    other = api_inbox(account)
    try:
        contact = other.new_contact()
        assert inbox.get(f"/contacts/{contact['source_id']}").status_code == 404
    finally:
        other.client.close()


def test_messages_both_ways_without_private_notes_or_activity(inbox, account):
    contact = inbox.new_contact(name="Jane")
    conversation = inbox.new_conversation(contact)
    sent = inbox.say(contact, conversation, "Hello, my order is late", echo_id="e-1")
    assert sent["message_type"] == 0 and sent["content_type"] == "text" and sent["echo_id"] == "e-1"
    assert sent["sender"]["type"] == "contact" and sent["sender"]["id"] == contact["id"]
    # The agents see the customer's message as incoming.
    agent_messages = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
    assert [(m["content"], m["message_type"]) for m in agent_messages] == [("Hello, my order is late", 0)]
    account.create_message(conversation["id"], "We are on it")
    account.create_message(conversation["id"], "internal: refund?", private=True)
    assert account.post(f"/conversations/{conversation['id']}/toggle_status").status_code == 200  # activity note
    seen = inbox.messages(contact, conversation)
    assert [(m["content"], m["message_type"]) for m in seen] == [
        ("Hello, my order is late", 0),
        ("We are on it", 1),
    ]
    reply = seen[1]
    assert reply["sender"]["type"] == "user" and "email" not in reply["sender"]
    assert "private" not in reply
    # The conversation's messages show the same.
    one = inbox.get(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}").json()
    assert [m["content"] for m in one["messages"]] == ["Hello, my order is late", "We are on it"]


def test_a_retried_message_with_the_same_echo_id_is_stored_once(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    first = inbox.say(contact, conversation, "once", echo_id="same")
    again = inbox.say(contact, conversation, "once", echo_id="same")
    assert first["id"] == again["id"]
    assert len(inbox.messages(contact, conversation)) == 1


def test_message_paging_before_and_after(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    # Written by the agents: a contact may send only 20 messages a minute.
    ids = [account.create_message(conversation["id"], f"m{i}")["id"] for i in range(23)]
    latest = inbox.messages(contact, conversation)
    assert [m["id"] for m in latest] == ids[-20:]
    older = inbox.messages(contact, conversation, before=ids[-20])
    assert [m["id"] for m in older] == ids[:3]
    newer = inbox.messages(contact, conversation, after=ids[20])
    assert [m["id"] for m in newer] == ids[21:]


def test_message_input_is_checked(inbox):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages"
    assert inbox.post(path, {"content": ""}).status_code == 422
    assert inbox.post(path, {"content": "x" * 10_001}).status_code == 422
    assert inbox.post(path, {"content": ["not", "text"]}).status_code == 422
    assert inbox.messages(contact, conversation) == []


def test_a_contact_cannot_send_as_an_agent(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    message = inbox.say(contact, conversation, "hi", message_type="outgoing", private=True)
    assert message["message_type"] == 0
    stored = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"][0]
    assert stored["message_type"] == 0 and stored["private"] is False


def test_toggle_status_resolves_once(inbox, account):
    contact = inbox.new_contact(name="Jane")
    conversation = inbox.new_conversation(contact)
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/toggle_status"
    r = inbox.post(path)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "resolved"
    assert inbox.post(path).json()["status"] == "resolved"  # resolving again changes nothing
    notes = [
        m["content"]
        for m in account.get(f"/conversations/{conversation['id']}/messages").json()["payload"]
        if m["message_type"] == 2
    ]
    assert notes == ["Conversation was marked resolved by Jane"]
    # A new message from the customer reopens it.
    inbox.say(contact, conversation, "one more thing")
    assert account.get(f"/conversations/{conversation['id']}").json()["status"] == "open"


def test_toggle_typing(inbox):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/toggle_typing"
    assert inbox.post(path, {"typing_status": "on"}).status_code == 200
    assert inbox.client.post(inbox.url(path), params={"typing_status": "off"}).status_code == 200
    r = inbox.post(path, {"typing_status": "sideways"})
    assert r.status_code == 422 and r.json()["attributes"] == ["typing_status"]


def test_update_last_seen_marks_agent_messages_read(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    account.create_message(conversation["id"], "Hello from support")
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/update_last_seen"
    assert inbox.post(path).status_code == 200
    one = inbox.get(f"/contacts/{contact['source_id']}/conversations/{conversation['id']}").json()
    assert one["contact_last_seen_at"] > 0
    assert [m["status"] for m in one["messages"]] == ["read"]


def test_answering_a_question_message(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    question = account.create_message(
        conversation["id"],
        "Which plan?",
        content_type="input_select",
        content_attributes={"items": [{"title": "Pro", "value": "pro"}, {"title": "Free", "value": "free"}]},
    )
    path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages/{question['id']}"
    r = inbox.patch(path, {"submitted_values": [{"title": "Pro", "value": "pro"}]})
    assert r.status_code == 200, r.text
    assert r.json()["content_attributes"]["submitted_values"] == [{"title": "Pro", "value": "pro"}]
    stored = account.get(f"/conversations/{conversation['id']}/messages").json()["payload"][0]
    assert stored["content_attributes"]["submitted_values"] == [{"title": "Pro", "value": "pro"}]


def test_only_questions_take_answers_and_notes_do_not_exist(inbox, account):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    text = account.create_message(conversation["id"], "plain text")
    note = account.create_message(conversation["id"], "secret note", private=True)
    base = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/messages/"
    r = inbox.patch(base + str(text["id"]), {"submitted_values": {"value": "x"}})
    assert r.status_code == 422
    assert inbox.patch(base + str(note["id"]), {"submitted_values": {"value": "x"}}).status_code == 404
    assert inbox.patch(base + "999999", {"submitted_values": {"value": "x"}}).status_code == 404
    other = account.create_conversation(inbox.inbox_id)
    foreign = account.create_message(other["id"], "Which?", content_type="input_select")
    assert inbox.patch(base + str(foreign["id"]), {"submitted_values": {"value": "x"}}).status_code == 404
