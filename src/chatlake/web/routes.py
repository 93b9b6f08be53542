"""Dashboard pages: everything the dashboard adds to the app is wired here."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.responses import RedirectResponse
from starlette.staticfiles import StaticFiles

from chatlake.web.errors import DashboardError, SignInRequired, redirect_to_login, render_dashboard_error
from chatlake.web.forms import FormRejected, redirect_with_reason
from chatlake.web.middleware import DashboardScope
from chatlake.web.pages import (
    contact_detail,
    contacts,
    conversations,
    login,
    profile,
    reports,
    settings_account,
    settings_agents,
    settings_attributes,
    settings_inbox_hours,
    settings_inboxes,
    settings_teams,
    settings_vocabulary,
    settings_webhooks,
)
from chatlake.web.workspace import api as workspace_api
from chatlake.web.workspace import fragments as workspace_fragments

STATIC_DIR = Path(__file__).parent / "static"


async def _home() -> RedirectResponse:
    return RedirectResponse("/app", status_code=302)


def install(app: FastAPI) -> None:
    app.add_middleware(DashboardScope, secret_key=app.state.runtime.secret_key)
    app.add_exception_handler(SignInRequired, redirect_to_login)
    app.add_exception_handler(DashboardError, render_dashboard_error)
    app.add_exception_handler(FormRejected, redirect_with_reason)
    app.mount("/app/static", StaticFiles(directory=STATIC_DIR), name="dashboard-static")
    for pages in (login, conversations, profile):
        app.include_router(pages.router)
    # The agent workspace: live fragments and its JSON writes (session + CSRF header).
    for router in (workspace_fragments.router, workspace_api.router, workspace_api.reads):
        app.include_router(router)
    more_pages = (
        settings_inboxes,
        settings_inbox_hours,
        settings_agents,
        settings_teams,
        settings_vocabulary,
        settings_attributes,
        settings_webhooks,
        settings_account,
        contacts,
        contact_detail,
        reports,
    )
    for pages in more_pages:
        app.include_router(pages.router)
    app.add_api_route("/", _home, methods=["GET"], include_in_schema=False)
