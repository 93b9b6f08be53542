"""create_app(): routers, error handlers, lifespan."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chatlake import presence
from chatlake.api import attachment_downloads
from chatlake.api import client_auth as client_sign_in
from chatlake.api import health as health_checks
from chatlake.api import openapi as openapi_document
from chatlake.api.devise_credentials import DeviseCredentials
from chatlake.api.integer_bounds import bounded_integers
from chatlake.api.nul_guard import NulGuard
from chatlake.api.platform import accounts as platform_accounts
from chatlake.api.platform import agent_bots as platform_agent_bots
from chatlake.api.platform import users as platform_users
from chatlake.api.public import conversation_labels as public_conversation_labels
from chatlake.api.public import conversations as public_conversations
from chatlake.api.public import inboxes as public_inboxes
from chatlake.api.public import messages as public_messages
from chatlake.api.public.limits import PublicLimits
from chatlake.api.responses import JSON
from chatlake.api.v1 import (
    account,
    agent_bot_deliveries,
    agent_bots,
    agents,
    audit_logs,
    automation_rules,
    bulk_actions,
    canned_responses,
    contact_extras,
    contact_notes,
    contacts,
    conversation_actions,
    conversations,
    csat_survey_responses,
    custom_attribute_definitions,
    custom_filters,
    filters,
    help_center,
    inbox_members,
    inboxes,
    integrations,
    labels,
    macros,
    messages,
    notifications,
    participants,
    profile,
    reporting_events,
    search,
    teams,
    webhooks,
)
from chatlake.api.v2 import reports as v2_reports
from chatlake.api.v2 import summary_reports as v2_summary_reports
from chatlake.auth.token_throttle import TOO_MANY, TokenThrottle
from chatlake.auth.tokens import INVALID_TOKEN
from chatlake.config import Settings, get_settings
from chatlake.errors import ChatlakeError, Unauthorized
from chatlake.jobs.inbox_schedule import InboxSchedule
from chatlake.operations.heartbeat import install_heartbeat
from chatlake.operations.metrics import install_metrics
from chatlake.realtime import cable
from chatlake.runtime import Runtime
from chatlake.web import routes as web_routes
from chatlake.web.pages import login_link, settings_health
from chatlake.web.widget import routes as widget_routes


def _field_name(loc: tuple) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ChatlakeError)
    async def chatlake_error(_request: Request, exc: ChatlakeError):
        return JSON(exc.body(), status_code=exc.status_code)

    @app.exception_handler(IntegrityError)
    async def integrity_error(_request: Request, _exc: IntegrityError):
        # A unique index caught what the action's own check could not see: a concurrent request
        # committed the same value first. The transaction was rolled back; nothing was written.
        return JSON({"message": "This has already been taken", "attributes": []}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError):
        errors = exc.errors()
        fields = [_field_name(tuple(e.get("loc", ()))) for e in errors]
        first = errors[0] if errors else {}
        if first.get("type") == "json_invalid":
            return JSON({"message": "Request body is not valid JSON", "attributes": []}, status_code=422)
        message = f"{fields[0]}: {first.get('msg', 'is invalid')}" if fields else "Invalid request"
        return JSON({"message": message, "attributes": sorted(set(fields))}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException):
        message = "Resource could not be found" if exc.status_code == 404 else str(exc.detail)
        return JSON({"error": message}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, exc: Unauthorized):
        # A token that names no one counts against its client address (auth/token_throttle.py); a valid token
        # refused an action it may not take is no guess.
        guessed = request.headers.get("api_access_token") or request.headers.get("api-access-token")
        if guessed and exc.message == INVALID_TOKEN:
            address = request.client.host if request.client else None
            wait = await request.app.state.token_throttle.note_failure(request.app.state.runtime.db, address)
            if wait:
                return JSON({"error": TOO_MANY}, status_code=429, headers={"Retry-After": str(wait)})
        return JSON(exc.body(), status_code=exc.status_code)

    @app.exception_handler(DBAPIError)
    async def value_out_of_range(_request: Request, exc: DBAPIError):
        # The last line of defence behind the edge's bounds: a value the column cannot hold (a number past a
        # 32-bit column's range on PostgreSQL, refused by the driver or the server) is the client's mistake, and
        # the transaction was rolled back. Anything else is a server error, as before.
        if isinstance(exc, DataError) or "out of int32 range" in str(exc.orig) or "out of int64 range" in str(exc.orig):
            return JSON({"message": "A value is out of range for its field", "attributes": []}, status_code=422)
        raise exc


def create_app(settings: Settings | None = None, *, run_worker: bool | None = None) -> FastAPI:
    settings = settings or get_settings()
    runtime = Runtime.build(settings)
    install_heartbeat(runtime.worker, runtime.db, settings.worker_heartbeat_seconds)
    start_worker = settings.run_worker if run_worker is None else run_worker

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if start_worker:
            runtime.start_worker()
        # Snooze reopening, auto-resolve and waiting assignments run beside the delivery worker.
        schedule = InboxSchedule(runtime.db, after_commit=runtime.after_commit)
        # Named as the worker's tasks are: background work, not counted as a request's statements (tests/querycount).
        schedule_task = (
            asyncio.create_task(schedule.run(), name="delivery-worker:inbox-schedule") if start_worker else None
        )
        await runtime.realtime.start()
        yield
        if schedule_task is not None:
            schedule.stop()
            await schedule_task
        await runtime.realtime.stop()
        await runtime.close()

    app = FastAPI(
        title="Chatlake",
        version="0.1.0",
        default_response_class=JSON,
        lifespan=lifespan,
        docs_url="/api-docs",
        openapi_url="/api-docs/openapi.json",
        dependencies=[Depends(bounded_integers)],
    )
    app.state.runtime = runtime
    app.state.token_throttle = TokenThrottle(settings.token_failures_per_address, settings.token_failure_window_seconds)
    # Auto-assignment asks who has a live dashboard connection (chatlake/presence.py).
    presence.register(
        lambda account_id: runtime.realtime.backend.presence_online(account_id, runtime.realtime.presence_window)
    )
    install_error_handlers(app)
    app.add_middleware(NulGuard)
    # Chatwoot's client apps' credentials (access-token, client, uid) become the user's api_access_token.
    app.add_middleware(DeviseCredentials)
    app.add_middleware(
        PublicLimits,
        requests_per_minute=settings.public_requests_per_minute,
        contacts_per_hour=settings.public_contacts_per_hour,
        messages_per_minute=settings.public_messages_per_minute,
        body_max_bytes=settings.public_body_max_bytes,
        upload_max_bytes=settings.public_attachment_max_bytes,
    )
    # Before `conversations`: GET /conversations/search must not be taken for /conversations/{id}.
    # The message routes first: they are the busiest, routes are matched in order, and no earlier route's
    # path can match theirs (/conversations/{id}/messages...).
    app.include_router(messages.router)
    for module in (filters, search, custom_attribute_definitions, custom_filters):
        app.include_router(module.router)
    # Before `contacts`: /contacts/search and /contacts/active must not be taken for /contacts/{id}.
    for module in (contact_extras, contact_notes):
        app.include_router(module.router)
    for module in (profile, inboxes, contacts, conversations, conversation_actions):
        app.include_router(module.router)
    for module in (account, agents, teams, inbox_members, labels, canned_responses, webhooks):
        app.include_router(module.router)
    for module in (reporting_events, v2_reports, v2_summary_reports):
        app.include_router(module.router)
    for module in (agent_bots, agent_bot_deliveries, attachment_downloads):
        app.include_router(module.router)
    for module in (help_center, automation_rules, integrations, audit_logs, notifications):
        app.include_router(module.router)
    for module in (platform_accounts, platform_agent_bots, platform_users, login_link, settings_health):
        app.include_router(module.router)
    app.include_router(client_sign_in.router)
    if settings.metrics_enabled:
        install_metrics(app)
    for module in (public_inboxes, public_conversations, public_messages, public_conversation_labels):
        app.include_router(module.router)
    for module in (csat_survey_responses,):
        app.include_router(module.router)
    for module in (macros, bulk_actions, participants):
        app.include_router(module.router)
    web_routes.install(app)
    widget_routes.install(app)
    cable.install(app)
    openapi_document.install(app)
    app.include_router(health_checks.router)
    return app
