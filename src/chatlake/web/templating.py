"""The Jinja environment: autoescaping on for every template, and the helpers pages share."""

from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from chatlake.label_storage import parse_stored_labels
from chatlake.web import display
from chatlake.web.attachment_display import shown_attachment
from chatlake.web.csrf import csrf_token
from chatlake.web.notices import take_kept_fields, take_notices
from chatlake.web.rich_content import rich_content

TEMPLATE_DIR = Path(__file__).parent / "templates"

_environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    # Everything rendered is escaped unless a template says otherwise, and none does for user data.
    autoescape=True,
    # A misspelt variable fails the page (and its test) instead of rendering as nothing.
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(
    iso_time=display.iso_time,
    absolute_time=display.absolute_time,
    person_name=display.person_name,
    message_kind=display.message_kind,
    status_name=display.status_name,
    message_preview=display.message_preview,
    rich_content=rich_content,
    full_hex=display.full_hex,
    label_list=parse_stored_labels,
    shown_attachment=shown_attachment,
)
templates = Jinja2Templates(env=_environment)


def render(request: Request, template: str, *, status_code: int = 200, **context) -> Response:
    context.setdefault("user", None)
    context.setdefault("account", None)
    context.setdefault("current_page", None)
    context["csrf_token"] = csrf_token(request)
    actor = getattr(request.state, "actor", None)
    context.setdefault("is_administrator", bool(actor and actor.is_administrator))
    context.setdefault("notices", take_notices(request))
    context.setdefault("kept", take_kept_fields(request))
    return templates.TemplateResponse(request, template, context, status_code=status_code)
