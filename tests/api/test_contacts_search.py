"""Contact search, recently active contacts, and the contact list's label filter."""

from __future__ import annotations

import pytest

from tests.querycount import QueryCounter


def _search(account, q, **params) -> dict:
    r = account.get("/contacts/search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()


def _names(body: dict) -> list[str]:
    return [c["name"] for c in body["payload"]]


def test_search_matches_name_email_phone_and_identifier(account):
    inbox = account.create_api_inbox()
    alice = account.create_contact(inbox["id"], name="Alice Liddell", email="alice@wonder.example")["contact"]
    account.create_contact(name="Bob", email="bob@builder.example", phone_number="+4915112345678")
    account.create_contact(name="Carol", identifier="crm-0042")
    account.create_contact(name="Dave")

    body = _search(account, "LIDDELL")
    # The list's shape, with each contact's sessions; count is the number on this page, as Chatwoot.
    assert body["meta"] == {"count": 1, "current_page": 1, "has_more": False}
    assert body["payload"] == [account.get(f"/contacts/{alice['id']}").json()["payload"]]
    assert body["payload"][0]["contact_inboxes"][0]["inbox"]["id"] == inbox["id"]
    assert _names(_search(account, "Builder.EXAMPLE")) == ["Bob"]
    assert _names(_search(account, "1511234")) == ["Bob"]
    assert _names(_search(account, "  crm-00  ")) == ["Carol"]
    assert _names(_search(account, "zzz")) == []
    # A number also finds the contact with that id.
    assert "Alice Liddell" in _names(_search(account, str(alice["id"])))


def test_like_wildcards_in_q_match_literally(account):
    account.create_contact(name="100% Cotton")
    account.create_contact(name="1000 Cotton")
    account.create_contact(name="snake_case")
    account.create_contact(name="snakeXcase")
    account.create_contact(name="back\\slash")
    assert _names(_search(account, "100%")) == ["100% Cotton"]
    assert _names(_search(account, "%")) == ["100% Cotton"]
    assert _names(_search(account, "e_c")) == ["snake_case"]
    assert _names(_search(account, "k\\s")) == ["back\\slash"]
    assert _names(_search(account, "' OR 1=1 --")) == []


def test_search_pages_by_15_and_says_whether_more_follow(account):
    for i in range(17):
        account.create_contact(name=f"Match {i:02d}")
    account.create_contact(name="Other")
    first = _search(account, "match", sort="name")
    assert first["meta"] == {"count": 15, "current_page": 1, "has_more": True}
    assert _names(first) == [f"Match {i:02d}" for i in range(15)]
    second = _search(account, "match", sort="name", page=2)
    assert second["meta"] == {"count": 2, "current_page": 2, "has_more": False}
    assert _names(second) == ["Match 15", "Match 16"]
    assert _names(_search(account, "match", sort="-name"))[:2] == ["Match 16", "Match 15"]


@pytest.mark.parametrize(
    "params, field",
    [({}, "q"), ({"q": "   "}, "q"), ({"q": "x", "sort": "colour"}, "sort"), ({"q": "x", "page": 0}, "page")],
)
def test_bad_search_parameters_are_422(account, params, field):
    r = account.get("/contacts/search", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]


def test_search_finds_only_the_callers_contacts(account, other_account):
    other_account.create_contact(name="Secret Sam", email="sam@other.example")
    account.create_contact(name="Sam Mine")
    assert _names(_search(account, "sam")) == ["Sam Mine"]
    assert _names(_search(account, "other.example")) == []


def test_search_costs_the_same_for_1_or_15_rows(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"], name="Needle 0")
    with counter.counting():
        assert len(_search(account, "needle")["payload"]) == 1
    one_row = counter.count
    for i in range(1, 16):
        account.create_contact(inbox["id"], name=f"Needle {i}")
    with counter.counting():
        assert len(_search(account, "needle")["payload"]) == 15
    assert counter.count == one_row, "\n".join(counter.statements)


def test_active_lists_contacts_with_recent_activity(account):
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"])
    account.create_message(conversation["id"], "hi", message_type="incoming")
    account.create_contact(name="Idle")
    r = account.get("/contacts/active")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["meta"] == {"count": 1, "current_page": 1}
    assert [c["id"] for c in body["payload"]] == [conversation["meta"]["sender"]["id"]]


def test_the_contact_list_filters_by_any_of_the_labels(account):
    a = account.create_contact(name="A")["contact"]
    b = account.create_contact(name="B")["contact"]
    account.create_contact(name="C")
    account.post(f"/contacts/{a['id']}/labels", {"labels": ["vip", "lead"]})
    account.post(f"/contacts/{b['id']}/labels", {"labels": ["lead_2"]})

    def names(labels):
        r = account.get("/contacts", params={"labels[]": labels, "sort": "name"})
        assert r.status_code == 200, r.text
        return r.json()["meta"]["count"], [c["name"] for c in r.json()["payload"]]

    assert names(["vip"]) == (1, ["A"])
    assert names(["VIP"]) == (1, ["A"])
    assert names(["lead"]) == (1, ["A"])  # a whole label, not a prefix of "lead_2"
    assert names(["lead_2", "vip"]) == (2, ["A", "B"])
    assert names(["lead%"]) == (0, [])
    assert names(["none"]) == (0, [])
    assert account.get("/contacts").json()["meta"]["count"] == 3
