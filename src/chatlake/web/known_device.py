"""The "known device" cookie: a browser that signed in to an account before is recognised for that email,
so its sign-in attempts are throttled under its own key, not the email's (`actions/login_throttle.py`).

The cookie is signed with the installation's secret and names a random device id and a digest of the email
(never the email itself). It outlives sign-out on purpose: it says "this browser has signed in as this user
before", nothing more; it signs nobody in.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response

from chatlake.crypto import token_digest

COOKIE = "chatlake_known_device"
MAX_AGE = 365 * 24 * 3600


def _serializer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.runtime.secret_key, salt="chatlake-known-device")


def _email_digest(email: str) -> str:
    return token_digest("known-device:" + email.strip().lower())


def known_device(request: Request, email: str) -> str | None:
    """This browser's device id when it has signed in as `email` before, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(request).loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("e") != _email_digest(email) or not isinstance(data.get("d"), str):
        return None
    return data["d"]


def remember_device(request: Request, response: Response, email: str) -> None:
    value = _serializer(request).dumps({"e": _email_digest(email), "d": secrets.token_urlsafe(16)})
    response.set_cookie(COOKIE, value, max_age=MAX_AGE, path="/app/login", httponly=True, samesite="lax")
