"""POST …/conversations/filter and …/contacts/filter: every key family and operator, chaining, 422s, access."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chatlake.queries.filters import CONTACT_LABELS
from tests.api.filters_support import World, add_contacts, build_world, set_contact
from tests.api.members import Members
from tests.querycount import QueryCounter

ALL = {"c1", "c2", "c3"}


def cond(key, operator, values=None, query_operator=None, custom=None) -> dict:
    condition = {
        "attribute_key": key,
        "filter_operator": operator,
        "values": values or [],
        "query_operator": query_operator,
    }
    if custom is not None:
        condition["custom_attribute_type"] = custom
    return condition


def day(offset: int) -> str:
    return (datetime.now(UTC).date() + timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def world(server) -> World:
    acct = server.bootstrap("Filters")
    made = build_world(acct)
    add_contacts(made)
    yield made
    acct.client.close()


def conversations(world: World, *conditions, **params):
    return world.account.client.post(
        world.account.path("/conversations/filter"), json={"payload": list(conditions)}, params=params
    )


def contacts(world: World, *conditions, **params):
    return world.account.client.post(
        world.account.path("/contacts/filter"), json={"payload": list(conditions)}, params=params
    )


# --- conversations: standard keys ----------------------------------------------------------------


CONVERSATION_CASES = [
    (cond("status", "equal_to", ["open"]), {"c1"}),
    (cond("status", "equal_to", ["open", "pending"]), {"c1", "c3"}),
    (cond("status", "not_equal_to", ["open"]), {"c2", "c3"}),
    (cond("status", "equal_to", ["all"]), ALL),
    (cond("priority", "equal_to", ["high"]), {"c1"}),
    (cond("priority", "equal_to", ["HIGH", "low"]), {"c1", "c3"}),
    # Negative operators also match rows without a value.
    (cond("priority", "not_equal_to", ["high"]), {"c2", "c3"}),
    (cond("campaign_id", "is_not_present"), ALL),
    (cond("campaign_id", "is_present"), set()),
    (cond("campaign_id", "equal_to", [1]), set()),
    (cond("campaign_id", "not_equal_to", [1]), ALL),
    (cond("labels", "equal_to", ["vip"]), {"c1"}),
    (cond("labels", "equal_to", ["billing"]), {"c1", "c2"}),
    (cond("labels", "equal_to", ["VIP", "nothing"]), {"c1"}),
    (cond("labels", "equal_to", ["bill"]), set()),
    (cond("labels", "not_equal_to", ["vip"]), {"c2", "c3"}),
    (cond("labels", "is_present"), {"c1", "c2"}),
    (cond("labels", "is_not_present"), {"c3"}),
    (cond("browser_language", "equal_to", ["EN"]), {"c1"}),
    (cond("browser_language", "not_equal_to", ["en"]), {"c2", "c3"}),
    (cond("conversation_language", "equal_to", ["de"]), {"c2"}),
    (cond("referer", "contains", ["SHOP.example"]), {"c1"}),
    (cond("referer", "does_not_contain", ["shop"]), {"c2", "c3"}),
    (cond("referer", "equal_to", ["https://shop.example.com/cart"]), {"c1"}),
    (cond("mail_subject", "contains", ["refund"]), {"c1"}),
    (cond("mail_subject", "does_not_contain", ["refund"]), {"c2", "c3"}),
    (cond("created_at", "is_greater_than", [day(-1)]), {"c1", "c2"}),
    (cond("created_at", "is_greater_than", [day(0)]), set()),
    (cond("created_at", "is_less_than", [day(-1)]), {"c3"}),
    (cond("created_at", "is_less_than", [day(1)]), ALL),
    (cond("created_at", "days_before", ["5"]), {"c3"}),
    (cond("created_at", "days_before", [20]), set()),
    (cond("created_at", "is_greater_than", ["2000-01-01T12:00:00Z"]), ALL),
    (cond("last_activity_at", "is_less_than", [day(-5)]), {"c3"}),
    (cond("last_activity_at", "days_before", [0]), {"c3"}),
]


@pytest.mark.parametrize("condition, expected", CONVERSATION_CASES, ids=lambda v: str(v)[:60])
def test_conversation_standard_keys(world, condition, expected):
    assert world.names(conversations(world, condition)) == expected


def test_conversation_id_keys_take_numbers_or_digit_strings(world):
    acct = world.account
    assert world.names(conversations(world, cond("assignee_id", "equal_to", [acct.user_id]))) == {"c1"}
    assert world.names(conversations(world, cond("assignee_id", "not_equal_to", [acct.user_id]))) == {"c2", "c3"}
    assert world.names(conversations(world, cond("assignee_id", "is_present"))) == {"c1"}
    assert world.names(conversations(world, cond("assignee_id", "is_not_present"))) == {"c2", "c3"}
    assert world.names(conversations(world, cond("inbox_id", "equal_to", [str(world.inbox_b)]))) == {"c3"}
    assert world.names(conversations(world, cond("inbox_id", "not_equal_to", [world.inbox_b]))) == {"c1", "c2"}
    assert world.names(conversations(world, cond("team_id", "equal_to", [world.team]))) == {"c3"}
    assert world.names(conversations(world, cond("team_id", "is_not_present"))) == {"c1", "c2"}
    c2 = world.conversations["c2"]
    assert world.names(conversations(world, cond("display_id", "equal_to", [c2]))) == {"c2"}
    assert world.names(conversations(world, cond("display_id", "not_equal_to", [c2]))) == {"c1", "c3"}
    assert world.names(conversations(world, cond("display_id", "contains", [str(c2)]))) == {
        name for name, number in world.conversations.items() if str(c2) in str(number)
    }


def test_conversation_filter_envelope_and_counts(world):
    r = conversations(world, cond("status", "equal_to", ["all"]))
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"meta", "payload"}
    assert body["meta"] == {"mine_count": 1, "unassigned_count": 2, "all_count": 3}
    # Newest activity first; each item is the conversation JSON of the list.
    first = body["payload"][0]
    assert {"id", "meta", "messages", "labels", "status", "inbox_id"} <= set(first)
    activity = [c["last_activity_at"] for c in body["payload"]]
    assert activity == sorted(activity, reverse=True)
    c1 = next(c for c in body["payload"] if c["id"] == world.conversations["c1"])
    assert c1["labels"] == ["billing", "vip"]


# --- custom attributes ---------------------------------------------------------------------------


CUSTOM_CASES = [
    (cond("plan", "equal_to", ["pro"], custom="conversation_attribute"), {"c1"}),
    (cond("plan", "contains", ["AS"], custom="conversation_attribute"), {"c2"}),
    (cond("plan", "starts_with", ["pr"], custom="conversation_attribute"), {"c1"}),
    (cond("plan", "not_equal_to", ["pro"], custom="conversation_attribute"), {"c2", "c3"}),
    (cond("plan", "is_present", custom="conversation_attribute"), {"c1", "c2"}),
    (cond("plan", "is_not_present", custom="conversation_attribute"), {"c3"}),
    (cond("seats", "is_greater_than", [5], custom="conversation_attribute"), {"c1"}),
    (cond("seats", "is_less_than", [5.5], custom="conversation_attribute"), {"c2"}),
    (cond("seats", "equal_to", [3], custom="conversation_attribute"), {"c2"}),
    # Without a definition a text value compares as text; a number's text is its digits.
    (cond("seats", "equal_to", ["12"], custom="conversation_attribute"), {"c1"}),
    (cond("renews", "is_greater_than", ["2025-01-01"], custom="conversation_attribute"), {"c1"}),
    (cond("renews", "is_less_than", ["2025-01-01"], custom="conversation_attribute"), {"c2"}),
    (cond("renews", "days_before", [0], custom="conversation_attribute"), {"c2"}),
    (cond("trial", "equal_to", [True], custom="conversation_attribute"), {"c1"}),
    (cond("trial", "equal_to", ["false"], custom="conversation_attribute"), {"c2"}),
    (cond("trial", "not_equal_to", [True], custom="conversation_attribute"), {"c2", "c3"}),
    (cond("nothing_here", "equal_to", ["x"], custom="conversation_attribute"), set()),
    # A contact attribute of the conversation's contact.
    (cond("region", "equal_to", ["EMEA"], custom="contact_attribute"), {"c1"}),
    (cond("region", "is_not_present", custom="contact_attribute"), {"c2", "c3"}),
]


@pytest.mark.parametrize("condition, expected", CUSTOM_CASES, ids=lambda v: str(v)[:60])
def test_conversation_custom_attributes(world, condition, expected):
    assert world.names(conversations(world, condition)) == expected


def test_defined_custom_attributes_are_typed_by_their_definition(server):
    acct = server.bootstrap("Typed")
    try:
        made = build_world(acct)
        for key, display_type in (("seats", 1), ("renews", "date"), ("trial", "checkbox"), ("plan", "list")):
            r = acct.post(
                "/custom_attribute_definitions",
                {"attribute_key": key, "attribute_display_name": key.title(), "attribute_display_type": display_type},
            )
            assert r.status_code == 200, r.text
        # No custom_attribute_type: a defined key of the conversation model is recognised.
        assert made.names(conversations(made, cond("seats", "is_greater_than", ["5"]))) == {"c1"}
        assert made.names(conversations(made, cond("seats", "equal_to", ["12"]))) == {"c1"}
        assert made.names(conversations(made, cond("renews", "is_less_than", ["2025-01-01"]))) == {"c2"}
        assert made.names(conversations(made, cond("trial", "equal_to", ["true"]))) == {"c1"}
        assert made.names(conversations(made, cond("plan", "equal_to", ["Basic"]))) == {"c2"}
        r = conversations(made, cond("seats", "contains", ["1"]))
        assert r.status_code == 422 and "Invalid operator" in r.json()["error"]
        r = conversations(made, cond("seats", "is_greater_than", ["many"]))
        assert r.status_code == 422 and "Invalid value" in r.json()["error"]
        r = conversations(made, cond("renews", "is_greater_than", ["someday"]))
        assert r.status_code == 422
    finally:
        acct.client.close()


# --- and / or ------------------------------------------------------------------------------------


def test_conditions_chain_with_sql_precedence(world):
    # a OR b AND c is a OR (b AND c), as Chatwoot's left-to-right SQL string; not (a OR b) AND c.
    r = conversations(
        world,
        cond("status", "equal_to", ["open"], "or"),
        cond("status", "equal_to", ["pending"], "and"),
        cond("priority", "equal_to", ["low"]),
    )
    assert world.names(r) == {"c1", "c3"}
    r = conversations(
        world,
        cond("status", "equal_to", ["open"], "OR"),
        cond("status", "equal_to", ["pending"], "AND"),
        cond("priority", "equal_to", ["high"]),
    )
    assert world.names(r) == {"c1"}
    # a AND b OR c AND d
    r = conversations(
        world,
        cond("labels", "equal_to", ["billing"], "and"),
        cond("status", "equal_to", ["resolved"], "or"),
        cond("priority", "equal_to", ["low"], "and"),
        cond("team_id", "equal_to", [world.team]),
    )
    assert world.names(r) == {"c2", "c3"}
    r = conversations(world, cond("labels", "equal_to", ["billing"], "and"), cond("labels", "equal_to", ["vip"]))
    assert world.names(r) == {"c1"}
    # The last condition's query_operator joins nothing; an empty payload is every conversation.
    assert world.names(conversations(world, cond("labels", "equal_to", ["vip"], "and"))) == {"c1"}
    assert world.names(conversations(world)) == ALL


# --- refusals ------------------------------------------------------------------------------------


BAD_PAYLOADS = [
    ({"payload": [cond("nope", "equal_to", ["x"])]}, "Invalid attribute key"),
    ({"payload": [cond("status", "contains", ["open"])]}, "Invalid operator"),
    ({"payload": [cond("created_at", "equal_to", ["2024-01-01"])]}, "Invalid operator"),
    ({"payload": [cond("status", "like", ["open"])]}, "Invalid operator"),
    ({"payload": [cond("status", "equal_to", ["closed"])]}, "Invalid value"),
    ({"payload": [cond("status", "equal_to", [])]}, "Invalid value"),
    ({"payload": [cond("assignee_id", "equal_to", ["abc"])]}, "Invalid value"),
    ({"payload": [cond("assignee_id", "equal_to", [True])]}, "Invalid value"),
    ({"payload": [cond("display_id", "equal_to", [2**40])]}, "Invalid value"),
    ({"payload": [cond("created_at", "is_greater_than", ["not-a-date"])]}, "Invalid value"),
    ({"payload": [cond("created_at", "is_greater_than", ["2024-13-45"])]}, "Invalid value"),
    ({"payload": [cond("created_at", "days_before", [-1])]}, "Invalid value"),
    ({"payload": [cond("labels", "equal_to", ["a,b"])]}, "Invalid value"),
    ({"payload": [cond("browser_language", "equal_to", [{"a": 1}])]}, "Invalid value"),
    ({"payload": [cond("seats", "contains", [1], custom="conversation_attribute")]}, "Invalid operator"),
    (
        b'{"payload": [{"attribute_key": "seats", "filter_operator": "is_greater_than", "values": [Infinity],'
        b' "custom_attribute_type": "conversation_attribute"}]}',
        "Invalid value",
    ),
    ({"payload": [cond('x"y', "equal_to", ["1"], custom="conversation_attribute")]}, "Invalid attribute key"),
    ({"payload": [cond("plan", "equal_to", ["1"], custom="bogus")]}, "custom_attribute_type"),
    ({"payload": [cond("status", "equal_to", ["open"], "xor"), cond("status", "equal_to", ["open"])]}, "Query"),
    ({"payload": [cond("status", "equal_to", ["open"]), cond("status", "equal_to", ["open"])]}, "Query"),
    ({"payload": {"attribute_key": "status"}}, "payload"),
    ({"payload": ["status"]}, "condition"),
    ({}, "payload"),
    (["status"], "payload"),
    ({"payload": [cond("status", "equal_to", ["open"], "and")] * 51}, "At most"),
]


@pytest.mark.parametrize("body, message", BAD_PAYLOADS, ids=lambda v: str(v)[:60])
def test_bad_conversation_filters_are_422_with_an_error(world, body, message):
    path = world.account.path("/conversations/filter")
    if isinstance(body, bytes):  # JSON that json.dumps will not write (Infinity)
        r = world.account.client.post(path, content=body, headers={"content-type": "application/json"})
        # Refused at the edge, before the filter is read (api/nul_guard.py).
        assert (r.status_code, r.json()) == (422, {"message": "Numbers must be finite", "attributes": []})
        return
    else:
        r = world.account.client.post(path, json=body)
    assert r.status_code == 422, r.text
    assert set(r.json()) == {"error"}
    assert message in r.json()["error"]


def test_bad_pages_and_bodies_are_422(world):
    client, path = world.account.client, world.account.path("/conversations/filter")
    for page in ("0", "-1", "x", str(2**40)):
        r = client.post(path, json={"payload": []}, params={"page": page})
        assert r.status_code == 422, (page, r.text)
    assert client.post(path).status_code == 422
    assert client.post(path, content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    r = client.post(world.account.path("/contacts/filter"), json={"payload": []}, params={"page": 0})
    assert r.status_code == 422


# --- access and pages ----------------------------------------------------------------------------


def test_agents_filter_only_conversations_of_their_inboxes(world):
    members = Members(world.account)
    try:
        agent = members.add("agent")
        everything = cond("status", "equal_to", ["all"])
        r = agent.client.post(agent.path("/conversations/filter"), json={"payload": [everything]})
        assert r.json() == {"meta": {"mine_count": 0, "unassigned_count": 0, "all_count": 0}, "payload": []}
        r = world.account.post("/inbox_members", {"inbox_id": world.inbox_a, "user_ids": [agent.user_id]})
        assert r.status_code == 200, r.text
        r = agent.client.post(agent.path("/conversations/filter"), json={"payload": [everything]})
        assert world.names(r) == {"c1", "c2"}
        assert r.json()["meta"] == {"mine_count": 0, "unassigned_count": 1, "all_count": 2}
        r = agent.client.post(
            agent.path("/conversations/filter"), json={"payload": [cond("inbox_id", "equal_to", [world.inbox_b])]}
        )
        assert world.names(r) == set()
        # Contacts are account-wide, as the contact list.
        r = agent.client.post(agent.path("/contacts/filter"), json={"payload": []})
        assert r.json()["meta"]["count"] == len(world.contacts)
    finally:
        r = world.account.client.request(
            "DELETE",
            world.account.path("/inbox_members"),
            json={"inbox_id": world.inbox_a, "user_ids": [agent.user_id]},
        )
        members.close()


def test_other_accounts_rows_never_match(world, other_account):
    inbox = other_account.create_api_inbox()
    other_account.create_conversation(inbox["id"])
    r = other_account.client.post(
        other_account.path("/conversations/filter"), json={"payload": [cond("status", "equal_to", ["all"])]}
    )
    assert r.json()["meta"]["all_count"] == 1
    assert world.names(conversations(world, cond("inbox_id", "equal_to", [inbox["id"]]))) == set()


def test_a_filter_page_costs_the_same_for_2_or_25_rows_and_pages_by_25(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    # Both kinds of last-message sender and of assignee from the start (each kind is one statement).
    first = account.create_conversation(inbox["id"], assignee_id=account.user_id)
    account.create_message(first["id"], "hello")
    second = account.create_conversation(inbox["id"])
    account.create_message(second["id"], "hi", message_type="incoming")
    body = {
        "payload": [
            cond("status", "equal_to", ["open"], "and"),
            cond("plan", "is_not_present", custom="conversation_attribute"),
        ]
    }
    with counter.counting():
        r = account.post("/conversations/filter", body)
    assert len(r.json()["payload"]) == 2
    few_rows = counter.count
    for i in range(24):
        c = account.create_conversation(inbox["id"], assignee_id=account.user_id if i % 2 else None)
        account.create_message(c["id"], f"m{i}", message_type="incoming")
    with counter.counting():
        r = account.post("/conversations/filter", body)
    assert len(r.json()["payload"]) == 25
    assert counter.count == few_rows, "\n".join(counter.statements)
    assert r.json()["meta"]["all_count"] == 26
    r = account.client.post(account.path("/conversations/filter"), json=body, params={"page": 2})
    assert len(r.json()["payload"]) == 1


def test_a_contact_filter_page_costs_the_same_for_1_or_15_rows(server, account):
    counter = QueryCounter(server)
    inbox = account.create_api_inbox()
    account.create_contact(inbox["id"], name="Match 0")
    body = {"payload": [cond("name", "contains", ["match"])]}
    with counter.counting():
        assert len(account.post("/contacts/filter", body).json()["payload"]) == 1
    one_row = counter.count
    for i in range(16):
        account.create_contact(inbox["id"], name=f"Match {i + 1}")
    with counter.counting():
        r = account.post("/contacts/filter", body)
    assert len(r.json()["payload"]) == 15
    assert counter.count == one_row, "\n".join(counter.statements)
    assert r.json()["meta"] == {"count": 17, "current_page": 1}
    r = account.client.post(account.path("/contacts/filter"), json=body, params={"page": 2})
    assert r.json()["meta"] == {"count": 17, "current_page": 2} and len(r.json()["payload"]) == 2


# --- contacts ------------------------------------------------------------------------------------

EVERYONE = {"alice", "bob", "carol", "dan", "eve", "fay"}

CONTACT_CASES = [
    (cond("name", "equal_to", ["dan BROWN"]), {"dan"}),
    (cond("name", "not_equal_to", ["dan brown"]), EVERYONE - {"dan"}),
    (cond("name", "contains", ["ada"]), {"eve"}),
    (cond("name", "does_not_contain", ["a"]), {"bob"}),
    # LIKE's wildcards in a value match themselves.
    (cond("name", "contains", ["100%_"]), {"carol"}),
    (cond("name", "contains", ["%"]), {"carol"}),
    (cond("name", "contains", ["_"]), {"carol"}),
    (cond("email", "equal_to", ["DAN@acme.test"]), {"dan"}),
    (cond("email", "contains", ["example"]), {"alice", "bob"}),
    (cond("email", "does_not_contain", ["example"]), {"carol", "dan", "eve", "fay"}),
    (cond("phone_number", "starts_with", ["+1415"]), {"dan"}),
    (cond("phone_number", "starts_with", ["44"]), {"eve"}),
    (cond("phone_number", "equal_to", ["14155550100"]), {"dan"}),
    (cond("phone_number", "contains", ["2071"]), {"eve"}),
    (cond("identifier", "equal_to", ["CRM-1"]), {"dan"}),
    (cond("country_code", "equal_to", ["de"]), {"dan"}),
    (cond("country_code", "not_equal_to", ["de"]), EVERYONE - {"dan"}),
    (cond("city", "contains", ["lon"]), {"eve"}),
    (cond("company", "contains", ["acme"]), {"dan"}),
    (cond("blocked", "equal_to", [True]), {"eve"}),
    (cond("blocked", "equal_to", ["false"]), EVERYONE - {"eve"}),
    (cond("blocked", "not_equal_to", [True]), EVERYONE - {"eve"}),
    (cond("created_at", "is_less_than", [day(-5)]), {"fay"}),
    (cond("created_at", "days_before", [7]), {"fay"}),
    (cond("created_at", "is_greater_than", [day(-5)]), EVERYONE - {"fay"}),
    (cond("last_activity_at", "days_before", [7]), {"fay"}),
    (cond("tier", "equal_to", ["GOLD"], custom="contact_attribute"), {"dan"}),
    (cond("tier", "is_present", custom="contact_attribute"), {"dan", "eve"}),
    (cond("tier", "is_not_present", custom="contact_attribute"), EVERYONE - {"dan", "eve"}),
    (cond("score", "is_greater_than", [50], custom="contact_attribute"), {"dan"}),
    (cond("score", "is_less_than", ["50"], custom="contact_attribute"), {"eve"}),
    (cond("score", "equal_to", [42.5], custom="contact_attribute"), {"eve"}),
    (cond("signed_up", "is_greater_than", ["2023-01-01"], custom="contact_attribute"), {"dan"}),
    (cond("newsletter", "equal_to", [False], custom="contact_attribute"), {"eve"}),
]


@pytest.mark.parametrize("condition, expected", CONTACT_CASES, ids=lambda v: str(v)[:60])
def test_contact_keys(world, condition, expected):
    assert world.names(contacts(world, condition), "contacts") == expected


def test_contact_filter_chains_and_refuses(world):
    r = contacts(world, cond("city", "equal_to", ["berlin"], "or"), cond("blocked", "equal_to", [True]))
    assert world.names(r, "contacts") == {"dan", "eve"}
    r = contacts(world, cond("email", "contains", ["test"], "and"), cond("blocked", "equal_to", [False]))
    assert world.names(r, "contacts") == {"dan"}
    body = r.json()
    assert body["meta"] == {"count": 1, "current_page": 1}
    assert body["payload"][0]["email"] == "dan@acme.test" and "contact_inboxes" in body["payload"][0]
    for condition in (
        cond("status", "equal_to", ["open"]),
        cond("tier", "equal_to", ["gold"]),
        cond("tier", "equal_to", ["gold"], custom="conversation_attribute"),
        cond("name", "starts_with", ["d"]),
        cond("blocked", "equal_to", ["maybe"]),
    ):
        r = contacts(world, condition)
        assert r.status_code == 422, (condition, r.text)
        assert set(r.json()) == {"error"}


def test_contact_labels_filter_when_contacts_have_labels(world):
    if CONTACT_LABELS is None:
        r = contacts(world, cond("labels", "equal_to", ["lead"]))
        assert r.status_code == 422
        assert r.json() == {"error": "labels filtering is not available"}
        return
    set_contact(world.account.server, world.contacts["dan"], cached_label_list=",lead,vip,")
    set_contact(world.account.server, world.contacts["eve"], cached_label_list=",vip,")
    assert world.names(contacts(world, cond("labels", "equal_to", ["LEAD"])), "contacts") == {"dan"}
    assert world.names(contacts(world, cond("labels", "not_equal_to", ["lead"])), "contacts") == EVERYONE - {"dan"}
    assert world.names(contacts(world, cond("labels", "is_present")), "contacts") == {"dan", "eve"}
    assert world.names(contacts(world, cond("labels", "is_not_present")), "contacts") == EVERYONE - {"dan", "eve"}
