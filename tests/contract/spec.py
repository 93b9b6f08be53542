"""Chatwoot's published Application API spec, our exclusions from it, and schema validation against it.

The spec is `../shared/reference/chatwoot-openapi/application_swagger.json` beside the repository (an OpenAPI
3.1 document, so its schemas are JSON Schema 2020-12 and `jsonschema` validates them as they are).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO_ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO_ROOT.parent / "shared" / "reference" / "chatwoot-openapi" / "application_swagger.json"
EXCLUSIONS_PATH = REPO_ROOT / "docs" / "api-exclusions.md"
SPEC_URI = "urn:chatwoot:application-api"
METHODS = ("get", "post", "put", "patch", "delete")

# `| GET | `/api/v1/...` | reason |` rows of docs/api-exclusions.md.
_EXCLUSION_ROW = re.compile(r"^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|\s*`([^`]+)`\s*\|(.*)\|\s*$")


def normalise(path: str) -> str:
    """Parameter names differ between Chatwoot's templates and ours (`{id}` / `{contact_id}`): compare shapes.

    A trailing slash is dropped too: the spec lists `/reports/conversations/` beside `/reports/conversations`
    for one Rails route."""
    return re.sub(r"\{[^}]+\}", "{}", path).rstrip("/") or "/"


def operation_key(method: str, path: str) -> tuple[str, str]:
    return method.upper(), normalise(path)


@cache
def load_spec() -> dict:
    if not SPEC_PATH.is_file():
        raise FileNotFoundError(
            f"Chatwoot's spec is not at {SPEC_PATH}: the shared/ folder belongs beside the repository"
        )
    return json.loads(SPEC_PATH.read_text())


def spec_operations(spec: dict | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """(METHOD, normalised path) -> (method, the spec's own path template)."""
    spec = spec or load_spec()
    return {
        operation_key(method, path): (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }


def served_operations(openapi: dict) -> set[tuple[str, str]]:
    return {
        operation_key(method, path) for path, item in openapi["paths"].items() for method in item if method in METHODS
    }


@dataclass(frozen=True)
class Exclusion:
    method: str
    path: str
    reason: str

    @property
    def key(self) -> tuple[str, str]:
        return operation_key(self.method, self.path)


def load_exclusions() -> list[Exclusion]:
    rows = []
    for line in EXCLUSIONS_PATH.read_text().splitlines():
        match = _EXCLUSION_ROW.match(line.strip())
        if match:
            rows.append(Exclusion(match[1], match[2], match[3].strip()))
    return rows


def spec_operation(method: str, path: str) -> dict:
    return load_spec()["paths"][path][method.lower()]


def response_schema_pointer(method: str, path: str, status: int) -> str | None:
    """JSON pointer (inside the spec) to the JSON schema of that response, or None when it documents no body."""
    response = spec_operation(method, path)["responses"].get(str(status))
    if response is None or "application/json" not in response.get("content", {}):
        return None
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/responses/{status}/content/application~1json/schema"


def request_schema_pointer(method: str, path: str) -> str | None:
    body = spec_operation(method, path).get("requestBody", {}).get("content", {})
    if "application/json" not in body or "schema" not in body["application/json"]:
        return None
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"/paths/{escaped}/{method.lower()}/requestBody/content/application~1json/schema"


def resolve_pointer(document: dict, pointer: str):
    node = document
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


@cache
def corrected_spec() -> dict:
    """The spec with the documented corrections of spec_corrections.py applied (see docs/api.md)."""
    from tests.contract.spec_corrections import CORRECTIONS

    spec = copy.deepcopy(load_spec())
    for correction in CORRECTIONS:
        correction.apply(spec)
    return spec


def _properties_shared(validator, properties, instance, schema):
    """Draft 2020-12 `properties`, plus: a non-empty object must carry at least one property the schema names.

    The spec's schemas require almost nothing, so without this a wrong envelope (`{meta, payload}` where the spec
    has `{data: {meta, payload}}`) would validate vacuously."""
    yield from _PROPERTIES(validator, properties, instance, schema)
    if validator.is_type(instance, "object") and instance and properties and not set(instance) & set(properties):
        yield ValidationError(f"shares no property with the schema's {sorted(properties)}: has {sorted(instance)}")


_PROPERTIES = Draft202012Validator.VALIDATORS["properties"]
ContractValidator = validators.extend(Draft202012Validator, {"properties": _properties_shared})


@cache
def _registry() -> Registry:
    return Registry().with_resource(
        SPEC_URI, Resource.from_contents(corrected_spec(), default_specification=DRAFT202012)
    )


def validation_errors(instance, pointer: str | None = None, schema: dict | None = None) -> list[str]:
    """Every way `instance` breaks the schema at `pointer` in the (corrected) spec, or the given schema."""
    if schema is None:
        schema = {"$ref": f"{SPEC_URI}#{pointer}"}
    validator = ContractValidator(schema, registry=_registry())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def spec_ref(component: str, inner: str = "") -> dict:
    """A reference to one of the spec's component schemas (or a part of it), for override schemas."""
    return {"$ref": f"{SPEC_URI}#/components/schemas/{component}{inner}"}
