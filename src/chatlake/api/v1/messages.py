from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.message_updates import access_message, do_delete_message, do_update_message_status
from chatlake.actions.messages import do_create_message
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.responses import JSON
from chatlake.api.schemas import Body, MessageCreate
from chatlake.presenters.common import unix
from chatlake.presenters.contacts import contact_push
from chatlake.presenters.messages import MessageView, message_json
from chatlake.presenters.users import user_push
from chatlake.queries.access import access_conversation
from chatlake.queries.conversations import load_views
from chatlake.queries.messages import list_messages, load_senders

# Hot paths answer with a ready Response: FastAPI then skips validating and re-serialising the body.
router = APIRouter(prefix="/api/v1/accounts/{account_id}/conversations/{conversation_id}", tags=["Messages"])


@router.get("/messages")
async def index(
    conversation_id: int, session: Session, actor: CurrentActor, before: int | None = None, after: int | None = None
) -> JSON:
    conversation = await access_conversation(session, actor, conversation_id)
    messages = await list_messages(session, conversation, before, after)
    (view,) = await load_views(session, actor.account_id, [conversation])
    c = view.conversation
    return JSON(
        {
            "meta": {
                "labels": view.labels,
                "additional_attributes": c.additional_attributes or {},
                "contact": contact_push(view.contact),
                "assignee": user_push(view.assignee),
                "agent_last_seen_at": unix(c.agent_last_seen_at),
                "assignee_last_seen_at": unix(c.assignee_last_seen_at),
            },
            "payload": [message_json(m) for m in messages],
        }
    )


@router.post("/messages")
async def create(conversation_id: int, body: MessageCreate, session: Session, actor: CurrentActor) -> JSON:
    conversation = await access_conversation(session, actor, conversation_id)
    message, _created = await do_create_message(
        session,
        actor,
        conversation,
        content=body.content,
        message_type=body.message_type,
        private=body.private,
        content_type=body.content_type,
        content_attributes=body.content_attributes,
        echo_id=body.echo_id,
        source_id=body.source_id,
    )
    if message.sender_type == "User" and message.sender_id == actor.user.id:
        sender = actor.user
    else:
        senders = await load_senders(session, actor.account_id, [message])
        sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    return JSON(message_json(MessageView(message=message, display_id=conversation.display_id, sender=sender)))


class MessageStatusIn(Body):
    status: str | None = None
    external_error: str | None = None


async def _message_json(session: Session, actor: CurrentActor, conversation, message) -> JSON:
    senders = await load_senders(session, actor.account_id, [message])
    sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    return JSON(message_json(MessageView(message=message, display_id=conversation.display_id, sender=sender)))


@router.patch("/messages/{message_id}")
@router.put("/messages/{message_id}")
async def update_status(
    conversation_id: int, message_id: int, session: Session, actor: CurrentActor, body: MessageStatusIn | None = None
) -> JSON:
    """Chatwoot's API-inbox delivery report: `{status: sent|delivered|read|failed, external_error}`."""
    body = body or MessageStatusIn()
    conversation = await access_conversation(session, actor, conversation_id)
    message = await access_message(session, conversation, message_id)
    await do_update_message_status(session, actor, conversation, message, body.status, body.external_error)
    return await _message_json(session, actor, conversation, message)


@router.delete("/messages/{message_id}")
async def delete(conversation_id: int, message_id: int, session: Session, actor: CurrentActor) -> JSON:
    conversation = await access_conversation(session, actor, conversation_id)
    message = await access_message(session, conversation, message_id)
    await do_delete_message(session, actor, conversation, message)
    return await _message_json(session, actor, conversation, message)
