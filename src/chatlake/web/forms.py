"""Form posts of the dashboard: the CSRF check, one-time notices after a redirect, refused input.

A post that an action refuses raises FormRejected: the exception rolls the request's transaction back
(nothing of it is stored), and the handler redirects to the form's page with the reason shown there and
the fields the user typed kept (Post/Redirect/Get, so reloading never posts twice).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from chatlake.errors import ChatlakeError
from chatlake.web.csrf import csrf_ok
from chatlake.web.errors import DashboardError
from chatlake.web.notices import keep_fields, notice

CSRF_HEADER = "x-csrf-token"
FORM_EXPIRED = "This form has expired. Please go back, reload the page and try again."
# Kept fields are for retyping convenience only; secrets and long texts are not worth a big cookie.
_KEEP_FIELD_MAX = 500
_NEVER_KEPT = {"csrf_token", "password", "current_password", "password_confirmation"}


async def require_csrf(request: Request) -> None:
    """Every state-changing dashboard request carries the session's token, as a form field or a header."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    submitted = request.headers.get(CSRF_HEADER, "")
    if not submitted and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        submitted = str((await request.form()).get("csrf_token", ""))
    if not csrf_ok(request, submitted):
        raise DashboardError(403, FORM_EXPIRED)


class FormRejected(Exception):
    def __init__(self, message: str, back_to: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.back_to = back_to
        self.fields = fields or {}


def see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303)


def kept_fields(form: FormData) -> dict[str, str]:
    return {
        key: value
        for key, value in form.items()
        if isinstance(value, str) and key not in _NEVER_KEPT and len(value) <= _KEEP_FIELD_MAX
    }


@contextmanager
def refused_back_to(back_to: str, form: FormData | None = None) -> Iterator[None]:
    """Turns an action's refusal (a 4xx ChatlakeError) into FormRejected for the page at `back_to`."""
    try:
        yield
    except ChatlakeError as exc:
        raise FormRejected(exc.message, back_to, kept_fields(form) if form is not None else None) from None


async def redirect_with_reason(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FormRejected)
    notice(request, exc.message, "error")
    if exc.fields:
        keep_fields(request, exc.fields)
    return see_other(exc.back_to)
