"""Chatwoot's published Platform API spec (`platform_swagger.json`), for the platform contract tests.

Validated as spec.py validates the Application API: JSON Schema 2020-12, with the check that a non-empty
object shares at least one property with its schema (so a wrong envelope does not pass vacuously).
"""

from __future__ import annotations

import json
from functools import cache

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.contract.spec import METHODS, REPO_ROOT, ContractValidator, operation_key

PLATFORM_SPEC_PATH = REPO_ROOT.parent / "shared" / "reference" / "chatwoot-openapi" / "platform_swagger.json"
PLATFORM_URI = "urn:chatwoot:platform-api"


@cache
def load_platform_spec() -> dict:
    return json.loads(PLATFORM_SPEC_PATH.read_text())


def platform_operations() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        operation_key(method, path): (method, path)
        for path, item in load_platform_spec()["paths"].items()
        for method in item
        if method in METHODS
    }


def _pointer(method: str, path: str, tail: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/{tail}"


def platform_response_pointer(method: str, path: str, status: int) -> str | None:
    response = load_platform_spec()["paths"][path][method.lower()]["responses"].get(str(status))
    if response is None or "application/json" not in response.get("content", {}):
        return None
    return _pointer(method, path, f"responses/{status}/content/application~1json/schema")


def platform_request_pointer(method: str, path: str) -> str | None:
    body = load_platform_spec()["paths"][path][method.lower()].get("requestBody", {}).get("content", {})
    if "application/json" not in body:
        return None
    return _pointer(method, path, "requestBody/content/application~1json/schema")


@cache
def _registry() -> Registry:
    return Registry().with_resource(
        PLATFORM_URI, Resource.from_contents(load_platform_spec(), default_specification=DRAFT202012)
    )


def platform_validation_errors(instance, pointer: str) -> list[str]:
    validator = ContractValidator({"$ref": f"{PLATFORM_URI}#{pointer}"}, registry=_registry())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
