"""Chatlake extension for the website widget (Chatwoot's widget API has it, the Client API does not): a contact
labels its own conversation with one of the account's labels (`window.$chatwoot.setLabel/removeLabel`)."""

from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.contact_conversations import do_contact_label
from chatlake.api.deps import Session
from chatlake.api.public.deps import CONTACT, CurrentContact
from chatlake.api.public.schemas import LabelsIn
from chatlake.queries.public_access import access_contact_conversation

router = APIRouter(prefix=CONTACT + "/conversations/{conversation_id}", tags=["Client API"])


@router.post("/labels")
async def add_label(conversation_id: int, body: LabelsIn, session: Session, actor: CurrentContact) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    labels: list[str] = []
    for label in body.labels or [None]:
        labels = await do_contact_label(session, actor, conversation, label, add=True)
    return {"payload": labels}


@router.delete("/labels/{label}")
async def remove_label(conversation_id: int, label: str, session: Session, actor: CurrentContact) -> dict:
    conversation = await access_contact_conversation(session, actor, conversation_id)
    return {"payload": await do_contact_label(session, actor, conversation, label, add=False)}
