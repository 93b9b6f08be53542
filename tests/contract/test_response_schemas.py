"""Every spec operation Chatlake serves, called with realistic data, answers what the spec describes.

The scenario is the table in operations.py; schemas come from Chatwoot's published spec (with the
documented corrections of spec_corrections.py and per-operation overrides).
"""

from __future__ import annotations

import httpx
import pytest

from tests.contract.operations import OPERATIONS, Operation
from tests.contract.ours import OurDocument
from tests.contract.spec import (
    operation_key,
    request_schema_pointer,
    response_schema_pointer,
    served_operations,
    spec_operation,
    spec_operations,
    validation_errors,
)
from tests.contract.world import World


@pytest.fixture(scope="module")
def world(server, contract_receiver):
    built = World.build(server, f"http://127.0.0.1:{contract_receiver.httpd.server_address[1]}/hooks")
    yield built
    built.close()


@pytest.fixture(scope="module")
def ours(server) -> OurDocument:
    r = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return OurDocument(r.json())


def _call(op: Operation, world: World) -> tuple[httpx.Response, object]:
    path = op.path.format(account_id=world.account_id, **op.params(world))
    body = op.body(world) if op.body else None
    query = op.query(world) if op.query else None
    return world.admin.client.request(op.method, path, params=query, json=body), body


def _report(op: Operation, what: str, errors: list[str]) -> str:
    return f"{op.method} {op.path}: {what}\n  " + "\n  ".join(errors[:25])


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_response_matches_the_spec(op: Operation, world: World, ours: OurDocument):
    spec_op = spec_operation(op.method, op.path)  # KeyError: the entry names no spec operation
    override = op.override
    response, body = _call(op, world)

    expected = override.status if override and override.status else op.status
    assert response.status_code == expected, f"{op.id}: {response.status_code} {response.text[:500]}"
    answer = response.json() if response.content else None
    errors = ours.errors(op.method, op.path, expected, answer)
    assert not errors, _report(op, "the answer breaks our own /api-docs/openapi.json", errors)
    if not (override and override.status):
        assert str(expected) in spec_op["responses"], f"{op.id}: the spec documents no {expected} answer"

    request_pointer = request_schema_pointer(op.method, op.path)
    if body is not None and request_pointer:
        errors = validation_errors(body, request_pointer)
        assert not errors, _report(op, "the test's request breaks the spec's request schema", errors)

    schema = override.schema if override and override.schema else None
    pointer = None if schema else response_schema_pointer(op.method, op.path, expected)
    if schema is None and pointer is None:
        # The spec documents no body here (DELETE and the toggles): Chatlake's answer is empty or `{}`.
        assert response.content in (b"", b"{}"), f"{op.id}: unexpected body {response.text[:300]}"
        return
    errors = validation_errors(answer, pointer, schema)
    assert not errors, _report(op, "the answer breaks the spec's response schema", errors)


def test_the_scenario_covers_every_served_spec_operation(server):
    """A newly served spec operation needs its entry in operations.py, and entries are not repeated."""
    served = served_operations(httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30).json())
    written = [(op.method, op.path) for op in OPERATIONS]
    assert len(written) == len(set(written)), "an operation has two entries"
    # The spec lists `/reports/conversations` (type=account) and `/reports/conversations/` (type=agent), one
    # route with two answers: each has its entry, so two entries may share a normalised key.
    in_table = [operation_key(op.method, op.path) for op in OPERATIONS]
    missing = sorted(set(spec_operations()) & served - set(in_table))
    assert not missing, f"served spec operations without an entry in tests/contract/operations.py: {missing}"
    not_served = sorted(set(in_table) - served)
    assert not not_served, f"entries for operations Chatlake does not serve: {not_served}"


def test_the_check_refuses_what_chatwoot_clients_would_not_read():
    """The spec's schemas require almost nothing; the check still catches a wrong envelope or a wrong type."""
    conversations = response_schema_pointer("GET", "/api/v1/accounts/{account_id}/conversations", 200)
    assert validation_errors({"meta": {}, "payload": []}, conversations)  # Chatwoot's list has `data`
    assert not validation_errors({"data": {"meta": {"all_count": 1}, "payload": []}}, conversations)
    message = response_schema_pointer(
        "POST", "/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages", 200
    )
    assert validation_errors({"id": 1, "message_type": "outgoing"}, message)  # the API sends the integer
    assert not validation_errors({"id": 1, "message_type": 1}, message)
    # The reports' corrections widen a type, nothing more: a missing number or another envelope is still refused.
    timeseries = response_schema_pointer("GET", "/api/v2/accounts/{account_id}/reports", 200)
    assert validation_errors([{"value": None, "timestamp": 1}], timeseries)
    assert not validation_errors([{"value": 0, "timestamp": 1}, {"value": "60.0", "timestamp": 2}], timeseries)
    summary = response_schema_pointer("GET", "/api/v2/accounts/{account_id}/reports/summary", 200)
    assert validation_errors({"payload": {"conversations_count": 1}}, summary)
    agents = response_schema_pointer("GET", "/api/v2/accounts/{account_id}/reports/conversations/", 200)
    assert validation_errors({"open": 1, "unattended": 0, "unassigned": 0}, agents)  # type=agent is a list


def test_the_newer_corrections_widen_one_property_and_nothing_more():
    """Help center, automation rules, integrations and the audit log: the corrections let Chatwoot's real values
    through and still refuse other types and envelopes."""
    article = response_schema_pointer("POST", "/api/v1/accounts/{account_id}/portals/{id}/articles", 200)
    assert not validation_errors({"id": 1, "status": "published", "position": None}, article)
    assert validation_errors({"id": 1, "status": 1}, article)  # the name, as Chatwoot's view renders it
    assert validation_errors({"id": 1, "status": "deleted"}, article)
    rule = response_schema_pointer("GET", "/api/v1/accounts/{account_id}/automation_rules/{id}", 200)
    last = {"attribute_key": "content", "filter_operator": "contains", "values": ["refund"], "query_operator": None}
    assert not validation_errors(
        {"payload": {"id": 1, "event_name": "conversation_resolved", "conditions": [last]}}, rule
    )
    assert validation_errors({"payload": {"id": 1, "conditions": [{**last, "query_operator": 1}]}}, rule)
    assert validation_errors({"payload": {"id": 1, "event_name": "contact_created"}}, rule)
    hook = response_schema_pointer("POST", "/api/v1/accounts/{account_id}/integrations/hooks", 200)
    assert not validation_errors({"id": 1, "app_id": "dashboard_apps", "inbox_id": None, "hook_type": "account"}, hook)
    assert validation_errors({"id": "1", "hook_type": "account"}, hook)
    assert validation_errors({"id": 1, "hook_type": True}, hook)
    logs = response_schema_pointer("GET", "/api/v1/accounts/{account_id}/audit_logs", 200)
    entry = {"id": 1, "action": "sign_in", "request_uuid": None, "remote_address": "127.0.0.1"}
    assert not validation_errors({"audit_logs": [entry]}, logs)
    assert validation_errors({"audit_logs": [{**entry, "action": "delete"}]}, logs)
    assert validation_errors({"audit_logs": [{**entry, "request_uuid": 7}]}, logs)
