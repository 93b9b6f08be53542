"""Teams and team members: names unique per account, members must be the account's agents."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _team(account, team_id, **fields) -> dict:
    return {
        "id": team_id,
        "name": None,
        "description": None,
        "allow_auto_assign": True,
        "account_id": account.account_id,
        "is_member": False,
        **fields,
    }


def test_create_show_list_update_and_delete_a_team(account):
    r = account.post("/teams", {"name": "Support Team", "description": "First line", "allow_auto_assign": False})
    assert r.status_code == 200, r.text
    team = r.json()
    # Chatwoot stores team names lower-cased.
    assert team == _team(account, team["id"], name="support team", description="First line", allow_auto_assign=False)
    assert account.get(f"/teams/{team['id']}").json() == team
    other = account.post("/teams", {"team": {"name": "billing"}}).json()
    assert other == _team(account, other["id"], name="billing")
    assert account.get("/teams").json() == [team, other]

    r = call(account, "PATCH", f"/teams/{team['id']}", {"description": "Second line"})
    assert r.status_code == 200
    assert r.json() == {**team, "description": "Second line"}
    r = call(account, "PUT", f"/teams/{team['id']}", {"name": "Escalations", "allow_auto_assign": True})
    assert r.json() == {**team, "name": "escalations", "description": "Second line", "allow_auto_assign": True}

    r = call(account, "DELETE", f"/teams/{team['id']}")
    assert (r.status_code, r.content) == (200, b"")
    assert account.get(f"/teams/{team['id']}").status_code == 404
    assert [t["id"] for t in account.get("/teams").json()] == [other["id"]]


def test_team_names_are_unique_per_account_ignoring_case(account, other_account):
    first = account.post("/teams", {"name": "sales"}).json()
    r = account.post("/teams", {"name": "Sales"})
    assert r.status_code == 422
    assert r.json() == {"message": "Name has already been taken", "attributes": ["name"]}
    second = account.post("/teams", {"name": "renewals"}).json()
    r = call(account, "PATCH", f"/teams/{second['id']}", {"name": "SALES"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["name"]
    assert [t["name"] for t in account.get("/teams").json()] == ["sales", "renewals"]
    # Another account may use the same name.
    assert other_account.post("/teams", {"name": "sales"}).status_code == 200
    assert account.get(f"/teams/{first['id']}").json()["name"] == "sales"


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 300}, "name"),
        ({"name": "ok", "description": "d" * 10_001}, "description"),
        ({"name": "ok", "allow_auto_assign": "perhaps"}, "allow_auto_assign"),
    ],
)
def test_invalid_teams_are_422_and_write_nothing(account, body, field):
    r = account.post("/teams", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert account.get("/teams").json() == []


def test_team_members_add_replace_list_and_remove(account, members):
    team = account.post("/teams", {"name": "triage"}).json()
    a, b, c = members.add(name="A"), members.add(name="B"), members.add(name="C")
    r = account.post(f"/teams/{team['id']}/team_members", {"user_ids": [b.user_id, a.user_id, a.user_id]})
    assert r.status_code == 200, r.text
    # The response is the agents named in the request, as agent objects.
    assert [m["id"] for m in r.json()] == [b.user_id, a.user_id]
    assert set(r.json()[0]) == {
        "id",
        "account_id",
        "availability_status",
        "auto_offline",
        "confirmed",
        "email",
        "available_name",
        "name",
        "role",
        "thumbnail",
        "custom_role_id",
    }
    # Adding again is harmless.
    assert account.post(f"/teams/{team['id']}/team_members", {"user_ids": [a.user_id]}).status_code == 200
    assert [m["id"] for m in account.get(f"/teams/{team['id']}/team_members").json()] == [a.user_id, b.user_id]

    r = call(account, "PATCH", f"/teams/{team['id']}/team_members", {"user_ids": [c.user_id, b.user_id]})
    assert r.status_code == 200
    assert [m["id"] for m in r.json()] == [c.user_id, b.user_id]
    assert [m["id"] for m in account.get(f"/teams/{team['id']}/team_members").json()] == [b.user_id, c.user_id]

    r = call(account, "DELETE", f"/teams/{team['id']}/team_members", {"user_ids": [c.user_id]})
    assert (r.status_code, r.content) == (200, b"")
    assert [m["id"] for m in account.get(f"/teams/{team['id']}/team_members").json()] == [b.user_id]
    # is_member tells each caller whether they are in the team.
    assert b.get(f"/teams/{team['id']}").json()["is_member"] is True
    assert [t["is_member"] for t in c.get("/teams").json()] == [False]
    r = call(account, "PATCH", f"/teams/{team['id']}/team_members", {"user_ids": []})
    assert r.json() == []
    assert account.get(f"/teams/{team['id']}/team_members").json() == []


def test_deleting_a_team_keeps_its_conversations_without_a_team(account):
    team = account.post("/teams", {"name": "doomed"}).json()
    inbox = account.create_api_inbox()
    conversation = account.create_conversation(inbox["id"], team_id=team["id"])
    assert conversation["meta"]["team"] == {"id": team["id"], "name": "doomed"}
    assert call(account, "DELETE", f"/teams/{team['id']}").status_code == 200
    assert account.get(f"/conversations/{conversation['id']}").json()["meta"]["team"] is None


def test_other_accounts_teams_and_users_are_404_and_change_nothing(account, other_account, members):
    mine = account.post("/teams", {"name": "mine"}).json()
    theirs = other_account.post("/teams", {"name": "theirs"}).json()
    agent = members.add()
    for method, suffix, body in [
        ("GET", f"/teams/{theirs['id']}", None),
        ("PATCH", f"/teams/{theirs['id']}", {"name": "stolen"}),
        ("PUT", f"/teams/{theirs['id']}", {"name": "stolen"}),
        ("DELETE", f"/teams/{theirs['id']}", None),
        ("GET", f"/teams/{theirs['id']}/team_members", None),
        ("POST", f"/teams/{theirs['id']}/team_members", {"user_ids": [account.user_id]}),
        ("POST", f"/teams/{mine['id']}/team_members", {"user_ids": [agent.user_id, other_account.user_id]}),
        ("PATCH", f"/teams/{mine['id']}/team_members", {"user_ids": [other_account.user_id]}),
        ("DELETE", f"/teams/{mine['id']}/team_members", {"user_ids": [other_account.user_id]}),
        ("POST", f"/teams/{mine['id']}/team_members", {"user_ids": [10**9]}),
    ]:
        r = call(account, method, suffix, body)
        assert r.status_code == 404, (method, suffix, r.text)
        assert r.json() == NOT_FOUND
    assert account.get(f"/teams/{mine['id']}/team_members").json() == []
    assert other_account.get("/teams").json() == [theirs]


def test_user_ids_must_be_a_list_of_ids(account):
    team = account.post("/teams", {"name": "strict"}).json()
    for body in [{}, {"user_ids": "1"}, {"user_ids": ["abc"]}]:
        r = account.post(f"/teams/{team['id']}/team_members", body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["attributes"][0].startswith("user_ids")


def test_agents_may_read_teams_but_not_change_them(account, members):
    team = account.post("/teams", {"name": "readonly"}).json()
    agent = members.add()
    assert agent.get("/teams").json() == [team]
    assert agent.get(f"/teams/{team['id']}").json() == team
    assert agent.get(f"/teams/{team['id']}/team_members").json() == []
    for method, suffix, body in [
        ("POST", "/teams", {"name": "agents-team"}),
        ("PATCH", f"/teams/{team['id']}", {"name": "renamed"}),
        ("PUT", f"/teams/{team['id']}", {"name": "renamed"}),
        ("DELETE", f"/teams/{team['id']}", None),
        ("POST", f"/teams/{team['id']}/team_members", {"user_ids": [agent.user_id]}),
        ("PATCH", f"/teams/{team['id']}/team_members", {"user_ids": [agent.user_id]}),
        ("DELETE", f"/teams/{team['id']}/team_members", {"user_ids": [agent.user_id]}),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert account.get("/teams").json() == [team]
    assert account.get(f"/teams/{team['id']}/team_members").json() == []
