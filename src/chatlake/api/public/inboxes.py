"""The inbox's public face, and the contact (session) operations."""

from __future__ import annotations

from fastapi import APIRouter

from chatlake.actions.public_contacts import do_create_public_contact, do_identify_contact
from chatlake.api.deps import Session
from chatlake.api.public.deps import PREFIX, ContactToIdentify, CurrentContact, CurrentInbox
from chatlake.api.public.schemas import ContactIn
from chatlake.presenters.public import public_contact, public_contact_record, public_inbox
from chatlake.working_week import week_of

router = APIRouter(prefix=PREFIX, tags=["Client API"])


@router.get("")
async def show_inbox(public: CurrentInbox) -> dict:
    return public_inbox(public.inbox, public.identifier, public.hmac_mandatory, week_of(public.inbox))


@router.post("/contacts")
async def create_contact(body: ContactIn, session: Session, public: CurrentInbox) -> dict:
    contact, contact_inbox = await do_create_public_contact(session, public, **body.model_dump())
    return public_contact(contact, contact_inbox)


@router.get("/contacts/{contact_identifier}")
async def show_contact(actor: CurrentContact) -> dict:
    return public_contact(actor.contact, actor.contact_inbox)


@router.patch("/contacts/{contact_identifier}")
@router.put("/contacts/{contact_identifier}")
async def update_contact(body: ContactIn, session: Session, actor: ContactToIdentify) -> dict:
    fields = body.model_dump(exclude_unset=True)
    fields.pop("source_id", None)
    contact = await do_identify_contact(session, actor, fields)
    return public_contact_record(contact)
