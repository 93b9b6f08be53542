"""Every operation of Chatwoot's Client (public) API spec is served and answers what the spec describes (and what
our own /api-docs/openapi.json says), called with realistic data: a contact of an API inbox, its conversation, an
agent's reply and question."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.contract.client_spec import (
    client_operation,
    client_operations,
    client_request_pointer,
    client_response_pointer,
    client_validation_errors,
)
from tests.contract.ours import OurDocument
from tests.contract.spec import operation_key, served_operations

P = "/public/api/v1/inboxes/{inbox_identifier}"
PC = P + "/contacts/{contact_identifier}"
PCC = PC + "/conversations/{conversation_id}"


class ClientWorld:
    def __init__(self, account) -> None:
        self.account = account
        inbox = account.post("/inboxes", {"name": "Contract site", "channel": {"type": "api"}}).json()
        self.inbox_identifier = inbox["inbox_identifier"]
        self.client = httpx.Client(base_url=account.server.url, timeout=30)
        self.contact = self._post(P + "/contacts", {"name": "Jane", "email": "jane-contract@example.com"})
        self.conversation = self._post(PC + "/conversations", {})
        self._post(PCC + "/messages", {"content": "Hello"})
        account.create_message(self.conversation["id"], "Hi Jane, how can we help?")
        self.question = account.create_message(
            self.conversation["id"], "Which plan?", content_type="input_select", content_attributes={"items": []}
        )

    def fill(self, path: str, **more) -> str:
        values = {"inbox_identifier": self.inbox_identifier}
        if "{contact_identifier}" in path:
            values["contact_identifier"] = self.contact["source_id"]
        if "{conversation_id}" in path:
            values["conversation_id"] = self.conversation["id"]
        return path.format(**values, **more)

    def _post(self, path: str, body: dict) -> dict:
        r = self.client.post(self.fill(path), json=body)
        assert r.status_code == 200, r.text
        return r.json()


@dataclass(frozen=True)
class ClientOperation:
    method: str
    path: str
    body: Callable[[ClientWorld], Any] | None = None
    query: dict | None = None
    params: Callable[[ClientWorld], dict] = lambda w: {}

    @property
    def id(self) -> str:
        return f"{self.method} {self.path.removeprefix(P) or '/'}"


OPERATIONS = [
    ClientOperation("GET", P),
    ClientOperation("POST", P + "/contacts", body=lambda w: {"name": "Joe", "identifier": "joe-contract"}),
    ClientOperation("GET", PC),
    ClientOperation("PATCH", PC, body=lambda w: {"name": "Jane Doe", "custom_attributes": {"plan": "pro"}}),
    ClientOperation("POST", PC + "/conversations", body=lambda w: {"custom_attributes": {"order": "A-7"}}),
    ClientOperation("GET", PC + "/conversations"),
    ClientOperation("GET", PCC),
    ClientOperation("POST", PCC + "/messages", body=lambda w: {"content": "Any news?", "echo_id": "c-1"}),
    ClientOperation("GET", PCC + "/messages"),
    ClientOperation(
        "PATCH",
        PCC + "/messages/{message_id}",
        body=lambda w: {"submitted_values": {"title": "Pro", "value": "pro"}},
        params=lambda w: {"message_id": w.question["id"]},
    ),
    ClientOperation(
        "POST", PCC + "/toggle_typing", body=lambda w: {"typing_status": "on"}, query={"typing_status": "on"}
    ),
    ClientOperation("POST", PCC + "/update_last_seen"),
    ClientOperation("POST", PCC + "/toggle_status"),
]


@pytest.fixture(scope="module")
def client_world(server):
    account = server.bootstrap("Client contract")
    world = ClientWorld(account)
    yield world
    world.client.close()
    account.client.close()


@pytest.fixture(scope="module")
def document(server) -> dict:
    r = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def _report(op: ClientOperation, what: str, errors: list[str]) -> str:
    return f"{op.id}: {what}\n  " + "\n  ".join(errors[:25])


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_client_operation_matches_the_spec(op: ClientOperation, client_world: ClientWorld, document: dict):
    spec_op = client_operation(op.method, op.path)  # KeyError: the entry names no spec operation
    body = op.body(client_world) if op.body else None
    path = client_world.fill(op.path, **op.params(client_world))
    response = client_world.client.request(op.method, path, json=body, params=op.query)
    assert response.status_code == 200, f"{op.id}: {response.status_code} {response.text[:500]}"
    assert "200" in spec_op["responses"]
    answer = response.json() if response.content else None

    errors = OurDocument(document).errors(op.method, op.path, 200, answer)
    assert not errors, _report(op, "the answer breaks our own /api-docs/openapi.json", errors)
    request_pointer = client_request_pointer(op.method, op.path)
    if body is not None and request_pointer:
        errors = client_validation_errors(body, request_pointer)
        assert not errors, _report(op, "the test's request breaks the spec's request schema", errors)
    pointer = client_response_pointer(op.method, op.path, 200)
    if pointer is None:
        assert response.content in (b"", b"{}"), f"{op.id}: unexpected body {response.text[:300]}"
        return
    errors = client_validation_errors(answer, pointer)
    assert not errors, _report(op, "the answer breaks the spec's response schema", errors)


def test_every_client_operation_is_served_and_in_the_scenario(document):
    spec = set(client_operations())
    assert len(spec) == 13
    missing = sorted(spec - served_operations(document))
    assert not missing, f"Client API operations not served: {missing}"
    in_table = [operation_key(op.method, op.path) for op in OPERATIONS]
    assert len(in_table) == len(set(in_table)) and set(in_table) == spec


def test_the_client_check_refuses_a_wrong_shape():
    contact = client_response_pointer("POST", P + "/contacts", 200)
    assert client_validation_errors({"payload": {"id": 1}}, contact)  # no envelope in the Client API
    assert client_validation_errors({"id": "1", "source_id": "x"}, contact)
    assert not client_validation_errors({"id": 1, "source_id": "x", "pubsub_token": "t"}, contact)
    messages = client_response_pointer("GET", PCC + "/messages", 200)
    assert client_validation_errors([{"id": 1, "message_type": "incoming"}], messages)  # the integer, as Chatwoot
