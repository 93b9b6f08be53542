"""Messages of a contact's own conversation: what it may see, what it writes, its answers."""

from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.contact_conversations import do_submit_values
from chatlake.actions.message_changes import access_message
from chatlake.actions.messages import do_create_message
from chatlake.api.deps import Session
from chatlake.api.public.deps import CONTACT, CurrentContact
from chatlake.api.public.schemas import MessageIn, MessageUpdateIn
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


@router.post("/messages")
async def create_message(conversation_id: int, body: MessageIn, session: Session, actor: CurrentContact) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    message, created = await do_create_message(
        session,
        actor,  # type: ignore[arg-type]  # the contact: its messages are always incoming
        conversation,
        content=body.content,
        message_type="incoming",
        echo_id=body.echo_id,
    )
    view = MessageView(message=message, display_id=conversation.display_id, sender=actor.contact)
    if not created:
        await attach_files(session, actor.account_id, [view])  # a retry answers the stored message whole
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
