from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from chatlake.actions.conversations import do_open_conversation
from chatlake.actions.messages import do_create_message
from chatlake.api.deps import CurrentActor, CurrentActorOrBot, Session
from chatlake.api.responses import JSON
from chatlake.api.schemas import ConversationCreate
from chatlake.presenters.conversations import conversation_json
from chatlake.queries.access import access_conversation
from chatlake.queries.conversations import (
    ConversationListFilter,
    count_conversations,
    list_conversations,
    load_views,
)

# Hot paths answer with a ready Response: FastAPI then skips validating and re-serialising the body.
router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Conversations"])


def _filter(
    assignee_type: str = "all",
    status: str = "open",
    inbox_id: int | None = None,
    team_id: int | None = None,
    q: str | None = None,
    labels: Annotated[list[str] | None, Query(alias="labels[]")] = None,
    page: int = 1,
    sort_by: str = "latest",
) -> ConversationListFilter:
    return ConversationListFilter(
        assignee_type=assignee_type,
        status=status,
        inbox_id=inbox_id,
        team_id=team_id,
        q=q,
        labels=labels,
        page=page,
        sort_by=sort_by,
    )


@router.get("/conversations")
async def index(session: Session, actor: CurrentActor, f: Annotated[ConversationListFilter, Depends(_filter)]) -> JSON:
    views, meta = await list_conversations(session, actor, f)
    return JSON({"data": {"meta": meta, "payload": [conversation_json(v) for v in views]}})


@router.get("/conversations/meta")
async def meta(session: Session, actor: CurrentActor, f: Annotated[ConversationListFilter, Depends(_filter)]) -> JSON:
    f.check()
    return JSON({"meta": await count_conversations(session, actor, f)})


@router.post("/conversations")
async def create(body: ConversationCreate, session: Session, actor: CurrentActorOrBot) -> JSON:
    view = await do_open_conversation(
        session,
        actor,
        source_id=body.source_id,
        inbox_id=body.inbox_id,
        contact_id=body.contact_id,
        status=body.status,
        assignee_id=body.assignee_id,
        team_id=body.team_id,
        additional_attributes=body.additional_attributes,
        custom_attributes=body.custom_attributes,
        snoozed_until=body.snoozed_until,
    )
    if body.message is not None:
        m = body.message
        await do_create_message(
            session,
            actor,
            view.conversation,
            content=m.content,
            message_type=m.message_type or "outgoing",
            private=m.private,
            content_type=m.content_type,
            content_attributes=m.content_attributes,
            echo_id=m.echo_id,
            view=view,
        )
    return JSON(conversation_json(view))


@router.get("/conversations/{conversation_id}")
async def show(conversation_id: int, session: Session, actor: CurrentActor) -> JSON:
    conversation = await access_conversation(session, actor, conversation_id)
    (view,) = await load_views(session, actor.account_id, [conversation])
    return JSON(conversation_json(view))
