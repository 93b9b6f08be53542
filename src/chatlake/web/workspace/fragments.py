"""Server-rendered pieces the workspace script swaps into the page when something changes.

Rendering stays in the templates (autoescaped), so live updates show exactly what a reload would,
and no user-supplied text is ever turned into markup by script.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from chatlake.presenters.messages import MessageView
from chatlake.queries import messages as message_queries
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.pages.params import positive_int
from chatlake.web.templating import templates
from chatlake.web.workspace.conversation_list import list_context, read_params
from chatlake.web.workspace.conversation_view import conversation_context, visible_conversation

router = APIRouter(include_in_schema=False)


def fragment(template: str, **context) -> str:
    return templates.env.get_template(template).render(**context)


def message_items_html(messages: list[MessageView]) -> str:
    return fragment("_message_items.html", messages=messages)


def _html(body: str) -> Response:
    return HTMLResponse(body, headers={"Cache-Control": "no-store"})


@router.get("/app/conversations/list")
async def list_fragment(request: Request, session: DbSession, actor: AccountActor) -> Response:
    params = read_params(request)
    current = positive_int(request.query_params.get("current"), "current")
    context = await list_context(session, actor, params)
    return _html(fragment("_conversation_list.html", **context, base_path="/app", current_id=current))


@router.get("/app/conversations/{display_id:int}/messages")
async def messages_fragment(
    display_id: int,
    session: DbSession,
    actor: AccountActor,
    before: str | None = None,
    after: str | None = None,
) -> Response:
    conversation = await visible_conversation(session, actor, display_id)
    before_id, after_id = positive_int(before, "before"), positive_int(after, "after")
    messages = await message_queries.list_messages(session, conversation, before_id, after_id)
    # The client learns from this header whether more older pages exist.
    full = before_id is not None and len(messages) == message_queries.PAGE_SIZE
    response = _html(message_items_html(messages))
    if full:
        response.headers["X-Older-Cursor"] = str(messages[0].message.id)
    return response


@router.get("/app/conversations/{display_id:int}/parts")
async def parts_fragment(request: Request, display_id: int, session: DbSession, actor: AccountActor) -> Response:
    conversation = await visible_conversation(session, actor, display_id)
    context = await conversation_context(session, actor, conversation)
    return _html(fragment("_conversation_parts.html", **context, user=actor.user, params=read_params(request)))
