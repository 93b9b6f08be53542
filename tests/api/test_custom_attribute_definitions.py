"""Custom attribute definitions: enums by integer or name in, names out; keys unique per account and model."""

from __future__ import annotations

import pytest

from tests.api.members import NOT_AUTHORIZED, NOT_FOUND, Members, call


@pytest.fixture
def members(account):
    made = Members(account)
    yield made
    made.close()


def create(acct, **fields):
    body = {"attribute_display_name": "Plan", "attribute_key": "plan", **fields}
    r = acct.post("/custom_attribute_definitions", body)
    assert r.status_code == 200, r.text
    return r.json()


def test_create_show_list_update_and_delete(account):
    made = create(
        account,
        attribute_display_type=6,
        attribute_model=0,
        attribute_description="Their plan",
        attribute_values=["free", "pro"],
        regex_pattern="^[a-z]+$",
        regex_cue="Lower-case letters",
    )
    assert made == {
        "id": made["id"],
        "attribute_display_name": "Plan",
        "attribute_display_type": "list",
        "attribute_description": "Their plan",
        "attribute_key": "plan",
        "regex_pattern": "^[a-z]+$",
        "regex_cue": "Lower-case letters",
        "attribute_values": ["free", "pro"],
        "attribute_model": "conversation_attribute",
        "default_value": None,
        "created_at": made["created_at"],
        "updated_at": made["updated_at"],
    }
    assert made["created_at"].endswith("Z")
    assert account.get(f"/custom_attribute_definitions/{made['id']}").json() == made
    # Names are accepted as well as integers; Rails' wrapped body too.
    contact_attr = account.post(
        "/custom_attribute_definitions",
        {
            "custom_attribute_definition": {
                "attribute_display_name": " Score ",
                "attribute_key": "score",
                "attribute_display_type": "number",
                "attribute_model": "contact_attribute",
                "default_value": 5,
            }
        },
    ).json()
    assert contact_attr["attribute_display_name"] == "Score"
    assert (contact_attr["attribute_display_type"], contact_attr["attribute_model"]) == ("number", "contact_attribute")
    assert contact_attr["default_value"] == 5

    assert account.get("/custom_attribute_definitions").json() == [made, contact_attr]
    for model, expected in (("0", [made]), ("1", [contact_attr]), ("contact_attribute", [contact_attr])):
        r = account.client.get(account.path("/custom_attribute_definitions"), params={"attribute_model": model})
        assert r.json() == expected

    r = call(account, "PATCH", f"/custom_attribute_definitions/{made['id']}", {"attribute_display_type": 0})
    assert r.status_code == 200, r.text
    assert r.json()["attribute_display_type"] == "text" and r.json()["attribute_values"] == ["free", "pro"]
    r = call(account, "PUT", f"/custom_attribute_definitions/{made['id']}", {"attribute_display_name": "Tier"})
    assert r.json()["attribute_display_name"] == "Tier"

    r = call(account, "DELETE", f"/custom_attribute_definitions/{made['id']}")
    assert (r.status_code, r.content) == (204, b"")
    assert account.get(f"/custom_attribute_definitions/{made['id']}").status_code == 404
    assert account.get("/custom_attribute_definitions").json() == [contact_attr]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"attribute_key": "plan"}, "attribute_display_name"),
        ({"attribute_display_name": "Plan"}, "attribute_key"),
        ({"attribute_display_name": "Plan", "attribute_key": "Plan Name"}, "attribute_key"),
        ({"attribute_display_name": "Plan", "attribute_key": "plan-name"}, "attribute_key"),
        ({"attribute_display_name": "Plan", "attribute_key": "status"}, "attribute_key"),
        ({"attribute_display_name": "Plan", "attribute_key": "x" * 256}, "attribute_key"),
        ({"attribute_display_name": "Plan", "attribute_key": 5}, "attribute_key"),
        (
            {"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_display_type": 8},
            "attribute_display_type",
        ),
        (
            {"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_display_type": "big"},
            "attribute_display_type",
        ),
        ({"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_model": 2}, "attribute_model"),
        ({"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_model": True}, "attribute_model"),
        ({"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_values": "a,b"}, "attribute_values"),
        (
            {"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_values": [{"a": 1}]},
            "attribute_values",
        ),
        ({"attribute_display_name": "Plan", "attribute_key": "plan", "default_value": {"a": 1}}, "default_value"),
        ({"attribute_display_name": "Plan", "attribute_key": "plan", "regex_pattern": "x" * 256}, "regex_pattern"),
    ],
)
def test_invalid_definitions_are_422_and_write_nothing(account, body, field):
    r = account.post("/custom_attribute_definitions", body)
    assert r.status_code == 422, r.text
    assert r.json()["attributes"] == [field]
    assert account.get("/custom_attribute_definitions").json() == []


def test_keys_are_unique_per_account_and_model(account, other_account):
    first = create(account)
    r = account.post("/custom_attribute_definitions", {"attribute_display_name": "Again", "attribute_key": "plan"})
    assert r.status_code == 422
    assert r.json() == {"message": "Attribute key has already been taken", "attributes": ["attribute_key"]}
    # The same key for contacts, or in another account, is another attribute.
    create(account, attribute_model=1)
    create(other_account)
    second = create(account, attribute_key="seats")
    r = call(account, "PATCH", f"/custom_attribute_definitions/{second['id']}", {"attribute_key": "plan"})
    assert r.status_code == 422
    r = call(account, "PATCH", f"/custom_attribute_definitions/{first['id']}", {"attribute_model": 1})
    assert r.status_code == 422
    r = call(account, "PATCH", f"/custom_attribute_definitions/{first['id']}", {"attribute_key": "plan"})
    assert r.status_code == 200


def test_agents_read_but_only_administrators_write(account, members):
    made = create(account)
    agent = members.add("agent")
    assert agent.get("/custom_attribute_definitions").json() == [made]
    assert agent.get(f"/custom_attribute_definitions/{made['id']}").json() == made
    r = agent.post("/custom_attribute_definitions", {"attribute_display_name": "X", "attribute_key": "x"})
    assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED)
    for method, body in (("PATCH", {"attribute_display_name": "Y"}), ("PUT", {}), ("DELETE", None)):
        r = call(agent, method, f"/custom_attribute_definitions/{made['id']}", body)
        assert (r.status_code, r.json()) == (401, NOT_AUTHORIZED)
    assert account.get("/custom_attribute_definitions").json() == [made]


def test_another_accounts_definition_is_404(account, other_account):
    theirs = create(other_account)
    for method, body in (("GET", None), ("PATCH", {"attribute_display_name": "x"}), ("PUT", {}), ("DELETE", None)):
        r = call(account, method, f"/custom_attribute_definitions/{theirs['id']}", body)
        assert (r.status_code, r.json()) == (404, NOT_FOUND)
    r = account.client.get(account.path("/custom_attribute_definitions"), params={"attribute_model": "bogus"})
    assert r.status_code == 422
