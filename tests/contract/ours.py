"""Validating answers against Chatlake's own /api-docs/openapi.json (so the document stays true)."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.contract.spec import METHODS, operation_key

OURS_URI = "urn:chatlake:openapi"


class OurDocument:
    def __init__(self, document: dict) -> None:
        self.document = document
        self.registry = Registry().with_resource(
            OURS_URI, Resource.from_contents(document, default_specification=DRAFT202012)
        )
        self.paths = {
            operation_key(method, path): (method, path)
            for path, item in document["paths"].items()
            for method in item
            if method in METHODS
        }

    def operation(self, method: str, spec_path: str) -> tuple[str, dict] | None:
        """Our path template and operation for a spec operation (matched with parameter names blanked)."""
        found = self.paths.get(operation_key(method, spec_path))
        if found is None:
            return None
        our_method, our_path = found
        return our_path, self.document["paths"][our_path][our_method]

    def errors(self, method: str, spec_path: str, status: int, instance) -> list[str]:
        found = self.operation(method, spec_path)
        if found is None:
            return [f"our document has no {method} {spec_path}"]
        our_path, operation = found
        response = operation.get("responses", {}).get(str(status))
        if response is None:
            return [f"our document gives {method} {our_path} no {status} answer"]
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return [] if instance in (None, {}) else [f"our document gives the {status} answer no body"]
        escaped = our_path.replace("~", "~0").replace("/", "~1")
        pointer = f"/paths/{escaped}/{method.lower()}/responses/{status}/content/application~1json/schema"
        validator = Draft202012Validator({"$ref": f"{OURS_URI}#{pointer}"}, registry=self.registry)
        found = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        return [f"at /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]
