"""The conversation list and one conversation's thread."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from chatlake.errors import NotFound
from chatlake.queries import conversations as conversation_queries
from chatlake.queries import messages as message_queries
from chatlake.queries.access import access_conversation
from chatlake.web.deps import AccountActor, DbSession
from chatlake.web.errors import DashboardError
from chatlake.web.pages.params import positive_int
from chatlake.web.templating import render

router = APIRouter(include_in_schema=False)

STATUS_FILTERS = ("open", "pending", "snoozed", "resolved", "all")


@router.get("/app")
async def conversation_list(
    request: Request, session: DbSession, actor: AccountActor, status: str = "open", page: str = "1"
) -> Response:
    if status not in STATUS_FILTERS:
        raise DashboardError(400, f"Status must be one of {', '.join(STATUS_FILTERS)}.")
    page_number = positive_int(page, "page") or 1
    views, counts = await conversation_queries.list_conversations(
        session, actor, conversation_queries.ConversationListFilter(status=status, page=page_number)
    )
    total = counts["all_count"]
    return render(
        request,
        "conversations.html",
        user=actor.user,
        account=actor.account,
        current_page="conversations",
        conversations=views,
        status=status,
        status_filters=STATUS_FILTERS,
        total=total,
        page=page_number,
        has_next_page=page_number * conversation_queries.PAGE_SIZE < total,
    )


@router.get("/app/conversations/{display_id:int}")
async def conversation_thread(
    request: Request, display_id: int, session: DbSession, actor: AccountActor, before: str | None = None
) -> Response:
    before_id = positive_int(before, "before")
    try:
        conversation = await access_conversation(session, actor, display_id)
    except NotFound:
        raise DashboardError(404, "This conversation does not exist, or you cannot see it.") from None
    (view,) = await conversation_queries.load_views(session, actor.account_id, [conversation])
    # The newest page of messages (or the page before a cursor), oldest first.
    messages = await message_queries.list_messages(session, conversation, before_id, None)
    page_is_full = len(messages) == message_queries.PAGE_SIZE
    return render(
        request,
        "conversation.html",
        user=actor.user,
        account=actor.account,
        current_page="conversations",
        view=view,
        messages=messages,
        older_cursor=messages[0].message.id if page_is_full else None,
        showing_older=before_id is not None,
    )
