"""Canned responses: short codes unique per account; every member of the account may manage them."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.api.members import NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _codes(account, **params) -> list[str]:
    r = account.get("/canned_responses", params=params)
    assert r.status_code == 200, r.text
    return [c["short_code"] for c in r.json()]


def test_create_list_update_and_delete(account):
    r = account.post("/canned_responses", {"short_code": "welcome", "content": "Hello {{contact.name}}!"})
    assert r.status_code == 200, r.text
    canned = r.json()
    assert canned == {
        "id": canned["id"],
        "account_id": account.account_id,
        "short_code": "welcome",
        "content": "Hello {{contact.name}}!",
        "created_at": canned["created_at"],
        "updated_at": canned["updated_at"],
    }
    assert datetime.fromisoformat(canned["created_at"]).tzinfo is not None
    # The list is a bare array.
    assert account.get("/canned_responses").json() == [canned]

    r = call(account, "PATCH", f"/canned_responses/{canned['id']}", {"content": "Hi there"})
    assert r.status_code == 200
    assert (r.json()["short_code"], r.json()["content"]) == ("welcome", "Hi there")
    assert r.json()["updated_at"] >= canned["updated_at"]
    r = call(account, "PUT", f"/canned_responses/{canned['id']}", {"canned_response": {"short_code": "hi"}})
    assert (r.json()["short_code"], r.json()["content"]) == ("hi", "Hi there")

    r = call(account, "DELETE", f"/canned_responses/{canned['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get("/canned_responses").json() == []
    assert call(account, "DELETE", f"/canned_responses/{canned['id']}").status_code == 404


def test_search_matches_short_code_or_content_best_first(account):
    for code, content in [
        ("thanks", "Thank you for the refund request"),
        ("pay", "Your payment was received"),
        ("refund", "Refunds take five days"),
        ("my_refund", "Here is your money"),
        ("100%", "Fully done"),
    ]:
        assert account.post("/canned_responses", {"short_code": code, "content": content}).status_code == 200
    # Short codes starting with the term, then containing it, then content matches; case-insensitive.
    assert _codes(account, search="REFUND") == ["refund", "my_refund", "thanks"]
    assert _codes(account, search="pay") == ["pay"]
    # LIKE wildcards in the term are literal.
    assert _codes(account, search="%") == ["100%"]
    assert _codes(account, search="_") == ["my_refund"]
    assert _codes(account, search="nothing-matches") == []
    assert len(_codes(account)) == 5


@pytest.mark.parametrize(
    "body, field",
    [
        ({"content": "no code"}, "short_code"),
        ({"short_code": "  ", "content": "blank code"}, "short_code"),
        ({"short_code": "x" * 256, "content": "long code"}, "short_code"),
        ({"short_code": "nocontent"}, "content"),
        ({"short_code": "blank", "content": ""}, "content"),
    ],
)
def test_invalid_canned_responses_are_422_and_write_nothing(account, body, field):
    r = account.post("/canned_responses", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/canned_responses").json() == []


def test_short_codes_are_unique_per_account(account, other_account):
    first = account.post("/canned_responses", {"short_code": "bye", "content": "Bye"}).json()
    r = account.post("/canned_responses", {"short_code": "bye", "content": "Again"})
    assert r.status_code == 422
    assert r.json() == {"message": "Short code has already been taken", "attributes": ["short_code"]}
    second = account.post("/canned_responses", {"short_code": "ciao", "content": "Ciao"}).json()
    r = call(account, "PATCH", f"/canned_responses/{second['id']}", {"short_code": "bye"})
    assert r.status_code == 422
    assert account.get("/canned_responses").json() == [first, second]
    assert other_account.post("/canned_responses", {"short_code": "bye", "content": "Bye"}).status_code == 200


def test_another_accounts_canned_response_is_404(account, other_account):
    theirs = other_account.post("/canned_responses", {"short_code": "secret", "content": "Theirs"}).json()
    for method, body in [("PATCH", {"content": "x"}), ("PUT", {"content": "x"}), ("DELETE", None)]:
        r = call(account, method, f"/canned_responses/{theirs['id']}", body)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == NOT_FOUND
    assert account.get("/canned_responses", params={"search": "secret"}).json() == []
    assert other_account.get("/canned_responses").json() == [theirs]


def test_agents_manage_canned_responses_too(account, members):
    # Chatwoot checks no role here: canned responses are every agent's tool.
    agent = members.add()
    r = agent.post("/canned_responses", {"short_code": "agent_made", "content": "From an agent"})
    assert r.status_code == 200, r.text
    canned = r.json()
    assert call(agent, "PATCH", f"/canned_responses/{canned['id']}", {"content": "Edited"}).status_code == 200
    assert [c["content"] for c in account.get("/canned_responses").json()] == ["Edited"]
    assert call(agent, "DELETE", f"/canned_responses/{canned['id']}").status_code == 200
    assert account.get("/canned_responses").json() == []
