"""PUT /api/v1/profile: a user changes their own names, email, signature, availability and password."""

from __future__ import annotations

import httpx
import pytest

from tests.api.members import Members


def _put(account, body):
    return account.client.put("/api/v1/profile", json=body)


def test_update_names_signature_settings_and_availability(account):
    before = account.client.get("/api/v1/profile").json()
    r = _put(
        account,
        {
            "profile": {
                "name": "Ada Lovelace",
                "display_name": "Ada",
                "message_signature": "-- Ada",
                "ui_settings": {"theme": "dark"},
                "phone_number": "+441234567890",
                "availability": "busy",
            }
        },
    )
    assert r.status_code == 200, r.text
    after = r.json()
    assert after == {
        **before,
        "name": "Ada Lovelace",
        "display_name": "Ada",
        "available_name": "Ada",
        "message_signature": "-- Ada",
        "ui_settings": {"theme": "dark"},
        "accounts": [{**before["accounts"][0], "availability": "busy", "availability_status": "busy"}],
    }
    assert account.client.get("/api/v1/profile").json() == after
    # A flat body works too, and fields not sent stay.
    r = _put(account, {"display_name": None})
    assert r.json() == {**after, "display_name": None, "available_name": "Ada Lovelace"}
    agent = account.get("/agents").json()[0]
    assert (agent["name"], agent["availability_status"]) == ("Ada Lovelace", "busy")


def test_email_changes_and_must_stay_unique(account, other_account):
    r = _put(account, {"profile": {"email": "  Ada@Example.COM ", "current_password": account.password}})
    assert r.status_code == 200, r.text
    assert (r.json()["email"], r.json()["uid"]) == ("ada@example.com", "ada@example.com")
    r = _put(other_account, {"profile": {"email": "ADA@example.com", "current_password": other_account.password}})
    assert (r.status_code, r.json()) == (422, {"message": "Email has already been taken", "attributes": ["email"]})
    assert other_account.client.get("/api/v1/profile").json()["email"] == other_account.email


@pytest.mark.parametrize("current", [None, "", "wrong", 5])
def test_email_change_needs_the_current_password(account, current):
    body = (
        {"email": "moved@example.com"}
        if current is None
        else {"email": "moved@example.com", "current_password": current}
    )
    r = _put(account, {"profile": body})
    assert r.status_code == 422, r.text
    assert account.client.get("/api/v1/profile").json()["email"] == account.email
    # The same email, however it is spelled, is not a change.
    r = _put(account, {"profile": {"email": account.email.upper()}})
    assert r.status_code == 200, r.text


def test_password_change_needs_the_current_password(account):
    new = "a much longer passphrase"
    r = _put(account, {"profile": {"current_password": "wrong", "password": new, "password_confirmation": new}})
    assert (r.status_code, r.json()) == (422, {"error": "Invalid current password"})
    r = _put(
        account, {"profile": {"current_password": account.password, "password": new, "password_confirmation": "typo"}}
    )
    assert r.status_code == 422 and r.json()["attributes"] == ["password_confirmation"]
    r = _put(
        account,
        {"profile": {"current_password": account.password, "password": "short", "password_confirmation": "short"}},
    )
    assert r.status_code == 422 and r.json()["attributes"] == ["password"]
    r = _put(
        account, {"profile": {"current_password": account.password, "password": new, "password_confirmation": new}}
    )
    assert r.status_code == 200, r.text
    assert _verify(account, new) and not _verify(account, account.password)


def _verify(account, password: str) -> bool:
    from sqlalchemy import select

    from chatlake.auth.passwords import verify_password
    from chatlake.models import User

    async def go():
        async with account.server.app.state.runtime.db.transaction() as session:
            stored = await session.scalar(select(User.password_hash).where(User.id == account.user_id))
            return verify_password(stored, password)

    return account.server.call(go())


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"name": 5}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"message_signature": "x" * 2001}, "message_signature"),
        ({"availability": "away"}, "availability"),
        ({"ui_settings": [1]}, "ui_settings"),
        ({"phone_number": "12345"}, "phone_number"),
        ({"name": "Fine", "email": "bad"}, "email"),
    ],
)
def test_invalid_profile_updates_are_422_and_change_nothing(account, body, field):
    before = account.client.get("/api/v1/profile").json()
    r = _put(account, {"profile": body})
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.client.get("/api/v1/profile").json() == before


def test_availability_in_one_account(account, other_account):
    members = Members(account)
    try:
        agent = members.add()
        r = agent.client.put(
            "/api/v1/profile", json={"profile": {"availability": "offline", "account_id": account.account_id}}
        )
        assert r.status_code == 200, r.text
        assert r.json()["accounts"][0]["availability"] == "offline"
        r = agent.client.put(
            "/api/v1/profile", json={"profile": {"availability": "busy", "account_id": other_account.account_id}}
        )
        assert r.status_code == 404
        assert agent.client.get("/api/v1/profile").json()["accounts"][0]["availability"] == "offline"
    finally:
        members.close()


def test_a_token_is_needed(account):
    with httpx.Client(base_url=account.server.url) as anonymous:
        r = anonymous.put("/api/v1/profile", json={"profile": {"name": "Mallory"}})
    assert (r.status_code, r.json()) == (401, {"error": "Invalid Access Token"})
