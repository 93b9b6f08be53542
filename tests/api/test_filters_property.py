"""Random filter payloads through the HTTP API: the answer is a 200 list or a 422, never a 500.

Keys include SQL-ish strings, values every JSON type (and NaN, huge numbers, NUL, lone surrogates),
operators and query operators valid or not. Runs against the database the session tests (--db).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from chatlake.models.custom_attribute_definition import ATTRIBUTE_MODELS
from chatlake.queries.filters import CONTACT_KEYS, CONVERSATION_KEYS, OPERATORS
from tests.api.filters_support import World, add_contacts, build_world

SQLISH = [
    "status; DROP TABLE conversations; --",
    "' OR 1=1 --",
    '"',
    'a"b',
    "x') OR ('1'='1",
    "\\",
    "%",
    "_",
    "a\x00b",
    "\ud800",
    "ü",
    "$.a",
    "a.b",
    "[0]",
    "custom_attributes",
    "labels,vip",
    "",
    " ",
    "x" * 300,
]
CUSTOM_KEYS = ["plan", "seats", "renews", "trial", "region", "tier", "score"]

keys = st.one_of(
    st.sampled_from(sorted({*CONVERSATION_KEYS, *CONTACT_KEYS, *CUSTOM_KEYS})),
    st.sampled_from(SQLISH),
    st.text(max_size=20),
    st.integers(),
    st.none(),
)
texts = st.one_of(
    st.sampled_from(SQLISH + ["open", "all", "high", "vip", "2024-01-01", "2024-01-01T10:00:00+05:00", "12", "true"]),
    st.text(max_size=30),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    texts,
)
values = st.one_of(
    st.lists(st.one_of(scalars, st.dictionaries(st.text(max_size=5), scalars, max_size=2)), max_size=4),
    scalars,
)
conditions = st.one_of(
    st.fixed_dictionaries(
        {
            "attribute_key": keys,
            "filter_operator": st.one_of(st.sampled_from(OPERATORS), texts, st.integers()),
            "values": values,
            "query_operator": st.one_of(
                st.sampled_from(["and", "or", "AND", "Or", None, "", "xor", "and;"]), st.integers()
            ),
        },
        optional={
            "custom_attribute_type": st.one_of(
                st.sampled_from(["", "conversation_attribute", "contact_attribute", "bogus"]),
                st.none(),
                st.integers(),
                st.lists(st.integers(), max_size=1),
            )
        },
    ),
    scalars,
)
# Mostly well-formed conditions (a key with an operator it allows and values of its kind), so
# most payloads reach the database instead of stopping at the first check.
GOOD_VALUES = {
    "status": ["open", "resolved", "pending", "all"],
    "priority": ["high", "low", "urgent"],
    "labels": ["vip", "billing", "VIP"],
    "blocked": [True, False, "true"],
    "created_at": ["2024-01-01", "2030-01-01T00:00:00Z", 3, "0"],
    "last_activity_at": ["2024-01-01", 7],
    "display_id": [1, 2, "3"],
    "assignee_id": [1, "2", 3],
    "inbox_id": [1, 2, 3],
    "team_id": [1, 2],
    "campaign_id": [1],
    "phone_number": ["+1415", "44", "14155550100"],
    "email": ["dan@acme.test", "example"],
}
CUSTOM_VALUES = ["pro", "gold", "basic", 5, 12, 42.5, "12", "2024-01-01", True, False, "true", "emea"]
TEXT_VALUES = ["en", "de", "shop", "Refund", "berlin", "acme", "Dan Brown", "%", "_"]


def _values(key: str, custom: bool):
    good = CUSTOM_VALUES if custom else GOOD_VALUES.get(key, TEXT_VALUES)
    value = st.integers(min_value=0, max_value=9).flatmap(lambda i: st.sampled_from(good) if i < 9 else scalars)
    return st.lists(value, min_size=1, max_size=3)


def _pairs(keys: dict, models: tuple[str, ...]) -> tuple[list, list]:
    standard = sorted({(key, op, "") for key, spec in keys.items() for op in spec.operators})
    custom = sorted({(key, op, model) for key in CUSTOM_KEYS for op in OPERATORS for model in models})
    return standard, custom


PAIRS = {
    "/conversations/filter": _pairs(CONVERSATION_KEYS, tuple(ATTRIBUTE_MODELS)),
    "/contacts/filter": _pairs(CONTACT_KEYS, ("contact_attribute",)),
}


def _condition(pair: tuple[str, str, str]):
    key, operator, model = pair
    return st.fixed_dictionaries(
        {
            "attribute_key": st.just(key),
            "filter_operator": st.just(operator),
            "values": _values(key, bool(model)),
            "query_operator": st.sampled_from(["and", "or"]),
            "custom_attribute_type": st.just(model),
        }
    )


def _last_joins_nothing(conditions: list[dict]) -> dict:
    conditions[-1] = {**conditions[-1], "query_operator": None}
    return {"payload": conditions}


def _bodies(endpoint: str):
    standard, custom = PAIRS[endpoint]
    pair = st.integers(min_value=0, max_value=2).flatmap(lambda i: st.sampled_from(standard if i < 2 else custom))
    plausible = pair.flatmap(_condition)
    chain = st.lists(plausible, min_size=1, max_size=3).map(_last_joins_nothing)
    odd = [
        st.fixed_dictionaries({"payload": st.lists(st.one_of(plausible, conditions), max_size=5)}),
        st.fixed_dictionaries({"payload": scalars}),
        scalars,
    ]
    # Seven in ten bodies are chains of plausible conditions (one_of would weigh the branches evenly).
    return st.integers(min_value=0, max_value=9).flatmap(lambda i: chain if i < 7 else odd[i - 7])


requests = st.sampled_from(sorted(PAIRS)).flatmap(lambda endpoint: st.tuples(st.just(endpoint), _bodies(endpoint)))
pages = st.sampled_from([None, None, None, None, None, None, "1", "2", "0", "-1", str(10**20), "x", "1.5"])


@pytest.fixture(scope="module")
def world(server) -> World:
    acct = server.bootstrap("Fuzzed")
    made = build_world(acct)
    add_contacts(made)
    for key, display_type in (("seats", "number"), ("renews", "date"), ("trial", "checkbox")):
        r = acct.post(
            "/custom_attribute_definitions",
            {"attribute_key": key, "attribute_display_name": key, "attribute_display_type": display_type},
        )
        assert r.status_code == 200, r.text
    r = acct.post(
        "/custom_attribute_definitions",
        {"attribute_key": "tier", "attribute_display_name": "Tier", "attribute_model": 1, "attribute_display_type": 6},
    )
    assert r.status_code == 200, r.text
    yield made
    acct.client.close()


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests, page=pages)
def test_random_filters_answer_200_or_422(world, request, page):
    endpoint, body = request
    acct = world.account
    # json.dumps writes NaN/Infinity and \ud800 escapes, which the server's JSON parser accepts.
    content = json.dumps(body).encode()
    params = {} if page is None else {"page": page}
    r = acct.client.post(
        acct.path(endpoint), content=content, params=params, headers={"content-type": "application/json"}
    )
    assert r.status_code in (200, 422), (body, page, r.status_code, r.text)
    answer = r.json()
    event(f"{endpoint} {r.status_code}")
    if r.status_code == 422:
        assert "error" in answer or "message" in answer
    elif endpoint == "/conversations/filter":
        assert set(answer) == {"meta", "payload"}
        assert set(answer["meta"]) == {"mine_count", "unassigned_count", "all_count"}
        assert len(answer["payload"]) <= 25
    else:
        assert set(answer["meta"]) == {"count", "current_page"}
        assert len(answer["payload"]) <= 15
