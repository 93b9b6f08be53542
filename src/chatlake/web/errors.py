"""Dashboard failures render as pages, not as the API's JSON error bodies."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from chatlake.web.templating import render


class DashboardError(Exception):
    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class SignInRequired(Exception):
    """Raised by the signed-in-user dependency; answered with a redirect to the login page."""


def login_url(return_to: str | None = None) -> str:
    return "/app/login" + (f"?{urlencode({'next': return_to})}" if return_to else "")


async def redirect_to_login(request: Request, _exc: Exception) -> Response:
    return_to = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(login_url(return_to), status_code=303)


async def render_dashboard_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DashboardError)
    return render(request, "error.html", status_code=exc.status_code, message=exc.message)
