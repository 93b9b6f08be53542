"""Contact update (PUT and PATCH): attribute hashes merged, the create rules, contact_updated events."""

from __future__ import annotations

import pytest

from tests.api.contacts_support import agent_in, events_of
from tests.api.members import NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _show(account, contact_id) -> dict:
    r = account.get(f"/contacts/{contact_id}")
    assert r.status_code == 200, r.text
    return r.json()["payload"]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_update_changes_the_fields_sent_and_merges_attribute_hashes(server, account, method):
    inbox = account.create_api_inbox()
    created = account.create_contact(
        inbox["id"],
        name="Jane",
        email="jane@example.com",
        additional_attributes={"city": "Lisbon", "company": "Acme"},
        custom_attributes={"plan": "free", "seats": 3},
    )["contact"]
    r = call(
        account,
        method,
        f"/contacts/{created['id']}",
        {
            "name": "Jane Roe",
            "phone_number": "+351912345678",
            "identifier": "crm-42",
            "blocked": True,
            "additional_attributes": {"city": "Porto"},
            "custom_attributes": {"plan": "pro", "vip": True},
        },
    )
    assert r.status_code == 200, r.text
    expected = {
        **created,
        "name": "Jane Roe",
        "phone_number": "+351912345678",
        "identifier": "crm-42",
        "blocked": True,
        "additional_attributes": {"city": "Porto", "company": "Acme"},
        "custom_attributes": {"plan": "pro", "seats": 3, "vip": True},
    }
    # {"payload": contact}, with the contact's sessions, and the email (not sent) unchanged.
    assert r.json() == {"payload": expected}
    assert _show(account, created["id"]) == expected

    (event,) = events_of(server, account, "contact_updated")
    assert event["event"] == "contact_updated"
    assert event["id"] == created["id"]
    assert event["name"] == "Jane Roe"
    assert event["custom_attributes"] == {"plan": "pro", "seats": 3, "vip": True}
    assert event["changed_attributes"] == [
        {"name": {"previous_value": "Jane", "current_value": "Jane Roe"}},
        {"phone_number": {"previous_value": None, "current_value": "+351912345678"}},
        {"identifier": {"previous_value": None, "current_value": "crm-42"}},
        {"blocked": {"previous_value": False, "current_value": True}},
        {
            "additional_attributes": {
                "previous_value": {"city": "Lisbon", "company": "Acme"},
                "current_value": {"city": "Porto", "company": "Acme"},
            }
        },
        {
            "custom_attributes": {
                "previous_value": {"plan": "free", "seats": 3},
                "current_value": {"plan": "pro", "seats": 3, "vip": True},
            }
        },
    ]


def test_an_update_that_changes_nothing_records_no_event(server, account):
    contact = account.create_contact(name="Same", email="same@example.com", custom_attributes={"a": 1})["contact"]
    for body in ({}, {"name": "Same", "email": "SAME@example.com"}, {"custom_attributes": {"a": 1}}):
        r = call(account, "PUT", f"/contacts/{contact['id']}", body)
        assert r.status_code == 200, r.text
        assert r.json() == {"payload": {**contact, "contact_inboxes": []}}
    assert events_of(server, account, "contact_updated") == []


def test_blank_values_clear_email_phone_and_identifier(account):
    contact = account.create_contact(
        name="Clear", email="clear@example.com", phone_number="+14155550100", identifier="c-1"
    )["contact"]
    r = call(account, "PATCH", f"/contacts/{contact['id']}", {"email": "", "phone_number": None, "identifier": ""})
    assert r.status_code == 200, r.text
    body = r.json()["payload"]
    assert (body["email"], body["phone_number"], body["identifier"]) == (None, None, None)
    # The freed values can be taken by another contact.
    account.create_contact(name="Next", email="clear@example.com", phone_number="+14155550100", identifier="c-1")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"phone_number": "0800 123"}, "phone_number"),
        ({"name": "x" * 256}, "name"),
        ({"identifier": "i" * 256}, "identifier"),
        ({"avatar_url": "file:///etc/passwd"}, "avatar_url"),
        ({"blocked": "sometimes"}, "blocked"),
        ({"custom_attributes": [1, 2]}, "custom_attributes"),
        ({"additional_attributes": "not json"}, "additional_attributes"),
        ({"name": {"first": "x"}}, "name"),
        ({"email": "taken@example.com"}, "email"),
        ({"email": "TAKEN@example.com"}, "email"),
        ({"phone_number": "+14155550199"}, "phone_number"),
        ({"identifier": "taken-id"}, "identifier"),
    ],
)
def test_invalid_updates_are_422_naming_the_field_and_write_nothing(server, account, body, field):
    account.create_contact(name="Other", email="taken@example.com", phone_number="+14155550199", identifier="taken-id")
    contact = account.create_contact(name="Mine", custom_attributes={"keep": True})["contact"]
    before = _show(account, contact["id"])
    # A valid change next to the invalid one is not written either.
    r = call(account, "PUT", f"/contacts/{contact['id']}", {"name": "Changed", "custom_attributes": {"x": 1}, **body})
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert r.json()["message"]
    assert _show(account, contact["id"]) == before
    assert events_of(server, account, "contact_updated") == []


def test_a_contact_keeps_its_own_unique_values(account):
    contact = account.create_contact(name="Me", email="me@example.com", identifier="me-1")["contact"]
    r = call(account, "PUT", f"/contacts/{contact['id']}", {"email": "me@example.com", "identifier": "me-1"})
    assert r.status_code == 200, r.text


def test_unique_values_are_per_account(account, other_account):
    other_account.create_contact(name="Theirs", email="shared@example.com")
    mine = account.create_contact(name="Mine")["contact"]
    r = call(account, "PUT", f"/contacts/{mine['id']}", {"email": "shared@example.com"})
    assert r.status_code == 200, r.text
    assert r.json()["payload"]["email"] == "shared@example.com"


def test_another_accounts_contact_is_not_found(account, other_account):
    theirs = other_account.create_contact(name="Theirs")["contact"]
    for method in ("PUT", "PATCH"):
        r = call(account, method, f"/contacts/{theirs['id']}", {"name": "Hijacked"})
        assert r.status_code == 404
        assert r.json() == NOT_FOUND
    assert _show(other_account, theirs["id"])["name"] == "Theirs"


def test_agents_may_update_contacts(account, members):
    contact = account.create_contact(name="Jane")["contact"]
    agent = agent_in(account, members)
    r = call(agent, "PATCH", f"/contacts/{contact['id']}", {"name": "Jane by agent"})
    assert r.status_code == 200, r.text
    assert _show(account, contact["id"])["name"] == "Jane by agent"
