"""Changes to an existing contact: update (attributes merged), labels, new sessions, delete."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.account_labels import ensure_account_labels
from chatlake.actions.administration import check_administrator, check_bool
from chatlake.actions.attachments import do_remove_conversation_attachments
from chatlake.actions.checks import check_email, check_json_object, check_phone_number, check_text, check_url
from chatlake.actions.contacts import do_create_contact_inbox
from chatlake.actions.conversation_attributes import check_labels
from chatlake.actions.conversation_changes import changed
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.label_storage import parse_stored_labels, stored_labels
from chatlake.models import Account, Contact, ContactInbox, ContactNote, Conversation, Inbox, Message, ReportingEvent
from chatlake.presenters.contacts import contact_webhook
from chatlake.queries.access import access_inbox

UNIQUE_FIELDS = ("email", "phone_number", "identifier")


def contact_labels(contact: Contact) -> list[str]:
    return parse_stored_labels(contact.cached_label_list)


async def check_unique_for(session: AsyncSession, contact: Contact, field: str, value: str | None) -> None:
    """Email, phone number and identifier are unique per account; the contact's own value does not count."""
    if value is None:
        return
    taken = await session.scalar(
        select(Contact.id).where(
            Contact.account_id == contact.account_id, getattr(Contact, field) == value, Contact.id != contact.id
        )
    )
    if taken is not None:
        raise InvalidField(f"{field.replace('_', ' ').capitalize()} has already been taken", [field])


async def record_contact_updated(
    session: AsyncSession, account: Account, contact: Contact, changed_attributes: list[dict]
) -> None:
    """contact_updated carries what changed; nothing changed, nothing is sent (as Chatwoot)."""
    if not changed_attributes:
        return
    await record_event(
        session,
        types.ContactUpdated.model_validate(
            {**contact_webhook(contact, account), "changed_attributes": changed_attributes}
        ),
        account_id=account.id,
    )


def _checked_changes(contact: Contact, changes: dict) -> dict:
    """The new value of every field the caller sent, validated; attribute hashes merged into the old ones."""
    new: dict = {}
    if "name" in changes:
        new["name"] = check_text(changes["name"], "name") or ""
    if "email" in changes:
        new["email"] = check_email(changes["email"])
    if "phone_number" in changes:
        new["phone_number"] = check_phone_number(changes["phone_number"])
    if "identifier" in changes:
        new["identifier"] = check_text(changes["identifier"], "identifier") or None
    if "avatar_url" in changes:
        new["avatar_url"] = check_url(changes["avatar_url"], "avatar_url")
    if changes.get("blocked") is not None:
        new["blocked"] = check_bool(changes["blocked"], "blocked")
    for field in ("additional_attributes", "custom_attributes"):
        if field in changes:
            new[field] = {**(getattr(contact, field) or {}), **check_json_object(changes[field], field)}
    return new


async def do_update_contact(session: AsyncSession, actor: Actor, contact: Contact, changes: dict) -> Contact:
    """`changes` holds only the fields the caller sent. Everything is checked before anything is written."""
    new = _checked_changes(contact, changes)
    differing = {field: value for field, value in new.items() if getattr(contact, field) != value}
    for field in UNIQUE_FIELDS:
        if field in differing:
            await check_unique_for(session, contact, field, differing[field])
    if not differing:
        return contact
    changed_attributes = [changed(field, getattr(contact, field), value) for field, value in differing.items()]
    for field, value in differing.items():
        setattr(contact, field, value)
    await session.flush()
    await record_contact_updated(session, actor.account, contact, changed_attributes)
    return contact


async def do_set_contact_labels(session: AsyncSession, actor: Actor, contact: Contact, value) -> list[str]:
    """Replaces the contact's label set (lower-cased; letters, digits, '-' and '_')."""
    labels = check_labels(value)
    previous = contact_labels(contact)
    if labels != previous:
        contact.cached_label_list = stored_labels(labels)
        await ensure_account_labels(session, contact.account_id, [label for label in labels if label not in previous])
        await session.flush()
        await record_contact_updated(session, actor.account, contact, [changed("label_list", previous, labels)])
    return labels


async def do_add_contact_inbox(
    session: AsyncSession, actor: Actor, contact: Contact, inbox_id: int | None, source_id
) -> tuple[ContactInbox, Inbox]:
    """A new session of the contact on an inbox of the account; source_id defaults to a fresh uuid."""
    if inbox_id is None:
        raise InvalidField("Inbox can't be blank", ["inbox_id"])
    inbox, _channel = await access_inbox(session, actor, inbox_id)
    contact_inbox = await do_create_contact_inbox(session, actor.account_id, contact, inbox, source_id)
    return contact_inbox, inbox


async def delete_contact_rows(session: AsyncSession, account_id: int, contact_id: int) -> None:
    """The contact, its sessions, conversations, their messages and reporting events, and its notes; every
    statement account-scoped."""
    conversation_ids = select(Conversation.id).where(
        Conversation.account_id == account_id, Conversation.contact_id == contact_id
    )
    await do_remove_conversation_attachments(session, account_id, conversation_ids)
    for stmt in (
        delete(Message).where(Message.account_id == account_id, Message.conversation_id.in_(conversation_ids)),
        delete(ReportingEvent).where(
            ReportingEvent.account_id == account_id, ReportingEvent.conversation_id.in_(conversation_ids)
        ),
        delete(Conversation).where(Conversation.account_id == account_id, Conversation.contact_id == contact_id),
        delete(ContactInbox).where(ContactInbox.account_id == account_id, ContactInbox.contact_id == contact_id),
        delete(ContactNote).where(ContactNote.account_id == account_id, ContactNote.contact_id == contact_id),
        delete(Contact).where(Contact.account_id == account_id, Contact.id == contact_id),
    ):
        await session.execute(stmt.execution_options(synchronize_session=False))


async def do_delete_contact(session: AsyncSession, actor: Actor, contact: Contact) -> None:
    """Administrators only (Chatwoot's contact policy)."""
    check_administrator(actor)
    deleted = types.ContactDeleted.model_validate(contact_webhook(contact, actor.account))
    await delete_contact_rows(session, actor.account_id, contact.id)
    session.expunge(contact)
    await record_event(session, deleted, account_id=actor.account_id)
