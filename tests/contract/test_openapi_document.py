"""/api-docs/openapi.json describes every served operation of the spec with a real answer shape."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from chatlake.api.openapi import REQUESTS, RESPONSES, chatwoot_template
from tests.contract.spec import operation_key, spec_operations


@pytest.fixture(scope="module")
def openapi(server) -> dict:
    r = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_every_shape_entry_names_a_route(openapi):
    """A renamed route must take its entry in api/openapi.py along, or its answer goes undescribed."""
    stale = [
        f"{method} {path}"
        for method, path in [*RESPONSES, *REQUESTS]
        if method.lower() not in openapi["paths"].get(chatwoot_template(path)[0], {})
    ]
    assert not stale, f"entries of chatlake/api/openapi.py naming no route: {stale}"


def test_served_spec_operations_document_their_answer(openapi):
    spec = spec_operations()
    vague = []
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if operation_key(method, path) not in spec:
                continue
            success = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
            schemas = [r.get("content", {}).get("application/json", {}).get("schema") for r in success.values()]
            # A shape from api/openapi.py, or no body at all (DELETE); not FastAPI's "some object".
            described = any(schema and "$ref" in json.dumps(schema) for schema in schemas)
            if not (described or all(not schema for schema in schemas)):
                vague.append(f"{method.upper()} {path}")
    assert not vague, f"add their answer's shape to RESPONSES in chatlake/api/openapi.py: {vague}"


def test_errors_are_chatlakes(openapi):
    operation = openapi["paths"]["/api/v1/accounts/{account_id}/labels"]["post"]
    assert operation["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorShape"
    }
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_paths_are_written_as_chatwoot_writes_them(openapi):
    """Parameter names too: `/contacts/{id}`, `/conversations/{conversation_id}`, `/teams/{team_id}`."""
    ours = {operation_key(method, path): path for path, item in openapi["paths"].items() for method in item}
    differ = [
        f"{ours[key]} (spec: {path})"
        for key, (_method, path) in spec_operations().items()
        if key in ours and ours[key] != path.rstrip("/")
    ]
    assert not differ, f"templates unlike Chatwoot's (see CHATWOOT_PARAMETER_NAMES): {differ}"
    for path, item in openapi["paths"].items():
        for operation in item.values():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
            assert sorted(names) == sorted(re.findall(r"\{(\w+)\}", path)), f"{path}: parameters {names}"
