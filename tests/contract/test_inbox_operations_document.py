"""Macros, participants and bulk actions (routes Chatwoot serves but its spec leaves out) answer what our own
/api-docs/openapi.json says, and the document describes their request bodies."""

from __future__ import annotations

import httpx
import pytest

from tests.api.members import call
from tests.contract.ours import OurDocument

A = "/api/v1/accounts/{account_id}"
C = A + "/conversations/{conversation_id}"


@pytest.fixture(scope="module")
def ours(server) -> OurDocument:
    r = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return OurDocument(r.json())


def _check(ours: OurDocument, method: str, template: str, response: httpx.Response) -> None:
    assert response.status_code == 200, f"{method} {template}: {response.status_code} {response.text[:300]}"
    answer = response.json() if response.content else None
    errors = ours.errors(method, template, 200, answer)
    assert not errors, f"{method} {template} breaks our document:\n  " + "\n  ".join(errors[:20])


def test_macro_participant_and_bulk_answers_match_our_document(ours, account):
    inbox = account.create_api_inbox()["id"]
    number = account.create_conversation(inbox)["id"]
    actions = [
        {"action_name": "add_label", "action_params": ["billing"]},
        {"action_name": "assign_agent", "action_params": ["self"]},
    ]
    created = account.post("/macros", {"name": "Billing", "visibility": "global", "actions": actions})
    _check(ours, "POST", A + "/macros", created)
    macro_id = created.json()["payload"]["id"]
    _check(ours, "GET", A + "/macros", account.get("/macros"))
    _check(ours, "GET", A + "/macros/{macro_id}", account.get(f"/macros/{macro_id}"))
    _check(ours, "PATCH", A + "/macros/{macro_id}", call(account, "PATCH", f"/macros/{macro_id}", {"name": "B"}))
    _check(
        ours,
        "POST",
        A + "/macros/{macro_id}/execute",
        account.post(f"/macros/{macro_id}/execute", {"conversation_ids": [number]}),
    )

    participants = f"/conversations/{number}/participants"
    _check(ours, "POST", C + "/participants", account.post(participants, {"user_ids": [account.user_id]}))
    _check(ours, "GET", C + "/participants", account.get(participants))
    _check(ours, "PATCH", C + "/participants", call(account, "PATCH", participants, {"user_ids": [account.user_id]}))
    bulk = {"type": "Conversation", "ids": [number], "fields": {"status": "resolved"}}
    _check(ours, "POST", A + "/bulk_actions", account.post("/bulk_actions", bulk))


def test_our_document_describes_their_request_bodies(ours):
    for method, template in (
        ("post", A + "/macros"),
        ("post", A + "/macros/{macro_id}/execute"),
        ("post", A + "/bulk_actions"),
        ("post", C + "/participants"),
        ("delete", C + "/participants"),
    ):
        schema = ours.document["paths"][template][method]["requestBody"]["content"]["application/json"]["schema"]
        assert "$ref" in schema, (method, template, schema)
