"""Every operation of Chatwoot's Application API spec is served, or excluded in docs/api-exclusions.md."""

from __future__ import annotations

import httpx
import pytest

from tests.contract.spec import (
    EXCLUSIONS_PATH,
    load_exclusions,
    load_spec,
    operation_key,
    served_operations,
    spec_operations,
)


@pytest.fixture(scope="module")
def openapi(server) -> dict:
    r = httpx.get(f"{server.url}/api-docs/openapi.json", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


TABLE_HEADER = "| method | path | reason |\n|---|---|---|"


def _listing(keys) -> str:
    return "\n".join(f"  {method} {path}" for method, path in sorted(keys))


def test_every_spec_operation_is_served_or_excluded(openapi):
    excluded = {e.key for e in load_exclusions()}
    missing = set(spec_operations()) - served_operations(openapi) - excluded
    assert not missing, f"served by neither Chatlake nor listed in {EXCLUSIONS_PATH.name}:\n{_listing(missing)}"


def test_no_exclusion_names_an_operation_we_serve(openapi):
    served = served_operations(openapi)
    stale = [e for e in load_exclusions() if e.key in served]
    rows = _listing((e.method, e.path) for e in stale)
    assert not stale, f"served now, so delete these rows of {EXCLUSIONS_PATH.name}:\n{rows}"


def test_every_exclusion_names_a_spec_operation_once_with_a_reason():
    spec_paths = load_spec()["paths"]
    rows = load_exclusions()
    # Every operation may be served (no rows); the table's header still says the format is read as written.
    assert rows or TABLE_HEADER in EXCLUSIONS_PATH.read_text(), f"{EXCLUSIONS_PATH}: has its table format changed?"
    unknown = [e for e in rows if e.method.lower() not in spec_paths.get(e.path, {})]
    assert not unknown, f"not operations of the spec:\n{_listing((e.method, e.path) for e in unknown)}"
    written = [(e.method, e.path) for e in rows]
    assert len(written) == len(set(written)), "an operation is listed twice"
    assert all(e.reason for e in rows), "every exclusion needs a reason"


def test_our_document_describes_only_the_http_api(openapi):
    # Dashboard pages, sign-in and the websocket are not part of the API and carry include_in_schema=False.
    outside = [path for path in openapi["paths"] if not path.startswith(("/api/", "/public/api/"))]
    outside = [path for path in outside if not path.startswith(("/platform/api/", "/auth/"))]  # Chatwoot's too
    assert not outside, f"non-API routes in /api-docs/openapi.json: {outside}"


def test_our_document_names_each_served_operations_parameters_and_body(openapi):
    """Our OpenAPI describes the request the spec describes: path parameters, and a JSON body where it has one."""
    ours = {operation_key(method, path): op for path, item in openapi["paths"].items() for method, op in item.items()}
    problems = []
    for key, (method, path) in spec_operations().items():
        op = ours.get(key)
        if op is None:
            continue
        spec_op = load_spec()["paths"][path][method]
        in_path = [p for p in op.get("parameters", []) if p.get("in") == "path"]
        if len(in_path) != path.count("{"):
            problems.append(f"{key}: {len(in_path)} path parameters documented, the template has {path.count('{')}")
        if "application/json" in spec_op.get("requestBody", {}).get("content", {}):
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if not body:
                problems.append(f"{key}: no JSON request body documented")
        answers = op.get("responses", {})
        ok = next((answers[code] for code in answers if code.startswith("2")), None)
        if ok is None:
            problems.append(f"{key}: no success response documented")
    assert not problems, "\n".join(problems)
