"""Bad input gets a clear 4xx JSON error and changes nothing."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("headers", [{}, {"api_access_token": ""}, {"api_access_token": "not-a-token"}])
def test_missing_or_wrong_token_is_401(server, account, headers):
    for url in ("/api/v1/profile", account.path("/conversations"), account.path("/contacts")):
        r = httpx.get(server.url + url, headers=headers)
        assert r.status_code == 401
        assert r.json() == {"error": "Invalid Access Token"}


def test_the_dashed_header_spelling_is_accepted(server, account):
    r = httpx.get(server.url + "/api/v1/profile", headers={"api-access-token": account.token})
    assert r.status_code == 200


def _counts(account) -> tuple[int, int]:
    contacts = account.get("/contacts").json()["meta"]["count"]
    conversations = account.get("/conversations", params={"status": "all"}).json()["data"]["meta"]["all_count"]
    return contacts, conversations


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "x", "email": "not-an-email"}, "email"),
        ({"name": "x", "phone_number": "12345"}, "phone_number"),
        ({"name": "x", "avatar_url": "ftp://example.com/a.png"}, "avatar_url"),
        ({"name": "x", "inbox_id": "string"}, "inbox_id"),
        ({"name": "x", "custom_attributes": "[1,2]"}, "custom_attributes"),
        ({"name": "x" * 300}, "name"),
    ],
)
def test_invalid_contacts_are_422_naming_the_field(account, body, field):
    before = _counts(account)
    r = account.post("/contacts", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert r.json()["message"]
    assert _counts(account) == before


def test_duplicate_email_is_422_and_creates_no_session(account):
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"], email="dup@example.com")
    r = account.post("/contacts", {"name": "Again", "email": "DUP@example.com", "inbox_id": inbox["id"]})
    assert r.status_code == 422
    assert r.json() == {"message": "Email has already been taken", "attributes": ["email"]}
    assert account.get("/contacts").json()["meta"]["count"] == 1


def test_duplicate_source_id_in_an_inbox_is_422(account):
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"], source_id="session-1")
    r = account.post("/contacts", {"name": "Two", "inbox_id": inbox["id"], "source_id": "session-1"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["source_id"]
    assert account.get("/contacts").json()["meta"]["count"] == 1  # the contact was rolled back too


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({}, 422, "inbox_id"),
        ({"inbox_id": "{inbox}"}, 422, "source_id"),
        ({"inbox_id": "{inbox}", "source_id": "no-such-session"}, 404, None),
        ({"inbox_id": "{inbox}", "source_id": "{source}", "status": "closed"}, 422, "status"),
        ({"inbox_id": "{inbox}", "source_id": "{source}", "assignee_id": 999999}, 404, None),
        ({"inbox_id": "{inbox}", "source_id": "{source}", "team_id": 999999}, 404, None),
        ({"inbox_id": "{inbox}", "source_id": "{source}", "snoozed_until": "tomorrow"}, 422, "snoozed_until"),
        ({"inbox_id": "{inbox}", "source_id": "{source}", "message": {"content": ""}}, 422, "content"),
    ],
)
def test_invalid_conversations_are_refused_and_write_nothing(account, body, status, field):
    inbox = account.create_api_inbox()
    contact = account.create_contact(inbox["id"])
    fill = {"{inbox}": inbox["id"], "{source}": contact["contact_inbox"]["source_id"]}
    body = {k: fill.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    before = _counts(account)
    r = account.post("/conversations", body)
    assert r.status_code == status, r.text
    if field:
        assert field in r.json()["attributes"]
    assert _counts(account) == before
    # No conversation number was used up either: the next one is still 1.
    assert account.create_conversation(inbox["id"])["id"] == 1


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "content"),
        ({"content": "  "}, "content"),
        ({"content": "x", "message_type": "activity"}, "message_type"),
        ({"content": "x", "message_type": "sideways"}, "message_type"),
        ({"content": "x", "content_type": "hologram"}, "content_type"),
        ({"content": "x", "content_attributes": "not json"}, "content_attributes"),
        ({"content": "x", "private": "maybe"}, "private"),
        ({"content": "x" * 150_001}, "content"),
    ],
)
def test_invalid_messages_are_422_and_write_nothing(account, body, field):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    r = account.post(f"/conversations/{conversation['id']}/messages", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert account.get(f"/conversations/{conversation['id']}/messages").json()["payload"] == []


def test_malformed_json_is_422(account):
    r = account.client.post(
        account.path("/contacts"), content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert "message" in r.json()


def test_invalid_inbox_is_422(account):
    for body, field in [
        ({"channel": {"type": "api"}}, "name"),
        ({"name": "x", "channel": {"type": "carrier_pigeon"}}, "channel.type"),
        ({"name": "x", "channel": {"type": "api", "webhook_url": "javascript:alert(1)"}}, "webhook_url"),
    ]:
        r = account.post("/inboxes", body)
        assert r.status_code == 422, r.text
        assert field in r.json()["attributes"]
    assert account.get("/inboxes").json()["payload"] == []


def test_unknown_paths_are_json_404(server, account):
    r = account.client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.json() == {"error": "Resource could not be found"}


def test_nul_characters_are_refused_the_same_on_every_database(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    for call in (
        lambda: account.post("/contacts", {"name": "nul\u0000name"}),
        lambda: account.post(f"/conversations/{conversation['id']}/messages", {"content": "a\u0000b"}),
        lambda: account.get("/conversations", params={"q": "a\x00b"}),
    ):
        r = call()
        assert r.status_code == 422, r.text
        assert r.json() == {"message": "Text may not contain NUL characters", "attributes": []}
    assert account.get("/contacts").json()["meta"]["count"] == 1


def test_nul_characters_are_refused_in_filters_and_definitions_too(account):
    for suffix, body in (
        (
            "/conversations/filter",
            {
                "payload": [
                    {
                        "attribute_key": "browser_language",
                        "filter_operator": "equal_to",
                        "values": ["a\x00b"],
                        "query_operator": None,
                    }
                ]
            },
        ),
        ("/custom_filters", {"name": "A", "query": {"a": "b\x00"}}),
        ("/custom_attribute_definitions", {"attribute_display_name": "P\x00lan", "attribute_key": "plan"}),
    ):
        r = account.post(suffix, body)
        assert r.status_code == 422, (suffix, r.text)
        assert r.json()["message"] == "Text may not contain NUL characters"
    assert account.get("/custom_filters").json() == []
    assert account.get("/custom_attribute_definitions").json() == []
