"""A per-session random token that every dashboard form posts back, so other sites cannot post for the user."""

from __future__ import annotations

import secrets

from starlette.requests import Request

SESSION_KEY = "csrf"


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def rotate_csrf_token(request: Request) -> str:
    request.session.pop(SESSION_KEY, None)
    return csrf_token(request)


def csrf_ok(request: Request, submitted: str) -> bool:
    expected = request.session.get(SESSION_KEY)
    return bool(expected and submitted) and secrets.compare_digest(expected, submitted)
