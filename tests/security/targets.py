"""What the battery aims at: every operation of our OpenAPI document or every route of the app, with each path
parameter filled with a real object of a given account (found by the collection segment before it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.routing import APIRoute
from starlette.routing import Route

from tests.contract.world import World

PARAMETER = re.compile(r"\{([\w:]+)\}")
SEGMENT_PARAMETER = re.compile(r"/([\w-]+)/\{(\w+)(?::\w+)?\}")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # template, e.g. /api/v1/accounts/{account_id}/contacts/{id}
    spec: dict  # the OpenAPI operation ({} for routes the document leaves out)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def fill(self, ids: dict[str, object], **override: object) -> str:
        """The path with every parameter replaced: `override` by name first, then the object of its collection."""

        def one(match: re.Match) -> str:
            collection, name = match[1], match[2]
            value = override.get(name, ids.get(collection, 1))
            return f"/{collection}/{value}"

        filled = SEGMENT_PARAMETER.sub(one, self.path)
        # Parameters that follow another one (a download's signature and file name): a harmless stand-in.
        return PARAMETER.sub(lambda m: str(override.get(m[1].split(":")[0], 1)), filled)


def document_operations(document: dict) -> list[Operation]:
    return [
        Operation(method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method.upper() in METHODS
    ]


def app_routes(app) -> list[Operation]:
    """Every HTTP route the app serves, found by walking its routers (included routers nest in newer FastAPI)."""
    found: list[Operation] = []

    def walk(routes) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None) or getattr(route, "routes", None)
            if isinstance(route, APIRoute | Route):
                for method in sorted(route.methods or ()):
                    if method in METHODS:
                        found.append(Operation(method, route.path, {}))
            elif inner is not None:
                walk(inner.routes if hasattr(inner, "routes") else inner)

    walk(app.routes)
    unique = {(op.method, op.path): op for op in found}
    return sorted(unique.values(), key=lambda op: (op.path, op.method))


def _first_id(payload) -> int:
    if isinstance(payload, dict):
        for key in ("payload", "data"):
            if key in payload:
                return _first_id(payload[key])
        return payload["id"]
    return payload[0]["id"]


def _ok(response) -> dict | list:
    assert response.status_code == 200, f"{response.request.method} {response.request.url}: {response.text}"
    return response.json()


def object_ids(world: World) -> dict[str, object]:
    """Collection segment -> one object of the world's account in it."""
    admin = world.admin
    conversation = world.conversation["id"]
    note = _ok(admin.post(f"/contacts/{world.contact['id']}/notes", {"content": "Called on Monday"}))
    portal = world.portal["slug"]
    ids = {
        "accounts": world.account_id,
        "agent_bots": world.agent_bot["id"],
        "agents": world.agent.user_id,
        "articles": _first_id(_ok(admin.get(f"/portals/{portal}/articles"))),
        "automation_rules": world.automation_rule["id"],
        "canned_responses": world.canned_response["id"],
        "categories": world.category["id"],
        "contacts": world.contact["id"],
        "conversations": conversation,
        "custom_attribute_definitions": world.contact_attribute["id"],
        "custom_filters": world.custom_filter["id"],
        "hooks": world.hook["id"],
        "inbox_members": world.inbox["id"],
        "inboxes": world.inbox["id"],
        "labels": world.label["id"],
        "messages": _first_id(_ok(admin.get(f"/conversations/{conversation}/messages"))),
        "notes": note["id"],
        "portals": portal,
        "teams": world.team["id"],
        "webhooks": world.webhook["id"],
    }
    notifications = _ok(world.agent.get("/notifications"))
    ids["notifications"] = _first_id(notifications) if notifications["data"]["payload"] else 1
    deliveries = _ok(admin.get(f"/inboxes/{world.inbox['id']}/webhook_deliveries"))
    delivery = _first_id(deliveries) if deliveries["payload"] else 1
    ids["deliveries"] = ids["webhook_deliveries"] = delivery
    return ids
