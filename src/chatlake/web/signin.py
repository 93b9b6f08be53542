"""Who is signed in, kept in the signed session cookie."""

from __future__ import annotations

import re

from starlette.requests import Request

from chatlake.models import User
from chatlake.web.csrf import rotate_csrf_token

USER_KEY = "user_id"
HOME = "/app"
# Only dashboard paths with plain query strings: anything else could bounce the user off-site.
_RETURN_PATH = re.compile(r"/app(/[A-Za-z0-9_\-/]*)?(\?[A-Za-z0-9_=&%\-]*)?")


def sign_in(request: Request, user: User) -> None:
    # A fresh session on sign-in: nothing set before authentication carries over into it.
    request.session.clear()
    request.session[USER_KEY] = user.id
    rotate_csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in_user_id(request: Request) -> int | None:
    value = request.session.get(USER_KEY)
    return value if isinstance(value, int) else None


def safe_return_path(value: str | None) -> str:
    if value and _RETURN_PATH.fullmatch(value) and not value.startswith(("/app/login", "/app/logout")):
        return value
    return HOME
