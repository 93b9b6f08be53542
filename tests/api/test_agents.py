"""Agents of an account: list, add (creating or reusing a user), change, remove; administrators only write."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from chatlake.models import User
from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call, token_of


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def _agent(account, user_id, **fields) -> dict:
    return {
        "id": user_id,
        "account_id": account.account_id,
        "availability_status": "online",
        "auto_offline": True,
        "confirmed": True,
        "email": None,
        "available_name": None,
        "name": None,
        "role": "agent",
        "thumbnail": "",
        "custom_role_id": None,
        **fields,
    }


def _password_hash(server, user_id):
    async def go():
        async with server.app.state.runtime.db.transaction() as session:
            return await session.scalar(select(User.password_hash).where(User.id == user_id))

    return server.call(go())


def _ids(account) -> list[int]:
    return [a["id"] for a in account.get("/agents").json()]


def test_the_list_is_a_bare_array_of_agents_sorted_by_name(account):
    r = account.get("/agents")
    assert r.status_code == 200
    assert r.json() == [
        _agent(
            account,
            account.user_id,
            email=account.email,
            name="Ada Admin",
            available_name="Ada Admin",
            role="administrator",
        )
    ]
    account.post("/agents", {"name": "zoe", "email": "zoe@example.com", "role": "agent"})
    account.post("/agents", {"name": "Bob", "email": "bob@example.com", "role": "agent"})
    assert [a["name"] for a in account.get("/agents").json()] == ["Ada Admin", "Bob", "zoe"]


def test_adding_an_agent_creates_a_user_with_a_token_and_no_password(server, account):
    r = account.post(
        "/agents",
        {"name": "Carla Agent", "email": "Carla@Example.com", "role": "agent", "availability_status": "busy"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body == _agent(
        account,
        body["id"],
        email="carla@example.com",
        name="Carla Agent",
        available_name="Carla Agent",
        availability_status="busy",
    )
    assert _password_hash(server, body["id"]) is None
    me = httpx.get(server.url + "/api/v1/profile", headers={"api_access_token": token_of(server, body["id"])})
    assert me.status_code == 200
    assert me.json()["id"] == body["id"]
    assert [(a["id"], a["role"]) for a in me.json()["accounts"]] == [(account.account_id, "agent")]


def test_chatwoot_wrapped_params_and_availability_names_are_accepted(account):
    r = account.post(
        "/agents",
        {"agent": {"name": "Dee", "email": "dee@example.com", "role": "administrator", "availability": "offline"}},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["role"], r.json()["availability_status"]) == ("administrator", "offline")
    r = account.post("/agents", {"name": "Eve", "email": "eve@example.com", "auto_offline": False})
    assert (r.json()["role"], r.json()["auto_offline"]) == ("agent", False)


def test_an_existing_user_is_reused_by_email(account, other_account):
    r = account.post("/agents", {"name": "Another Name", "email": other_account.email.upper(), "role": "agent"})
    assert r.status_code == 200, r.text
    # Same user (and name) as in the other account, now a member of both.
    assert r.json()["id"] == other_account.user_id
    assert r.json()["name"] == "Ada Admin"
    assert other_account.user_id in _ids(account)
    assert other_account.get("/agents").status_code == 200


def test_an_email_already_in_the_account_is_422(account):
    account.post("/agents", {"name": "Fay", "email": "fay@example.com", "role": "agent"})
    before = account.get("/agents").json()
    r = account.post("/agents", {"name": "Fay again", "email": "FAY@example.com", "role": "agent"})
    assert r.status_code == 422
    assert r.json() == {"message": "Email has already been taken", "attributes": ["email"]}
    assert account.get("/agents").json() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "x", "role": "agent"}, "email"),
        ({"name": "x", "email": "not-an-email", "role": "agent"}, "email"),
        ({"email": "noname@example.com", "role": "agent"}, "name"),
        ({"name": "x" * 300, "email": "long@example.com", "role": "agent"}, "name"),
        ({"name": "x", "email": "role@example.com", "role": "owner"}, "role"),
        ({"name": "x", "email": "avail@example.com", "availability_status": "asleep"}, "availability_status"),
        ({"name": "x", "email": "auto@example.com", "auto_offline": "sometimes"}, "auto_offline"),
    ],
)
def test_invalid_agents_are_422_naming_the_field_and_write_nothing(account, body, field):
    before = account.get("/agents").json()
    r = account.post("/agents", body)
    assert r.status_code == 422, r.text
    assert field in r.json()["attributes"]
    assert r.json()["message"]
    assert account.get("/agents").json() == before


def test_patch_and_put_change_role_availability_and_name(account, members):
    agent = members.add(name="Gil")
    r = call(
        account,
        "PATCH",
        f"/agents/{agent.user_id}",
        {"role": "administrator", "availability_status": "busy", "auto_offline": False},
    )
    assert r.status_code == 200, r.text
    assert r.json() == _agent(
        account,
        agent.user_id,
        email=agent.email,
        name="Gil",
        available_name="Gil",
        role="administrator",
        availability_status="busy",
        auto_offline=False,
    )
    r = call(account, "PUT", f"/agents/{agent.user_id}", {"agent": {"name": "Gil B", "role": "agent"}})
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["role"], r.json()["availability_status"]) == ("Gil B", "agent", "busy")
    r = call(account, "PATCH", f"/agents/{agent.user_id}", {"role": "boss"})
    assert r.status_code == 422
    assert r.json()["attributes"] == ["role"]
    assert [a for a in account.get("/agents").json() if a["id"] == agent.user_id][0]["role"] == "agent"


def test_the_last_administrator_cannot_demote_or_remove_themselves(account, members):
    r = call(account, "PATCH", f"/agents/{account.user_id}", {"role": "agent"})
    assert r.status_code == 422
    assert r.json() == {"message": "An account must keep at least one administrator", "attributes": ["role"]}
    r = call(account, "DELETE", f"/agents/{account.user_id}")
    assert r.status_code == 422
    assert r.json() == {"error": "An account must keep at least one administrator"}
    assert account.get("/agents").json()[0]["role"] == "administrator"
    # With a second administrator, either may step down.
    second = members.add(role="administrator")
    r = call(account, "PATCH", f"/agents/{account.user_id}", {"role": "agent"})
    assert r.status_code == 200
    assert r.json()["role"] == "agent"
    r = call(second, "DELETE", f"/agents/{second.user_id}")
    assert r.status_code == 422
    r = call(second, "PATCH", f"/agents/{account.user_id}", {"role": "administrator"})
    assert r.status_code == 200
    r = call(second, "DELETE", f"/agents/{second.user_id}")
    assert r.status_code == 200


def test_removing_an_agent_removes_memberships_not_the_user(server, account, members):
    agent = members.add(name="Hal")
    inbox = account.create_api_inbox()
    team = account.post("/teams", {"name": "Hal's team"}).json()
    assert account.post("/inbox_members", {"inbox_id": inbox["id"], "user_ids": [agent.user_id]}).status_code == 200
    assert account.post(f"/teams/{team['id']}/team_members", {"user_ids": [agent.user_id]}).status_code == 200
    contact = account.create_contact(inbox["id"])
    conversation = account.post(
        "/conversations",
        {"source_id": contact["contact_inbox"]["source_id"], "inbox_id": inbox["id"], "assignee_id": agent.user_id},
    ).json()
    assert conversation["meta"]["assignee"]["id"] == agent.user_id

    r = call(account, "DELETE", f"/agents/{agent.user_id}")
    assert r.status_code == 200
    assert r.content == b""
    assert agent.user_id not in _ids(account)
    assert account.get(f"/inbox_members/{inbox['id']}").json() == {"payload": []}
    assert account.get(f"/teams/{team['id']}/team_members").json() == []
    assert account.get(f"/conversations/{conversation['id']}").json()["meta"]["assignee"] is None
    # The user still exists and still signs in; the account is no longer theirs.
    assert agent.client.get("/api/v1/profile").status_code == 200
    r = agent.get("/agents")
    assert r.status_code == 401
    assert r.json() == {"error": "You are not authorized to access this account"}
    # Adding them back reuses the same user.
    r = account.post("/agents", {"name": "ignored", "email": agent.email, "role": "agent"})
    assert r.json()["id"] == agent.user_id


def test_another_accounts_agent_is_404(account, other_account):
    for method, body in [("PATCH", {"role": "agent"}), ("PUT", {"role": "agent"}), ("DELETE", None)]:
        r = call(account, method, f"/agents/{other_account.user_id}", body)
        assert r.status_code == 404, (method, r.text)
        assert r.json() == NOT_FOUND
    assert other_account.get("/agents").json()[0]["role"] == "administrator"


def test_agents_may_list_but_not_change_agents(account, members):
    agent = members.add()
    before = account.get("/agents").json()
    assert agent.get("/agents").json() == before
    for method, suffix, body in [
        ("POST", "/agents", {"name": "x", "email": "sneaky@example.com", "role": "administrator"}),
        ("PATCH", f"/agents/{agent.user_id}", {"role": "administrator"}),
        ("PUT", f"/agents/{account.user_id}", {"role": "agent"}),
        ("DELETE", f"/agents/{account.user_id}", None),
    ]:
        r = call(agent, method, suffix, body)
        assert r.status_code == 401, (method, suffix, r.text)
        assert r.json() == NOT_AUTHORIZED
    assert account.get("/agents").json() == before
