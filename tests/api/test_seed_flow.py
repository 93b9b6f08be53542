"""The API-channel guide (shared/seed/api-channel.txt), step by step with its own request bodies."""

from __future__ import annotations

import base64
import hashlib
import hmac

SEED_INBOX_FIELDS = {
    "id",
    "name",
    "website_url",
    "channel_type",
    "avatar_url",
    "widget_color",
    "website_token",
    "enable_auto_assignment",
    "web_widget_script",
    "welcome_title",
    "welcome_tagline",
    "greeting_enabled",
    "greeting_message",
}
SEED_CONTACT_FIELDS = {
    "email",
    "name",
    "phone_number",
    "thumbnail",
    "additional_attributes",
    "contact_inboxes",
    "id",
    "availability_status",
}
SEED_MESSAGE_FIELDS = {
    "id",
    "content",
    "inbox_id",
    "conversation_id",
    "message_type",
    "content_type",
    "content_attributes",
    "created_at",
    "private",
    "sender",
}


def verify_signature(secret: str, headers: dict, body: bytes) -> bool:
    expected = hmac.new(secret.encode(), headers["x-chatlake-timestamp"].encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(headers["x-chatlake-signature"], "sha256=" + expected.hexdigest())


def verify_standard_webhooks_signature(secret: str, headers: dict, body: bytes) -> bool:
    """As Standard Webhooks receivers do, with the key given as whsec_ + base64(secret)."""
    key = base64.b64decode(("whsec_" + base64.b64encode(secret.encode()).decode()).removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, candidate) for candidate in headers["webhook-signature"].split(" "))


def test_the_whole_api_channel_flow_of_the_guide(account, receiver):
    inbox = account.create_api_inbox(webhook_url=receiver.url)

    # 1. Create a contact: the guide's body, with real values where it shows placeholders.
    r = account.post(
        "/contacts",
        {
            "inbox_id": inbox["id"],
            "name": "Pranav",
            "email": "pranav@example.com",
            "phone_number": "+919999999999",
            "avatar": None,
            "avatar_url": "https://example.com/avatar.png",
            "identifier": "pranav-42",
            "custom_attributes": {},
        },
    )
    assert r.status_code == 200, r.text
    contact = r.json()
    assert contact.keys() >= SEED_CONTACT_FIELDS
    assert contact["name"] == "Pranav" and contact["email"] == "pranav@example.com"
    assert isinstance(contact["id"], int)
    (session,) = contact["contact_inboxes"]
    assert session["inbox"].keys() >= SEED_INBOX_FIELDS
    assert session["inbox"]["id"] == inbox["id"]
    assert session["inbox"]["channel_type"] == "Channel::Api"
    source_id = session["source_id"]
    assert source_id
    # Chatwoot's envelope carries the same contact and session.
    assert contact["payload"]["contact"]["id"] == contact["id"]
    assert contact["payload"]["contact_inbox"]["source_id"] == source_id

    # 2. Create a conversation with the returned source_id (ids given as strings, as in the guide).
    r = account.post(
        "/conversations",
        {
            "source_id": source_id,
            "inbox_id": str(inbox["id"]),
            "contact_id": str(contact["id"]),
            "additional_attributes": {},
            "custom_attributes": {"attribute_key": "attribute_value", "priority_conversation_number": 3},
            "status": "open",
            "assignee_id": str(account.user_id),
        },
    )
    assert r.status_code == 200, r.text
    conversation = r.json()
    assert conversation["id"] == 1  # per-account number, starts at 1
    assert conversation["status"] == "open"
    assert conversation["custom_attributes"]["priority_conversation_number"] == 3
    assert conversation["meta"]["assignee"]["id"] == account.user_id

    # 3. Messages: the customer's (incoming) and the agent's (outgoing).
    r = account.post(
        f"/conversations/{conversation['id']}/messages",
        {
            "content": "This is a incoming message from API Channel",
            "message_type": "incoming",
            "private": False,
            "content_attributes": {},
        },
    )
    assert r.status_code == 200, r.text
    incoming = r.json()
    assert incoming.keys() >= SEED_MESSAGE_FIELDS
    assert incoming["message_type"] == 0
    assert incoming["inbox_id"] == inbox["id"]
    assert incoming["conversation_id"] == conversation["id"]
    assert incoming["private"] is False
    assert isinstance(incoming["created_at"], int)
    assert incoming["sender"] == {**incoming["sender"], "id": contact["id"], "name": "Pranav", "type": "contact"}

    r = account.post(
        f"/conversations/{conversation['id']}/messages",
        {
            "content": "Hi Pranav, how can we help?",
            "message_type": "outgoing",
            "private": False,
            "content_type": "text",
            "content_attributes": {},
        },
    )
    assert r.status_code == 200, r.text
    outgoing = r.json()
    assert outgoing["message_type"] == 1
    assert outgoing["sender"]["type"] == "user" and outgoing["sender"]["id"] == account.user_id

    # The guide's "cards" example body is accepted too.
    r = account.post(
        f"/conversations/{conversation['id']}/messages",
        {
            "content": "Pick one",
            "message_type": "outgoing",
            "private": True,
            "content_type": "cards",
            "content_attributes": {"items": [{"title": "Plan A"}]},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["content_type"] == "cards" and r.json()["private"] is True

    # Each new message reaches the inbox's webhook URL, signed with the secret the API gave us.
    for expected in (incoming, outgoing):
        delivery = receiver.next_event("message_created")
        assert verify_signature(inbox["secret"], delivery.headers, delivery.body)
        assert not verify_signature(inbox["secret"], delivery.headers, delivery.body + b" ")
        assert verify_standard_webhooks_signature(inbox["secret"], delivery.headers, delivery.body)
        assert delivery.headers["webhook-id"] == delivery.headers["x-chatlake-delivery"]
        assert delivery.headers["x-chatwoot-signature"] == delivery.headers["x-chatlake-signature"]
        assert delivery.headers["x-chatlake-delivery"]
        payload = delivery.json
        assert payload["id"] == expected["id"]
        assert payload["message_type"] == ("incoming" if expected is incoming else "outgoing")
        assert isinstance(payload["created_at"], str)
        assert payload["conversation"]["id"] == conversation["id"]
        assert payload["inbox"] == {"id": inbox["id"], "name": inbox["name"]}
        assert payload["account"]["id"] == account.account_id

    # ... and the conversation is listed for the dashboard.
    listing = account.get("/conversations").json()["data"]
    assert [c["id"] for c in listing["payload"]] == [conversation["id"]]
    assert listing["payload"][0]["messages"][0]["content"] == "Pick one"
