from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from chatlake.actions.message_changes import access_message, do_delete_message, do_update_message_status
from chatlake.actions.messages import do_create_message
from chatlake.api.deps import CurrentActor, CurrentActorOrBot, Session, get_runtime
from chatlake.api.message_form import is_multipart, read_message_form
from chatlake.api.message_uploads import close_uploads, drop_resent_files, store_uploads
from chatlake.api.responses import JSON
from chatlake.api.schemas import Body, MessageCreate
from chatlake.auth.actor import BotActor
from chatlake.models import AgentBot, Contact, User
from chatlake.presenters.common import unix
from chatlake.presenters.contacts import contact_push
from chatlake.presenters.messages import MessageView, message_json
from chatlake.presenters.users import user_push
from chatlake.queries.access import access_conversation
from chatlake.queries.conversations import access_conversation_view, load_views
from chatlake.queries.messages import attach_files, list_messages, load_senders

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


def _create_body_docs() -> dict:
    json_schema = MessageCreate.model_json_schema()
    form_schema = {
        "type": "object",
        "properties": {
            **json_schema["properties"],
            "attachments[]": {"type": "array", "items": {"type": "string", "format": "binary"}},
        },
    }
    return {
        "requestBody": {
            "content": {"application/json": {"schema": json_schema}, "multipart/form-data": {"schema": form_schema}}
        }
    }


async def _read_create_body(request: Request, max_file_bytes: int) -> tuple[MessageCreate, list[UploadFile]]:
    """JSON as before, or multipart/form-data with the same fields plus `attachments[]` files."""
    try:
        if is_multipart(request):
            fields, uploads = await read_message_form(request, max_file_bytes)
            return MessageCreate.model_validate(fields), uploads
        return MessageCreate.model_validate_json(await request.body() or b"{}"), []
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


@router.post("/messages", openapi_extra=_create_body_docs())
async def create(conversation_id: int, request: Request, session: Session, actor: CurrentActorOrBot) -> JSON:
    runtime = get_runtime(request)
    body, uploads = await _read_create_body(request, runtime.settings.attachment_max_bytes)
    try:
        view = await access_conversation_view(session, actor, conversation_id)
    except BaseException:
        await close_uploads(uploads)
        raise
    conversation = view.conversation
    files = await store_uploads(session, runtime.attachments, actor.account_id, uploads)
    message, created = await do_create_message(
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
        files=files,
        view=view,
    )
    sender: User | AgentBot | Contact | None
    if (message.sender_type, message.sender_id) == actor.sender:
        sender = actor.bot if isinstance(actor, BotActor) else actor.user
    elif (message.sender_type, message.sender_id) == ("Contact", view.contact.id):
        sender = view.contact
    else:
        senders = await load_senders(session, actor.account_id, [message])
        sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    view = MessageView(message=message, display_id=conversation.display_id, sender=sender)
    if files or not created:
        await attach_files(session, actor.account_id, [view])
    if not created:
        drop_resent_files(session, files)
    return JSON(message_json(view))


class MessageStatusIn(Body):
    status: Any = None
    external_error: Any = None


async def _message_response(session: Session, actor: CurrentActor, conversation, message) -> JSON:
    senders = await load_senders(session, actor.account_id, [message])
    sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    return JSON(message_json(MessageView(message=message, display_id=conversation.display_id, sender=sender)))


@router.delete("/messages/{message_id}")
async def destroy(conversation_id: int, message_id: int, session: Session, actor: CurrentActor) -> JSON:
    """Chatwoot's soft delete; answers the message as it now is."""
    conversation = await access_conversation(session, actor, conversation_id)
    message = await access_message(session, conversation, message_id)
    await do_delete_message(session, actor, conversation, message)
    return await _message_response(session, actor, conversation, message)


@router.patch("/messages/{message_id}")
@router.put("/messages/{message_id}")
async def update_status(
    conversation_id: int, message_id: int, session: Session, actor: CurrentActor, body: MessageStatusIn | None = None
) -> JSON:
    body = body or MessageStatusIn()
    conversation = await access_conversation(session, actor, conversation_id)
    message = await access_message(session, conversation, message_id)
    await do_update_message_status(session, actor, conversation, message, body.status, body.external_error)
    return await _message_response(session, actor, conversation, message)
