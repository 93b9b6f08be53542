"""Who is signed in: the signed session cookie names the user and carries the token of their
dashboard_sessions row, which the server can delete to end that sign-in."""

from __future__ import annotations

import re

from starlette.requests import Request

from chatlake.models import User
from chatlake.web.csrf import rotate_csrf_token

USER_KEY = "user_id"
SESSION_TOKEN_KEY = "sid"
HOME = "/app"
# Only dashboard paths with plain query strings: anything else could bounce the user off-site.
_RETURN_PATH = re.compile(r"/app(/[A-Za-z0-9_\-/]*)?(\?[A-Za-z0-9_=&%\-]*)?")


def sign_in(request: Request, user: User, session_token: str) -> None:
    # A fresh session on sign-in: nothing set before authentication carries over into it.
    request.session.clear()
    request.session[USER_KEY] = user.id
    request.session[SESSION_TOKEN_KEY] = session_token
    rotate_csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in_user_id(request: Request) -> int | None:
    value = request.session.get(USER_KEY)
    return value if isinstance(value, int) else None


def signed_in_session_token(request: Request) -> str | None:
    value = request.session.get(SESSION_TOKEN_KEY)
    return value if isinstance(value, str) and value else None


def safe_return_path(value: str | None) -> str:
    if value and _RETURN_PATH.fullmatch(value) and not value.startswith(("/app/login", "/app/logout")):
        return value
    return HOME
