"""Messages of a contact's own conversation: what it may see, what it writes, its answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from chatlake.actions.contact_conversations import do_submit_values
from chatlake.actions.message_changes import access_message
from chatlake.actions.messages import do_create_message
from chatlake.api.deps import Session, get_runtime
from chatlake.api.message_form import is_multipart, read_message_form
from chatlake.api.message_uploads import close_uploads, drop_resent_files, store_uploads
from chatlake.api.public.deps import CONTACT, CurrentContact
from chatlake.api.public.schemas import MessageIn, MessageUpdateIn
from chatlake.api.public.uploads import check_public_uploads
from chatlake.errors import NotFound
from chatlake.models.message import MESSAGE_TYPES
from chatlake.presenters.messages import MessageView
from chatlake.presenters.public import public_message
from chatlake.queries.messages import attach_files, load_senders
from chatlake.queries.public_access import access_contact_conversation, list_public_messages

router = APIRouter(prefix=CONTACT + "/conversations/{conversation_id}", tags=["Client API"])


@router.get("/messages")
async def list_messages(
    conversation_id: int, session: Session, actor: CurrentContact, before: int | None = None, after: int | None = None
) -> list:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    return [public_message(view) for view in await list_public_messages(session, conversation, before, after)]


async def _read_message(request: Request, max_file_bytes: int) -> tuple[MessageIn, list[UploadFile]]:
    """JSON, or multipart/form-data with the same fields plus `attachments[]` files (as Chatwoot's widget sends)."""
    try:
        if is_multipart(request):
            fields, uploads = await read_message_form(request, max_file_bytes)
            try:
                await check_public_uploads(uploads)
            except BaseException:
                await close_uploads(uploads)
                raise
            return MessageIn.model_validate(fields), uploads
        return MessageIn.model_validate_json(await request.body() or b"{}"), []
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


_FORM_DOCS = {
    "requestBody": {
        "content": {
            "application/json": {"schema": MessageIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        **MessageIn.model_json_schema()["properties"],
                        "attachments[]": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    },
                }
            },
        }
    }
}


@router.post("/messages", openapi_extra=_FORM_DOCS)
async def create_message(conversation_id: int, request: Request, session: Session, actor: CurrentContact) -> dict:
    runtime = get_runtime(request)
    max_bytes = min(runtime.settings.public_attachment_max_bytes, runtime.settings.attachment_max_bytes)
    body, uploads = await _read_message(request, max_bytes)
    try:
        conversation = await access_contact_conversation(session, actor, conversation_id)
    except BaseException:
        await close_uploads(uploads)
        raise
    files = await store_uploads(session, runtime.attachments, actor.account_id, uploads)
    message, created = await do_create_message(
        session,
        actor,  # type: ignore[arg-type]  # the contact: its messages are always incoming
        conversation,
        content=body.content,
        message_type="incoming",
        echo_id=body.echo_id,
        files=files,
    )
    view = MessageView(message=message, display_id=conversation.display_id, sender=actor.contact)
    if files or not created:
        await attach_files(session, actor.account_id, [view])  # a retry answers the stored message whole
    if not created:
        drop_resent_files(session, files)
    return public_message(view)


@router.patch("/messages/{message_id}")
@router.put("/messages/{message_id}")
async def update_message(
    conversation_id: int, message_id: int, body: MessageUpdateIn, session: Session, actor: CurrentContact
) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    message = await access_message(session, conversation, message_id)
    # What a contact cannot see does not exist for it.
    if message.private or message.message_type == MESSAGE_TYPES["activity"]:
        raise NotFound()
    message = await do_submit_values(session, actor, conversation, message, body.submitted_values)
    senders = await load_senders(session, actor.account_id, [message])
    sender = senders.get((message.sender_type, message.sender_id)) if message.sender_type else None
    view = MessageView(message=message, display_id=conversation.display_id, sender=sender)
    await attach_files(session, actor.account_id, [view])
    return public_message(view)
