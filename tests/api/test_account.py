"""The account itself: every member reads it, administrators change it."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _show(account) -> dict:
    r = account.client.get(account.path())
    assert r.status_code == 200, r.text
    return r.json()


def test_show_the_account(account):
    body = _show(account)
    assert body == {
        "id": account.account_id,
        "name": "Acme",
        "locale": "en",
        "domain": None,
        "support_email": None,
        "status": "active",
        "created_at": body["created_at"],
        "cache_keys": {},
        "features": {},
        "settings": {},
        "custom_attributes": {},
        "latest_chatwoot_version": None,
        "subscribed_features": [],
    }
    assert body["created_at"].endswith("Z")


def test_update_fields_settings_and_merge_custom_attributes(account):
    r = call(
        account,
        "PATCH",
        "",
        {
            "name": "Acme Support",
            "locale": "pt_BR",
            "domain": "acme.example",
            "support_email": "Help@Acme.example",
            "auto_resolve_after": 1440,
            "auto_resolve_message": "Closed for inactivity",
            "auto_resolve_ignore_waiting": True,
            "industry": "Technology",
            "custom_attributes": {"plan": "gold", "seats": 5},
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["name"], body["locale"], body["domain"], body["support_email"]) == (
        "Acme Support",
        "pt_BR",
        "acme.example",
        "help@acme.example",
    )
    assert body["settings"] == {
        "auto_resolve_after": 1440,
        "auto_resolve_message": "Closed for inactivity",
        "auto_resolve_ignore_waiting": True,
    }
    assert body["custom_attributes"] == {"plan": "gold", "seats": 5, "industry": "Technology"}
    # A second update merges custom attributes and leaves unsent fields alone.
    r = call(account, "PATCH", "", {"custom_attributes": {"seats": 6}, "timezone": "Europe/Paris"})
    body = r.json()
    assert body["custom_attributes"] == {
        "plan": "gold",
        "seats": 6,
        "industry": "Technology",
        "timezone": "Europe/Paris",
    }
    assert (body["name"], body["locale"], body["settings"]["auto_resolve_after"]) == ("Acme Support", "pt_BR", 1440)
    assert _show(account) == body
    # The new name is what the profile shows too.
    assert account.client.get("/api/v1/profile").json()["accounts"][0]["name"] == "Acme Support"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 256}, "name"),
        ({"locale": "english!"}, "locale"),
        ({"support_email": "not-an-email"}, "support_email"),
        ({"auto_resolve_after": 5}, "auto_resolve_after"),
        ({"auto_resolve_after": 1_439_857}, "auto_resolve_after"),
        ({"auto_resolve_after": "soon"}, "auto_resolve_after"),
        ({"custom_attributes": [1, 2]}, "custom_attributes"),
        ({"name": "Valid", "custom_attributes": "[1]"}, "custom_attributes"),
    ],
)
def test_invalid_updates_are_422_and_change_nothing(account, body, field):
    before = _show(account)
    r = call(account, "PATCH", "", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert _show(account) == before


def test_agents_read_but_cannot_update_the_account(account, members):
    agent = members.add()
    assert _show(agent) == _show(account)
    r = call(agent, "PATCH", "", {"name": "Agent's account now"})
    assert r.status_code == 401
    assert r.json() == NOT_AUTHORIZED
    assert _show(account)["name"] == "Acme"


def test_another_account_is_refused(account, other_account):
    for method, body in [("GET", None), ("PATCH", {"name": "Taken over"})]:
        r = other_account.client.request(method, account.path(), json=body)
        assert r.status_code == 401
        assert r.json() == {"error": "You are not authorized to access this account"}
    assert _show(account)["name"] == "Acme"
