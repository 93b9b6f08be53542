from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_email, check_json_object, check_phone_number, check_text, check_url
from chatlake.auth.actor import Actor
from chatlake.crypto import new_token
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.models import Contact, ContactInbox, Inbox
from chatlake.presenters.contacts import contact_webhook
from chatlake.queries.access import access_inbox


async def _check_unique(session: AsyncSession, account_id: int, field: str, value: str | None) -> None:
    if value is None:
        return
    column = getattr(Contact, field)
    taken = await session.scalar(select(Contact.id).where(Contact.account_id == account_id, column == value))
    if taken is not None:
        raise InvalidField(f"{field.replace('_', ' ').capitalize()} has already been taken", [field])


async def do_create_contact_inbox(
    session: AsyncSession, account_id: int, contact: Contact, inbox: Inbox, source_id: str | None
) -> ContactInbox:
    source_id = check_text(source_id, "source_id") or str(uuid.uuid4())
    taken = await session.scalar(
        select(ContactInbox.id).where(
            ContactInbox.account_id == account_id,
            ContactInbox.inbox_id == inbox.id,
            ContactInbox.source_id == source_id,
        )
    )
    if taken is not None:
        raise InvalidField("Source has already been taken", ["source_id"])
    contact_inbox = ContactInbox(
        account_id=account_id,
        contact_id=contact.id,
        inbox_id=inbox.id,
        source_id=source_id,
        pubsub_token=new_token(),
    )
    session.add(contact_inbox)
    await session.flush()
    return contact_inbox


async def do_create_contact(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str | None = None,
    email: str | None = None,
    phone_number: str | None = None,
    identifier: str | None = None,
    avatar_url: str | None = None,
    additional_attributes=None,
    custom_attributes=None,
    inbox_id: int | None = None,
    source_id: str | None = None,
) -> tuple[Contact, ContactInbox | None, Inbox | None]:
    # Resolve every referenced id first, so a bad one changes nothing.
    inbox = (await access_inbox(session, actor, inbox_id))[0] if inbox_id is not None else None
    contact = Contact(
        account_id=actor.account_id,
        name=check_text(name, "name") or "",
        email=check_email(email),
        phone_number=check_phone_number(phone_number),
        identifier=check_text(identifier, "identifier"),
        avatar_url=check_url(avatar_url, "avatar_url"),
        additional_attributes=check_json_object(additional_attributes, "additional_attributes"),
        custom_attributes=check_json_object(custom_attributes, "custom_attributes"),
    )
    for field in ("email", "phone_number", "identifier"):
        await _check_unique(session, actor.account_id, field, getattr(contact, field))
    session.add(contact)
    await session.flush()
    contact_inbox = None
    if inbox is not None:
        contact_inbox = await do_create_contact_inbox(session, actor.account_id, contact, inbox, source_id)
    await record_event(
        session,
        types.ContactCreated.model_validate(contact_webhook(contact, actor.account)),
        account_id=actor.account_id,
    )
    return contact, contact_inbox, inbox
