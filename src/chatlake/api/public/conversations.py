"""A contact's own conversations."""

from __future__ import annotations

from fastapi import APIRouter, Response

from chatlake.actions.contact_conversations import (
    do_contact_create_conversation,
    do_contact_last_seen,
    do_contact_resolve,
    do_contact_typing,
)
from chatlake.api.deps import Session
from chatlake.api.public.deps import CONTACT, CurrentContact
from chatlake.api.public.schemas import ConversationIn, TypingIn
from chatlake.auth.contact_actor import ContactActor
from chatlake.models import Conversation
from chatlake.presenters.public import public_conversation
from chatlake.queries.public_access import (
    access_contact_conversation,
    list_contact_conversations,
    recent_public_messages,
)

router = APIRouter(prefix=CONTACT, tags=["Client API"])


async def _render(session, actor: ContactActor, conversation: Conversation) -> dict:
    messages = await recent_public_messages(session, actor.account_id, [conversation])
    return public_conversation(conversation, actor.contact, messages[conversation.id])


@router.post("/conversations")
async def create_conversation(body: ConversationIn, session: Session, actor: CurrentContact) -> dict:
    conversation = await do_contact_create_conversation(session, actor, body.custom_attributes)
    return await _render(session, actor, conversation)


@router.get("/conversations")
async def list_conversations(session: Session, actor: CurrentContact) -> list:
    conversations = await list_contact_conversations(session, actor)
    messages = await recent_public_messages(session, actor.account_id, conversations)
    return [public_conversation(c, actor.contact, messages[c.id]) for c in conversations]


@router.get("/conversations/{conversation_id}")
async def show_conversation(conversation_id: int, session: Session, actor: CurrentContact) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    return await _render(session, actor, conversation)


@router.post("/conversations/{conversation_id}/toggle_status")
async def toggle_status(conversation_id: int, session: Session, actor: CurrentContact) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    await do_contact_resolve(session, actor, conversation)
    return await _render(session, actor, conversation)


@router.post("/conversations/{conversation_id}/toggle_typing")
async def toggle_typing(
    conversation_id: int,
    session: Session,
    actor: CurrentContact,
    body: TypingIn | None = None,
    typing_status: str | None = None,
) -> Response:
    """`typing_status` in the body (the widget) or the query (the spec)."""
    conversation = await access_contact_conversation(session, actor, conversation_id)
    status = (body.typing_status if body else None) or typing_status
    await do_contact_typing(session, actor, conversation, status)
    return Response(status_code=200)


@router.post("/conversations/{conversation_id}/update_last_seen")
async def update_last_seen(conversation_id: int, session: Session, actor: CurrentContact) -> Response:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    await do_contact_last_seen(session, actor, conversation)
    return Response(status_code=200)
