"""What the Client API's writes set off: the same events as the agents' side (webhooks, the dashboard's stream),
and the contact's own websocket stream, which carries its conversations' public messages and the agents' typing,
never a private note nor another contact's events."""

from __future__ import annotations

from tests.public.support import api_inbox
from tests.realtime.cable import Cable, agent_cable, is_message


def test_webhooks_receive_the_contacts_message(account, receiver):
    inbox = api_inbox(account, webhook_url=receiver.url)
    try:
        contact = inbox.new_contact(name="Jane")
        conversation = inbox.new_conversation(contact)
        inbox.say(contact, conversation, "via the client api")
        body = receiver.next_event("message_created").json
        assert body["content"] == "via the client api"
        assert body["message_type"] == "incoming"
        assert body["sender"]["id"] == contact["id"] and body["conversation"]["id"] == conversation["id"]
    finally:
        inbox.client.close()


def test_agents_see_the_contacts_messages_and_typing_live(server, account, inbox):
    contact = inbox.new_contact(name="Jane")
    conversation = inbox.new_conversation(contact)
    cable, _ = agent_cable(server.url, account)
    with cable:
        path = f"/contacts/{contact['source_id']}/conversations/{conversation['id']}/toggle_typing"
        assert inbox.post(path, {"typing_status": "on"}).status_code == 200
        typing = cable.until(lambda m: m["event"] == "conversation.typing_on")[-1]
        assert typing["data"]["user"]["id"] == contact["id"] and typing["data"]["user"]["type"] == "contact"
        inbox.say(contact, conversation, "live hello")
        created = cable.until(is_message("live hello"))[-1]
        assert created["data"]["message_type"] == 0 and created["data"]["sender"]["type"] == "contact"


def test_the_contact_stream_carries_its_own_conversation_only(server, account, inbox):
    jane, joe = inbox.new_contact(name="Jane"), inbox.new_contact(name="Joe")
    janes, joes = inbox.new_conversation(jane), inbox.new_conversation(joe)
    with Cable(server.url) as cable:
        cable.subscribe(pubsub_token=jane["pubsub_token"])
        account.create_message(janes["id"], "internal only", private=True)
        account.create_message(joes["id"], "for Joe")
        inbox.say(joe, joes, "Joe writes")
        r = account.post(f"/conversations/{janes['id']}/toggle_typing_status", {"typing_status": "on"})
        assert r.status_code == 200, r.text
        account.create_message(janes["id"], "for Jane")
        got = cable.until(is_message("for Jane"))
    events = [(m["event"], m["data"].get("content")) for m in got]
    assert ("conversation.typing_on", None) in events
    contents = [content for event, content in events if event == "message.created"]
    assert contents == ["for Jane"]
    for message in got:
        assert "internal only" not in str(message), message
        assert "Joe" not in str(message), message


def test_the_contact_stream_resumes_after_a_reconnect(server, account, inbox):
    contact = inbox.new_contact()
    conversation = inbox.new_conversation(contact)
    with Cable(server.url) as cable:
        cable.subscribe(pubsub_token=contact["pubsub_token"])
        account.create_message(conversation["id"], "first")
        cursor = cable.until(is_message("first"))[-1]["cursor"]
    account.create_message(conversation["id"], "note while away", private=True)
    assert account.post(f"/conversations/{conversation['id']}/toggle_typing_status", {"typing_status": "on"}).is_success
    account.create_message(conversation["id"], "while away")
    with Cable(server.url) as cable:
        cable.subscribe(pubsub_token=contact["pubsub_token"], cursor=cursor)
        got = cable.until(is_message("while away"))
    assert [m["data"]["content"] for m in got if m["event"] == "message.created"] == ["while away"]
    assert "conversation.typing_on" in [m["event"] for m in got]
    assert "note while away" not in str(got)
