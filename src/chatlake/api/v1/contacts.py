from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from chatlake.actions.contacts import do_create_contact
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import ContactCreate
from chatlake.presenters.contacts import contact_inbox_json, contact_json
from chatlake.queries.access import access_contact
from chatlake.queries.contacts import contact_inboxes_of, list_contacts

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Contacts"])


@router.get("/contacts")
async def index(
    session: Session,
    actor: CurrentActor,
    page: int = 1,
    sort: str | None = None,
    labels: Annotated[list[str] | None, Query(alias="labels[]")] = None,
) -> dict:
    contacts, count = await list_contacts(session, actor, page=page, sort=sort, labels=labels)
    inboxes = await contact_inboxes_of(session, actor.account_id, [c.id for c in contacts])
    return {
        "meta": {"count": count, "current_page": page},
        "payload": [contact_json(c, inboxes[c.id]) for c in contacts],
    }


@router.post("/contacts")
async def create(body: ContactCreate, session: Session, actor: CurrentActor) -> dict:
    contact, contact_inbox, inbox = await do_create_contact(
        session,
        actor,
        name=body.name,
        email=body.email,
        phone_number=body.phone_number,
        identifier=body.identifier,
        avatar_url=body.avatar_url,
        additional_attributes=body.additional_attributes,
        custom_attributes=body.custom_attributes,
        inbox_id=body.inbox_id,
        source_id=body.source_id,
    )
    pairs = [(contact_inbox, inbox)] if contact_inbox is not None else []
    contact_body = contact_json(contact, pairs)
    # Chatwoot's envelope, plus the contact's fields at the top level as the API-channel guide
    # shows them, so clients written either way read the same response. See docs/api.md.
    return {
        **contact_body,
        "payload": {
            "contact": contact_body,
            "contact_inbox": contact_inbox_json(contact_inbox, inbox) if contact_inbox is not None else None,
        },
    }


@router.get("/contacts/{contact_id}")
async def show(contact_id: int, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    inboxes = await contact_inboxes_of(session, actor.account_id, [contact.id])
    return {"payload": contact_json(contact, inboxes[contact.id])}
