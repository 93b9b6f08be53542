"""Identity validation: a valid identifier_hash ties a session to its contact and marks it verified; a wrong one is
refused; an inbox that requires it refuses every session without it; and nothing a visitor types (another
contact's email or identifier) gives access to another contact's conversations."""

from __future__ import annotations

from tests.public.support import identifier_hash


def _conversation_ids(inbox, contact) -> list[int]:
    r = inbox.get(f"/contacts/{contact['source_id']}/conversations")
    assert r.status_code == 200, r.text
    return [c["id"] for c in r.json()]


def test_a_valid_hash_verifies_the_session(inbox, account):
    contact = inbox.new_contact(identifier="user-42", identifier_hash=identifier_hash(inbox.hmac_token, "user-42"))
    assert contact["hmac_verified"] is True and contact["identifier"] == "user-42"
    conversation = inbox.new_conversation(contact)
    agent_view = account.get(f"/conversations/{conversation['id']}").json()
    assert agent_view["meta"]["hmac_verified"] is True
    assert agent_view["meta"]["sender"]["identifier"] == "user-42"


def test_a_wrong_hash_is_refused_and_creates_nothing(inbox, account):
    before = account.get("/contacts").json()["meta"]["count"]
    for wrong in (identifier_hash(inbox.hmac_token, "user-43"), "00" * 32, identifier_hash("other-key", "user-42")):
        r = inbox.post("/contacts", {"identifier": "user-42", "identifier_hash": wrong})
        assert r.status_code == 401, r.text
        assert r.json() == {"error": "HMAC failed: Invalid Identifier Hash Provided"}
    r = inbox.post("/contacts", {"identifier_hash": identifier_hash(inbox.hmac_token, "")})
    assert r.status_code == 401
    assert account.get("/contacts").json()["meta"]["count"] == before


def test_without_a_hash_the_session_is_unverified(inbox):
    contact = inbox.new_contact(identifier="user-44")
    assert contact["hmac_verified"] is False


def test_a_mandatory_inbox_refuses_sessions_without_a_valid_hash(strict_inbox, account):
    assert strict_inbox.get().json()["identity_validation_enabled"] is True
    r = strict_inbox.post("/contacts", {"name": "No hash"})
    assert r.status_code == 401
    r = strict_inbox.post("/contacts", {"identifier": "u-1"})
    assert r.status_code == 401
    r = strict_inbox.post("/contacts", {"identifier": "u-1", "identifier_hash": "ab" * 32})
    assert r.status_code == 401
    contact = strict_inbox.new_contact(
        identifier="u-1", identifier_hash=identifier_hash(strict_inbox.hmac_token, "u-1")
    )
    assert contact["hmac_verified"] is True
    conversation = strict_inbox.new_conversation(contact)
    assert strict_inbox.say(contact, conversation, "verified hello")["content"] == "verified hello"


def test_a_mandatory_inbox_serves_no_unverified_session(strict_inbox, account):
    """A session opened by the agents' side (no hash) cannot be used from outside while validation is required."""
    created = account.create_contact(strict_inbox.inbox_id)
    source_id = created["contact_inbox"]["source_id"]
    assert strict_inbox.get(f"/contacts/{source_id}").status_code == 401
    assert strict_inbox.get(f"/contacts/{source_id}/conversations").status_code == 401
    r = strict_inbox.patch(f"/contacts/{source_id}", {"name": "x"})
    assert r.status_code == 401
    # Identifying it with a valid hash verifies it.
    r = strict_inbox.patch(
        f"/contacts/{source_id}",
        {"identifier": "u-9", "identifier_hash": identifier_hash(strict_inbox.hmac_token, "u-9")},
    )
    assert r.status_code == 200, r.text
    assert strict_inbox.get(f"/contacts/{source_id}").json()["hmac_verified"] is True


def test_another_contacts_email_gives_no_access(inbox, account):
    alice = inbox.new_contact(name="Alice", email="alice@example.com")
    alices = inbox.new_conversation(alice)
    inbox.say(alice, alices, "my address is 1 Main St")
    mallory = inbox.new_contact(name="Mallory", email="alice@example.com")
    assert mallory["id"] != alice["id"]
    assert mallory["email"] == "alice@example.com"  # echoed back: the answer does not tell it was taken
    assert _conversation_ids(inbox, mallory) == []
    # Alice's contact is untouched, and Mallory's claim is visible to agents as a claim.
    assert account.get(f"/contacts/{alice['id']}").json()["payload"]["name"] == "Alice"
    mallorys = account.get(f"/contacts/{mallory['id']}").json()["payload"]
    assert mallorys["email"] is None
    assert mallorys["additional_attributes"]["claimed_email"] == "alice@example.com"
    # Nor by identifying the session afterwards.
    r = inbox.patch(f"/contacts/{mallory['source_id']}", {"email": "alice@example.com", "name": "Alice"})
    assert r.status_code == 200
    assert _conversation_ids(inbox, mallory) == []


def test_another_contacts_identifier_without_its_hash_gives_no_access(inbox, account):
    alice = inbox.new_contact(identifier="alice-1", identifier_hash=identifier_hash(inbox.hmac_token, "alice-1"))
    alices = inbox.new_conversation(alice)
    mallory = inbox.new_contact(identifier="alice-1")
    assert mallory["id"] != alice["id"] and mallory["hmac_verified"] is False
    assert _conversation_ids(inbox, mallory) == []
    r = inbox.patch(f"/contacts/{mallory['source_id']}", {"identifier": "alice-1"})
    assert r.status_code == 200
    assert _conversation_ids(inbox, mallory) == []
    r = inbox.get(f"/contacts/{mallory['source_id']}/conversations/{alices['id']}")
    assert r.status_code == 404


def test_a_verified_contact_sees_its_verified_sessions_only(inbox, account):
    proof = identifier_hash(inbox.hmac_token, "user-7")
    laptop = inbox.new_contact(identifier="user-7", identifier_hash=proof)
    phone = inbox.new_contact(identifier="user-7", identifier_hash=proof)
    assert laptop["id"] == phone["id"]
    on_laptop = inbox.new_conversation(laptop)
    # A session of the same contact opened by the agents' side without a hash stays apart.
    unverified = account.post(f"/contacts/{laptop['id']}/contact_inboxes", {"inbox_id": inbox.inbox_id}).json()
    api_conversation = account.post(
        "/conversations", {"source_id": unverified["source_id"], "inbox_id": inbox.inbox_id}
    ).json()
    assert _conversation_ids(inbox, phone) == [on_laptop["id"]]
    assert api_conversation["id"] not in _conversation_ids(inbox, laptop)


def test_identifying_with_a_valid_hash_joins_the_known_contact(inbox, account):
    known = inbox.new_contact(identifier="user-8", identifier_hash=identifier_hash(inbox.hmac_token, "user-8"))
    earlier = inbox.new_conversation(known)
    visitor = inbox.new_contact(name="Anonymous")
    chat = inbox.new_conversation(visitor)
    inbox.say(visitor, chat, "before logging in")
    r = inbox.patch(
        f"/contacts/{visitor['source_id']}",
        {"identifier": "user-8", "identifier_hash": identifier_hash(inbox.hmac_token, "user-8")},
    )
    assert r.status_code == 200, r.text
    assert r.json()["id"] == known["id"]
    assert sorted(_conversation_ids(inbox, visitor)) == sorted([earlier["id"], chat["id"]])
    assert inbox.get(f"/contacts/{visitor['source_id']}").json()["hmac_verified"] is True


def test_a_verified_session_cannot_switch_identity(inbox):
    contact = inbox.new_contact(identifier="user-10", identifier_hash=identifier_hash(inbox.hmac_token, "user-10"))
    r = inbox.patch(
        f"/contacts/{contact['source_id']}",
        {"identifier": "user-11", "identifier_hash": identifier_hash(inbox.hmac_token, "user-11")},
    )
    assert r.status_code == 422
    assert inbox.get(f"/contacts/{contact['source_id']}").json()["identifier"] == "user-10"
