"""Labels: lower-cased titles unique per account; agents list them, administrators manage them."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_create_show_list_update_and_delete_a_label(account):
    r = account.post("/labels", {"title": "Billing-Issue_2", "description": "Money", "show_on_sidebar": True})
    assert r.status_code == 200, r.text
    label = r.json()
    assert label == {
        "id": label["id"],
        "title": "billing-issue_2",
        "description": "Money",
        "color": "#1f93ff",
        "show_on_sidebar": True,
    }
    assert account.get(f"/labels/{label['id']}").json() == label
    other = account.post("/labels", {"label": {"title": "Äpfel", "color": "#ABC"}}).json()
    assert other == {"id": other["id"], "title": "äpfel", "description": "", "color": "#ABC", "show_on_sidebar": False}
    # The list is {"payload": [...]}, ordered by title.
    assert account.get("/labels").json() == {"payload": [label, other]}

    r = call(account, "PATCH", f"/labels/{label['id']}", {"color": "#000000", "show_on_sidebar": False})
    assert r.status_code == 200
    assert r.json() == {**label, "color": "#000000", "show_on_sidebar": False}
    r = call(account, "PUT", f"/labels/{label['id']}", {"title": "Refunds", "description": None})
    assert r.json() == {**label, "title": "refunds", "description": "", "color": "#000000", "show_on_sidebar": False}

    r = call(account, "DELETE", f"/labels/{label['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get(f"/labels/{label['id']}").status_code == 404
    assert account.get("/labels").json() == {"payload": [other]}


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "two words"}, "title"),
        ({"title": "a.b"}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "ok", "color": "blue"}, "color"),
        ({"title": "ok", "color": "#12345"}, "color"),
        ({"title": "ok", "show_on_sidebar": "maybe"}, "show_on_sidebar"),
    ],
)
def test_invalid_labels_are_422_and_write_nothing(account, body, field):
    r = account.post("/labels", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/labels").json() == {"payload": []}


def test_titles_are_unique_per_account_ignoring_case(account, other_account):
    first = account.post("/labels", {"title": "vip"}).json()
    r = account.post("/labels", {"title": "VIP"})
    assert r.status_code == 422
    assert r.json() == {"message": "Title has already been taken", "attributes": ["title"]}
    second = account.post("/labels", {"title": "lead"}).json()
    r = call(account, "PATCH", f"/labels/{second['id']}", {"title": "Vip", "color": "#000"})
    assert r.status_code == 422
    assert account.get("/labels").json() == {"payload": [second, first]}
    assert other_account.post("/labels", {"title": "vip"}).status_code == 200


def test_another_accounts_label_is_404(account, other_account):
    theirs = other_account.post("/labels", {"title": "theirs"}).json()
    for method, body in [("GET", None), ("PATCH", {"title": "x"}), ("PUT", {"title": "x"}), ("DELETE", None)]:
        r = call(account, method, f"/labels/{theirs['id']}", body)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == NOT_FOUND
    assert other_account.get("/labels").json() == {"payload": [theirs]}


def test_agents_list_labels_but_only_administrators_show_or_change_them(account, members):
    label = account.post("/labels", {"title": "shared"}).json()
    agent = members.add()
    assert agent.get("/labels").json() == {"payload": [label]}
    # Chatwoot's LabelPolicy: show, create, update and destroy are for administrators.
    for method, suffix, body in [
        ("GET", f"/labels/{label['id']}", None),
        ("POST", "/labels", {"title": "mine"}),
        ("PATCH", f"/labels/{label['id']}", {"title": "renamed"}),
        ("PUT", f"/labels/{label['id']}", {"title": "renamed"}),
        ("DELETE", f"/labels/{label['id']}", None),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert account.get("/labels").json() == {"payload": [label]}
