"""Every operation of Chatwoot's Platform API spec is served, and answers what the spec describes.

One entry per spec operation (method and the spec's own path template), called with realistic data by a
platform app of its own; the answer is validated against the spec's schema for that status and against our
/api-docs/openapi.json, and the request body against the spec's request schema.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.contract.ours import OurDocument
from tests.contract.platform_spec import (
    load_platform_spec,
    platform_operations,
    platform_request_pointer,
    platform_response_pointer,
    platform_validation_errors,
)
from tests.contract.spec import operation_key, served_operations
from tests.platform.support import PlatformClient, new_platform_app

PL = "/platform/api/v1"
# Chatwoot renders a bot without them as nulls, which the spec's `string` types refuse: give them values.
BOT_FIELDS = {"description": "Answers first", "outgoing_url": "https://bots.example.com/contract"}


class PlatformWorld:
    """A platform app holding an account with a member, a user and an agent bot."""

    def __init__(self, platform: PlatformClient) -> None:
        self.platform = platform
        self.account = platform.create_account("Contract Tenant")
        self.user = platform.create_user(name="Uma User", password="Password2!")
        platform.add_member(self.account["id"], self.user["id"])
        self.bot = platform.create_bot(name="Contract bot", account_id=self.account["id"], **BOT_FIELDS)

    def fresh_account(self) -> dict:
        return self.platform.create_account("Short-lived")

    def fresh_user(self) -> dict:
        return self.platform.create_user()

    def fresh_member(self) -> int:
        user = self.fresh_user()
        self.platform.add_member(self.account["id"], user["id"], "agent")
        return user["id"]

    def fresh_bot(self) -> dict:
        return self.platform.create_bot(name="Short-lived bot", **BOT_FIELDS)


@dataclass(frozen=True)
class PlatformOperation:
    method: str
    path: str
    params: Callable[[PlatformWorld], dict] = lambda w: {}
    body: Callable[[PlatformWorld], Any] | None = None

    @property
    def id(self) -> str:
        return f"{self.method} {self.path.removeprefix(PL)}"


def _account(w: PlatformWorld) -> dict:
    return {"account_id": w.account["id"]}


OPERATIONS = [
    PlatformOperation(
        "POST",
        PL + "/accounts",
        body=lambda w: {
            "name": "New tenant",
            "locale": "en",
            "domain": "tenant.example",
            "status": "active",
            "support_email": "help@tenant.example",
            "limits": {"agents": 3},
            "custom_attributes": {},
        },
    ),
    PlatformOperation("GET", PL + "/accounts/{account_id}", params=_account),
    PlatformOperation(
        "PATCH", PL + "/accounts/{account_id}", params=_account, body=lambda w: {"name": "Contract Tenant Ltd"}
    ),
    PlatformOperation(
        "DELETE", PL + "/accounts/{account_id}", params=lambda w: {"account_id": w.fresh_account()["id"]}
    ),
    PlatformOperation("GET", PL + "/accounts/{account_id}/account_users", params=_account),
    PlatformOperation(
        "POST",
        PL + "/accounts/{account_id}/account_users",
        params=_account,
        body=lambda w: {"user_id": w.fresh_user()["id"], "role": "agent"},
    ),
    PlatformOperation(
        "DELETE",
        PL + "/accounts/{account_id}/account_users",
        params=_account,
        body=lambda w: {"user_id": w.fresh_member()},
    ),
    PlatformOperation("GET", PL + "/agent_bots"),
    PlatformOperation(
        "POST",
        PL + "/agent_bots",
        body=lambda w: {
            "name": "Greeter",
            "description": "Says hello",
            "outgoing_url": "https://bots.example.com/hi",
            "account_id": w.account["id"],
            "avatar_url": "https://bots.example.com/hi.png",
        },
    ),
    PlatformOperation("GET", PL + "/agent_bots/{id}", params=lambda w: {"id": w.bot["id"]}),
    PlatformOperation(
        "PATCH", PL + "/agent_bots/{id}", params=lambda w: {"id": w.bot["id"]}, body=lambda w: {"description": "v2"}
    ),
    PlatformOperation("DELETE", PL + "/agent_bots/{id}", params=lambda w: {"id": w.fresh_bot()["id"]}),
    PlatformOperation(
        "POST",
        PL + "/users",
        body=lambda w: {
            "name": "Daniel",
            "display_name": "Dan",
            "email": f"dan-{uuid.uuid4().hex[:8]}@acme.example",
            "password": "Password2!",
            "custom_attributes": {"crm_id": 7},
        },
    ),
    PlatformOperation("GET", PL + "/users/{id}", params=lambda w: {"id": w.user["id"]}),
    PlatformOperation(
        "PATCH", PL + "/users/{id}", params=lambda w: {"id": w.user["id"]}, body=lambda w: {"display_name": "Uma"}
    ),
    PlatformOperation("DELETE", PL + "/users/{id}", params=lambda w: {"id": w.fresh_user()["id"]}),
    PlatformOperation("GET", PL + "/users/{id}/login", params=lambda w: {"id": w.user["id"]}),
]


@pytest.fixture(scope="module")
def world(server):
    platform = new_platform_app(server, "Contract platform")
    yield PlatformWorld(platform)
    platform.close()


@pytest.fixture(scope="module")
def ours(server) -> OurDocument:
    return OurDocument(httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30).json())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.id)
def test_platform_answer_matches_the_spec(op: PlatformOperation, world: PlatformWorld, ours: OurDocument):
    spec_op = load_platform_spec()["paths"][op.path][op.method.lower()]
    body = op.body(world) if op.body else None
    path = op.path.format(**op.params(world)).removeprefix(PL)
    response = world.platform.request(op.method, path, body)
    assert response.status_code == 200, f"{op.id}: {response.status_code} {response.text[:500]}"
    assert "200" in spec_op["responses"]
    answer = response.json() if response.content else None
    errors = ours.errors(op.method, op.path, 200, answer)
    assert not errors, f"{op.id}: breaks our /api-docs/openapi.json\n" + "\n".join(errors)
    request_pointer = platform_request_pointer(op.method, op.path)
    if body is not None and request_pointer:
        errors = platform_validation_errors(body, request_pointer)
        assert not errors, f"{op.id}: the test's request breaks the spec\n" + "\n".join(errors)
    pointer = platform_response_pointer(op.method, op.path, 200)
    if pointer is None:
        assert response.content in (b"", b"{}"), f"{op.id}: unexpected body {response.text[:300]}"
        return
    errors = platform_validation_errors(answer, pointer)
    assert not errors, f"{op.id}: breaks the spec's response schema\n" + "\n".join(errors)


def test_every_platform_operation_is_served_and_has_an_entry(server):
    served = served_operations(httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30).json())
    spec = set(platform_operations())
    assert len(spec) == 17
    assert not spec - served, f"not served: {sorted(spec - served)}"
    entries = [operation_key(op.method, op.path) for op in OPERATIONS]
    assert len(entries) == len(set(entries)) and set(entries) == spec


def test_the_platform_check_refuses_wrong_shapes():
    account = platform_response_pointer("GET", PL + "/accounts/{account_id}", 200)
    assert platform_validation_errors({"id": "1", "name": "x"}, account)  # the id is a number
    assert platform_validation_errors({"payload": {"id": 1}}, account)  # no envelope
    assert not platform_validation_errors({"id": 1, "name": "x"}, account)
    users = platform_response_pointer("GET", PL + "/accounts/{account_id}/account_users", 200)
    assert platform_validation_errors({"account_id": 1}, users)  # a list, not one member
