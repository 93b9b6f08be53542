"""One-time notices shown on the page after a redirect ("Label created.", or why a form was refused),
and the fields of a refused form, kept in the session until the next page shows them."""

from __future__ import annotations

from starlette.requests import Request

NOTICES_KEY = "flash"
KEPT_FIELDS_KEY = "form"


def notice(request: Request, message: str, kind: str = "success") -> None:
    request.session[NOTICES_KEY] = [*request.session.get(NOTICES_KEY, []), {"kind": kind, "message": message}]


def keep_fields(request: Request, fields: dict[str, str]) -> None:
    request.session[KEPT_FIELDS_KEY] = fields


def take_notices(request: Request) -> list[dict]:
    return request.session.pop(NOTICES_KEY, []) if "session" in request.scope else []


def take_kept_fields(request: Request) -> dict[str, str]:
    return request.session.pop(KEPT_FIELDS_KEY, {}) if "session" in request.scope else {}
