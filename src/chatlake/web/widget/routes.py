"""Serving the website widget: the loader (Chatwoot's /packs/js/sdk.js path) and the chat window page.

The window is meant to be framed by the business's site, whatever its origin: unlike the dashboard it may be
framed anywhere, and it runs only its own script files (no inline script), talking only to this origin."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
from fastapi import APIRouter, FastAPI
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles

from chatlake.api.deps import Session
from chatlake.errors import NotFound
from chatlake.models.web_widget import REPLY_TIME_NAMES
from chatlake.queries.public_access import find_public_inbox
from chatlake.web.widget import survey
from chatlake.working_week import week_of

STATIC_DIR = Path(__file__).parent / "static"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
REPLY_TIME_TEXT = {
    "in_a_few_minutes": "Typically replies in a few minutes",
    "in_a_few_hours": "Typically replies in a few hours",
    "in_a_day": "Typically replies in a day",
}
WIDGET_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the accent color is set on one element's style attribute
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors *",
    ]
)

router = APIRouter(include_in_schema=False)


@router.get("/packs/js/sdk.js")
async def sdk() -> Response:
    return FileResponse(
        STATIC_DIR / "sdk.js",
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


def widget_config(public) -> dict:
    widget, inbox = public.widget, public.inbox
    reply_time = REPLY_TIME_NAMES.get(widget.reply_time, "in_a_few_minutes")
    return {
        "websiteToken": widget.website_token,
        "name": inbox.name,
        "color": widget.widget_color,
        "welcomeTitle": widget.welcome_title,
        "welcomeTagline": widget.welcome_tagline,
        "replyTime": reply_time,
        "replyTimeText": REPLY_TIME_TEXT[reply_time],
        "preChatFormEnabled": widget.pre_chat_form_enabled,
        "preChatFormOptions": widget.pre_chat_form_options or {},
        "greetingEnabled": inbox.greeting_enabled,
        "greetingMessage": inbox.greeting_message,
        "workingHoursEnabled": inbox.working_hours_enabled,
        "workingHours": week_of(inbox),
        "outOfOfficeMessage": inbox.out_of_office_message,
        "timezone": inbox.timezone,
        "csatSurveyEnabled": inbox.csat_survey_enabled,
    }


def _json_for_html(value) -> str:
    """JSON inside a <script type="application/json"> block: nothing in it can end the block."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@router.get("/widget")
async def widget_page(session: Session, website_token: str = "", locale: str = "en") -> Response:
    try:
        public = await find_public_inbox(session, website_token)
        if public.widget is None:
            raise NotFound()
    except NotFound:
        return HTMLResponse("<!doctype html><title>Not found</title><p>This chat is not available.</p>", 404)
    config = widget_config(public)
    safe_locale = locale if locale.replace("-", "").replace("_", "").isalnum() and len(locale) <= 10 else "en"
    page = _templates.get_template("widget.html").render(
        config=config, config_json=_json_for_html(config), locale=safe_locale
    )
    response = HTMLResponse(page)
    response.headers["Content-Security-Policy"] = WIDGET_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def install(app: FastAPI) -> None:
    app.mount("/widget/static", StaticFiles(directory=STATIC_DIR), name="widget-static")
    app.include_router(router)
    app.include_router(survey.router)
    app.add_exception_handler(survey.SurveyRefused, survey.render_refusal)
