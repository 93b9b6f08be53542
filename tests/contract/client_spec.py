"""Chatwoot's published Client (public) API spec: `client_swagger.json`, plus the inbox-details operation that only
`swagger.json` lists, validated the way spec.py validates the Application API."""

from __future__ import annotations

import copy
import json
from functools import cache

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.contract.spec import METHODS, REPO_ROOT, ContractValidator, operation_key

SPEC_DIR = REPO_ROOT.parent / "shared" / "reference" / "chatwoot-openapi"
CLIENT_URI = "urn:chatwoot:client-api"
INBOX_PATH = "/public/api/v1/inboxes/{inbox_identifier}"


@cache
def load_client_spec() -> dict:
    spec = copy.deepcopy(json.loads((SPEC_DIR / "client_swagger.json").read_text()))
    full = json.loads((SPEC_DIR / "swagger.json").read_text())
    spec["paths"][INBOX_PATH] = full["paths"][INBOX_PATH]
    schemas = spec["components"]["schemas"]
    schemas.setdefault("public_inbox", full["components"]["schemas"]["public_inbox"])
    # A correction, as in spec_corrections.py: a day closed (or open) all day has no hours, so Chatwoot's server
    # sends null for them (its working_hours rows store nil); the spec types them integers only.
    day = schemas["public_inbox"]["properties"]["working_hours"]["items"]["properties"]
    for hours in ("open_hour", "open_minutes", "close_hour", "close_minutes"):
        if hours in day and isinstance(day[hours].get("type"), str):
            day[hours]["type"] = [day[hours]["type"], "null"]
    return spec


def client_operations() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        operation_key(method, path): (method, path)
        for path, item in load_client_spec()["paths"].items()
        for method in item
        if method in METHODS
    }


def client_operation(method: str, path: str) -> dict:
    return load_client_spec()["paths"][path][method.lower()]


def _pointer(path: str, method: str, rest: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/{rest}"


def client_response_pointer(method: str, path: str, status: int) -> str | None:
    response = client_operation(method, path)["responses"].get(str(status))
    if response is None or "application/json" not in response.get("content", {}):
        return None
    return _pointer(path, method, f"responses/{status}/content/application~1json/schema")


def client_request_pointer(method: str, path: str) -> str | None:
    body = client_operation(method, path).get("requestBody", {}).get("content", {})
    if "application/json" not in body or "schema" not in body["application/json"]:
        return None
    return _pointer(path, method, "requestBody/content/application~1json/schema")


@cache
def _registry() -> Registry:
    return Registry().with_resource(
        CLIENT_URI, Resource.from_contents(load_client_spec(), default_specification=DRAFT202012)
    )


def client_validation_errors(instance, pointer: str) -> list[str]:
    validator = ContractValidator({"$ref": f"{CLIENT_URI}#{pointer}"}, registry=_registry())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
