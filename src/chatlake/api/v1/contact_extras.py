"""The rest of the Contacts family: search, active, update, delete, conversations, sessions, labels, merge.

Registered before the contacts router, so /contacts/search and /contacts/active never reach /contacts/{id}.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from chatlake.actions.administration import check_administrator
from chatlake.actions.contact_merge import do_merge_contacts
from chatlake.actions.contact_updates import (
    contact_labels,
    do_add_contact_inbox,
    do_delete_contact,
    do_set_contact_labels,
    do_update_contact,
)
from chatlake.api.deps import CurrentActor, Session
from chatlake.api.schemas import Body
from chatlake.presenters.contacts import contact_inbox_json, contact_json
from chatlake.presenters.conversations import conversation_json
from chatlake.presenters.inboxes import inbox_json
from chatlake.queries.access import access_contact
from chatlake.queries.contact_search import (
    active_contacts,
    contact_conversations,
    contactable_inboxes,
    search_contacts,
)
from chatlake.queries.contacts import contact_inboxes_of

router = APIRouter(prefix="/api/v1/accounts/{account_id}", tags=["Contacts"])


class ContactUpdate(Body):
    name: str | None = None
    email: str | None = None
    phone_number: str | None = None
    identifier: str | None = None
    avatar_url: str | None = None
    # Checked by the action, so the 422 names the field in Chatlake's words.
    blocked: Any = None
    additional_attributes: Any = None
    custom_attributes: Any = None

    def changes(self) -> dict:
        """Only the fields the caller sent: an absent field is left as it is."""
        return {name: getattr(self, name) for name in self.model_fields_set}


class ContactInboxIn(Body):
    inbox_id: int | None = None
    source_id: str | None = None


class LabelsIn(Body):
    labels: Any = None


class MergeIn(Body):
    base_contact_id: int | None = None
    mergee_contact_id: int | None = None


async def _contacts_page(session: Session, actor: CurrentActor, contacts: list) -> list[dict]:
    inboxes = await contact_inboxes_of(session, actor.account_id, [c.id for c in contacts])
    return [contact_json(c, inboxes[c.id]) for c in contacts]


@router.get("/contacts/search")
async def search(
    session: Session, actor: CurrentActor, q: str | None = None, page: int = 1, sort: str | None = None
) -> dict:
    contacts, has_more = await search_contacts(session, actor, q=q, page=page, sort=sort)
    # As Chatwoot: `count` is the number on this page; `has_more` says whether another page follows.
    return {
        "meta": {"count": len(contacts), "current_page": page, "has_more": has_more},
        "payload": await _contacts_page(session, actor, contacts),
    }


@router.get("/contacts/active")
async def active(session: Session, actor: CurrentActor, page: int = 1, sort: str | None = None) -> dict:
    contacts, count = await active_contacts(session, actor, page=page, sort=sort)
    return {
        "meta": {"count": count, "current_page": page},
        "payload": await _contacts_page(session, actor, contacts),
    }


@router.put("/contacts/{contact_id}")
@router.patch("/contacts/{contact_id}")
async def update(contact_id: int, body: ContactUpdate, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    await do_update_contact(session, actor, contact, body.changes())
    inboxes = await contact_inboxes_of(session, actor.account_id, [contact.id])
    return {"payload": contact_json(contact, inboxes[contact.id])}


@router.delete("/contacts/{contact_id}")
async def destroy(contact_id: int, session: Session, actor: CurrentActor) -> Response:
    # The role is checked before the lookup, as Chatwoot authorizes before it finds the contact.
    check_administrator(actor)
    contact = await access_contact(session, actor, contact_id)
    await do_delete_contact(session, actor, contact)
    return Response(status_code=200)


@router.get("/contacts/{contact_id}/conversations")
async def conversations(contact_id: int, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    views = await contact_conversations(session, actor, contact)
    return {"payload": [conversation_json(view) for view in views]}


@router.post("/contacts/{contact_id}/contact_inboxes")
async def create_contact_inbox(contact_id: int, body: ContactInboxIn, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    contact_inbox, inbox = await do_add_contact_inbox(session, actor, contact, body.inbox_id, body.source_id)
    return contact_inbox_json(contact_inbox, inbox)


@router.get("/contacts/{contact_id}/contactable_inboxes")
async def list_contactable_inboxes(contact_id: int, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    rows = await contactable_inboxes(session, actor, contact)
    return {
        "payload": [{"source_id": source_id, "inbox": inbox_json(inbox, channel)} for source_id, inbox, channel in rows]
    }


@router.get("/contacts/{contact_id}/labels")
async def list_labels(contact_id: int, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    return {"payload": contact_labels(contact)}


@router.post("/contacts/{contact_id}/labels")
async def set_labels(contact_id: int, body: LabelsIn, session: Session, actor: CurrentActor) -> dict:
    contact = await access_contact(session, actor, contact_id)
    return {"payload": await do_set_contact_labels(session, actor, contact, body.labels)}


@router.post("/actions/contact_merge")
async def merge(body: MergeIn, session: Session, actor: CurrentActor) -> dict:
    base = await do_merge_contacts(session, actor, body.base_contact_id, body.mergee_contact_id)
    # Chatwoot renders the base contact itself here, without an envelope or its sessions.
    return contact_json(base)
