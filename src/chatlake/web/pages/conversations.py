"""The workspace pages: the conversation list, and one conversation with the list beside it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from chatlake.api.message_form import MAX_FILES
from chatlake.queries import messages as message_queries
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.pages.params import positive_int
from chatlake.web.templating import render
from chatlake.web.workspace.conversation_list import filter_choices, list_context, read_params
from chatlake.web.workspace.conversation_view import conversation_context, visible_conversation

router = APIRouter(include_in_schema=False)


@router.get("/app")
async def conversation_list(request: Request, session: DbSession, actor: AccountActor) -> Response:
    # The cursor first: the page then shows at least everything up to it, and the live stream
    # resumes after it (an event both shown and replayed is applied twice, harmlessly).
    cursor = actor.account.event_seq or 0
    params = read_params(request)
    return render(
        request,
        "conversations.html",
        user=actor.user,
        account=actor.account,
        current_page="conversations",
        cursor=cursor,
        base_path="/app",
        current_id=None,
        **await list_context(session, actor, params),
        **await filter_choices(session, actor),
    )


@router.get("/app/conversations/{display_id:int}")
async def conversation_thread(
    request: Request, display_id: int, session: DbSession, actor: AccountActor, before: str | None = None
) -> Response:
    cursor = actor.account.event_seq or 0
    before_id = positive_int(before, "before")
    conversation = await visible_conversation(session, actor, display_id)
    params = read_params(request)
    # The newest page of messages (or the page before a cursor), oldest first.
    messages = await message_queries.list_messages(session, conversation, before_id, None)
    page_is_full = len(messages) == message_queries.PAGE_SIZE
    return render(
        request,
        "conversation.html",
        user=actor.user,
        account=actor.account,
        current_page="conversations",
        cursor=cursor,
        base_path="/app",
        current_id=conversation.display_id,
        messages=messages,
        older_cursor=messages[0].message.id if page_is_full else None,
        showing_older=before_id is not None,
        attachment_limits={"files": MAX_FILES, "bytes": request.app.state.runtime.settings.attachment_max_bytes},
        **{
            **await filter_choices(session, actor),
            **await list_context(session, actor, params),
            **await conversation_context(session, actor, conversation),
        },
    )
