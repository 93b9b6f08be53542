"""Property tests for input bounds, over every operation of our OpenAPI document (a new route is in it, so it is
covered): integers at and past the 32- and 64-bit limits in every path and query parameter, wrong JSON types,
lone surrogates, NUL and non-finite numbers in every body field, oversized bodies. Only 4xx, never 5xx, and the
server keeps serving."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.security.targets import Operation, document_operations, object_ids

INT32_MAX, INT64_MAX = 2**31 - 1, 2**63 - 1
# At the limit (a well-formed id no row has), then past each limit, in text as a URL carries it.
BIG_NUMBERS = [str(INT32_MAX), str(INT32_MAX + 1), str(-(2**31) - 1), str(INT64_MAX + 1), "1" + "0" * 30, "1e30"]
QUERY_STRINGS = ["%00", "%ED%A0%80", "a" * 5000]
# Raw JSON text for a field's value: what the standard parser accepts but no column can hold, and wrong types.
BODY_VALUES = [str(INT32_MAX + 1), str(INT64_MAX + 1), '"\\ud800x"', '"a\\u0000b"', "{}", "[]", "1e400"]
# Once per operation, in its first field: the other non-finite number and a string far past any column.
ONCE_PER_OPERATION = ["NaN", "-Infinity", '"' + "x" * 70_000 + '"']
GROUPS = 12  # the operations are split so that each test stays well inside the per-test timeout
PLACEHOLDER = "__bounds_value__"


@pytest.fixture(scope="module")
def document(server) -> dict:
    return httpx.get(server.url + "/api-docs/openapi.json").json()


@pytest.fixture(scope="module")
def ids(fuzz_world) -> dict:
    return object_ids(fuzz_world)


def _resolve(schema: dict, document: dict) -> dict:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def body_fields(op: Operation, document: dict) -> list[tuple[str, ...]]:
    """Paths to every property of the JSON body, one level into wrapper objects (`{"inbox": {...}}`)."""
    content = op.spec.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return []
    fields: list[tuple[str, ...]] = []
    for name, sub in _resolve(content["schema"], document).get("properties", {}).items():
        fields.append((name,))
        for inner in _resolve(sub, document).get("properties", {}) if isinstance(sub, dict) else ():
            fields.append((name, inner))
    return fields or [()]


def _body_with(field: tuple[str, ...], raw: str) -> bytes:
    if not field:
        return raw.encode()
    body: dict = {}
    node = body
    for name in field[:-1]:
        node = node.setdefault(name, {})
    node[field[-1]] = PLACEHOLDER
    return json.dumps(body).replace(f'"{PLACEHOLDER}"', raw).encode()


class Probe:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.sent = 0
        self.server_errors: list[str] = []

    def send(self, method: str, url: str, **kw) -> httpx.Response:
        self.sent += 1
        r = self.client.request(method, url, **kw)
        if r.status_code >= 500:
            body = kw.get("content", b"")[:200]
            self.server_errors.append(f"{r.status_code} {method} {url} {body!r}: {r.text[:200]}")
        return r


@pytest.mark.parametrize("group", range(GROUPS))
def test_no_input_at_any_route_is_a_server_error(server, fuzz_world, document, ids, group):
    operations = sorted(document_operations(document), key=lambda op: (op.path, op.method))[group::GROUPS]
    probe = Probe(httpx.Client(base_url=server.url, headers={"api_access_token": fuzz_world.admin.token}, timeout=30))
    json_headers = {"content-type": "application/json"}
    # Deletes last: their path bounds only (a real id would remove the object the other operations need).
    for op in sorted(operations, key=lambda op: op.method == "DELETE"):
        for param in op.spec.get("parameters", []):
            if param["in"] == "path" and _resolve(param.get("schema", {}), document).get("type") == "integer":
                for value in BIG_NUMBERS:
                    probe.send(op.method, op.fill(ids, **{param["name"]: value}))
        if op.method == "DELETE":
            continue
        url = op.fill(ids)
        for param in op.spec.get("parameters", []):
            if param["in"] == "query":
                for value in [*BIG_NUMBERS, *QUERY_STRINGS]:
                    probe.send(op.method, f"{url}?{param['name']}={value}")
        fields = body_fields(op, document)
        for field in fields:
            for raw in BODY_VALUES + (ONCE_PER_OPERATION if field == fields[0] else []):
                probe.send(op.method, url, content=_body_with(field, raw), headers=json_headers)
        if op.method != "GET":
            probe.send(op.method, url, content=b'{"a": "' + b"x" * (1024 * 1024) + b'"}', headers=json_headers)
            # JSON declared as text (Chatwoot clients that forget the header are read as JSON).
            probe.send(op.method, url, content=b'{"content": "a\\u0000b", "name": "\\udc00"}')
    print(f"bounds group {group}: {len(operations)} operations, {probe.sent} requests, {len(probe.server_errors)} 5xx")
    assert probe.server_errors == [], f"{len(probe.server_errors)} of {probe.sent}:\n" + "\n".join(
        probe.server_errors[:60]
    )
    assert probe.sent > 100
    assert probe.client.get("/api/v1/profile").status_code == 200
