"""Custom filters: saved queries, each private to the user who saved it."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_FOUND, Members, call

QUERY = {
    "payload": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": None}]
}


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def test_create_list_show_update_and_delete(account):
    r = account.post("/custom_filters", {"name": "Open ones", "query": QUERY})
    assert r.status_code == 200, r.text
    made = r.json()
    assert made == {
        "id": made["id"],
        "name": "Open ones",
        "filter_type": "conversation",
        "query": QUERY,
        "created_at": made["created_at"],
        "updated_at": made["updated_at"],
    }
    # Rails' wrapped body, and the spec's `type` for filter_type.
    contact_filter = account.post(
        "/custom_filters", {"custom_filter": {"name": "Leads", "filter_type": "contact", "query": {}}}
    ).json()
    assert contact_filter["filter_type"] == "contact"
    report = account.post("/custom_filters", {"name": "Weekly", "type": "report", "query": {"a": [1, 2.5, None]}})
    assert report.json()["filter_type"] == "report" and report.json()["query"] == {"a": [1, 2.5, None]}

    assert account.get("/custom_filters").json() == [made]
    r = account.client.get(account.path("/custom_filters"), params={"filter_type": "contact"})
    assert r.json() == [contact_filter]
    assert account.get(f"/custom_filters/{made['id']}").json() == made

    r = call(account, "PATCH", f"/custom_filters/{made['id']}", {"name": "Still open"})
    assert r.status_code == 200 and r.json() == {**made, "name": "Still open", "updated_at": r.json()["updated_at"]}
    r = call(account, "PUT", f"/custom_filters/{made['id']}", {"query": {"payload": []}, "filter_type": 1})
    assert (r.json()["query"], r.json()["filter_type"]) == ({"payload": []}, "contact")

    r = call(account, "DELETE", f"/custom_filters/{made['id']}")
    assert (r.status_code, r.content) == (204, b"")
    assert account.get(f"/custom_filters/{made['id']}").status_code == 404


@pytest.mark.parametrize(
    "body, field",
    [
        ({"query": QUERY}, "name"),
        ({"name": "", "query": QUERY}, "name"),
        ({"name": 5, "query": QUERY}, "name"),
        ({"name": "x" * 256, "query": QUERY}, "name"),
        ({"name": "A"}, "query"),
        ({"name": "A", "query": [1, 2]}, "query"),
        ({"name": "A", "query": "{}"}, "query"),
        ({"name": "A", "query": {"a": "x" * 70_000}}, "query"),
        ({"name": "A", "query": QUERY, "filter_type": "board"}, "filter_type"),
        ({"name": "A", "query": QUERY, "filter_type": 3}, "filter_type"),
    ],
)
def test_invalid_filters_are_422_and_write_nothing(account, body, field):
    r = account.post("/custom_filters", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    for filter_type in ("conversation", "contact", "report"):
        r = account.client.get(account.path("/custom_filters"), params={"filter_type": filter_type})
        assert r.json() == []


def test_a_user_sees_only_their_own_filters(account, other_account, members):
    mine = account.post("/custom_filters", {"name": "Mine", "query": QUERY}).json()
    agent = members.add("agent")
    theirs = agent.post("/custom_filters", {"name": "Theirs", "query": QUERY}).json()
    assert account.get("/custom_filters").json() == [mine]
    assert agent.get("/custom_filters").json() == [theirs]
    for method, body in (("GET", None), ("PATCH", {"name": "x"}), ("PUT", {}), ("DELETE", None)):
        r = call(agent, method, f"/custom_filters/{mine['id']}", body)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
        r = call(other_account, method, f"/custom_filters/{mine['id']}", body)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
    assert account.get(f"/custom_filters/{mine['id']}").json() == mine
    r = account.client.get(account.path("/custom_filters"), params={"filter_type": "board"})
    assert r.status_code == 422


def test_at_most_50_filters_per_user(account):
    for i in range(50):
        assert account.post("/custom_filters", {"name": f"F{i}", "query": {}}).status_code == 200
    r = account.post("/custom_filters", {"name": "One more", "query": {}})
    assert r.status_code == 422 and r.json()["attributes"] == ["account_id"]
