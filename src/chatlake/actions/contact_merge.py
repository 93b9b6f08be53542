"""Merging two contacts: the base keeps everything of both, the mergee is deleted."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.contact_updates import contact_labels, delete_contact_rows, record_contact_updated
from chatlake.actions.conversation_changes import changed
from chatlake.auth.actor import Actor
from chatlake.errors import InvalidField
from chatlake.events import types
from chatlake.events.outbox import record_event
from chatlake.label_storage import stored_labels
from chatlake.models import Contact, ContactInbox, ContactNote, Conversation, Message
from chatlake.presenters.contacts import contact_webhook
from chatlake.queries.access import access_contact

# Filled from the mergee where the base has none (Chatwoot's mergeable attributes).
SCALAR_FIELDS = ("name", "email", "phone_number", "identifier", "avatar_url")
HASH_FIELDS = ("additional_attributes", "custom_attributes")


def _blank(value) -> bool:
    return value is None or value == "" or value == {} or value == []


def deep_merge(mergee: dict, base: dict) -> dict:
    """Keys of both; on a conflict the base wins, except that a blank base value is filled from the mergee."""
    merged = dict(mergee)
    for key, value in base.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        elif not _blank(value) or key not in merged:
            merged[key] = value
    return merged


def _merged_values(base: Contact, mergee: Contact) -> dict:
    values: dict = {}
    for field in SCALAR_FIELDS:
        ours, theirs = getattr(base, field), getattr(mergee, field)
        values[field] = theirs if _blank(ours) and not _blank(theirs) else ours
    for field in HASH_FIELDS:
        values[field] = deep_merge(getattr(mergee, field) or {}, getattr(base, field) or {})
    return values


def _check_id(value, field: str) -> int:
    if value is None:
        raise InvalidField(f"{field} is required", [field])
    return value


async def do_merge_contacts(session: AsyncSession, actor: Actor, base_contact_id, mergee_contact_id) -> Contact:
    """Moves the mergee's sessions, conversations, messages and notes to the base, then deletes the mergee."""
    base_id = _check_id(base_contact_id, "base_contact_id")
    mergee_id = _check_id(mergee_contact_id, "mergee_contact_id")
    if base_id == mergee_id:
        raise InvalidField("A contact cannot be merged into itself", ["mergee_contact_id"])
    base = await access_contact(session, actor, base_id)
    mergee = await access_contact(session, actor, mergee_id)
    account_id = actor.account_id
    values = _merged_values(base, mergee)
    mergee_deleted = types.ContactDeleted.model_validate(contact_webhook(mergee, actor.account))

    for model, column in (
        (Conversation, Conversation.contact_id),
        (ContactInbox, ContactInbox.contact_id),
        (ContactNote, ContactNote.contact_id),
    ):
        await session.execute(
            update(model)
            .where(model.account_id == account_id, column == mergee.id)
            .values(contact_id=base.id)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(Message)
        .where(Message.account_id == account_id, Message.sender_type == "Contact", Message.sender_id == mergee.id)
        .values(sender_id=base.id)
        .execution_options(synchronize_session=False)
    )
    # The mergee goes first: its email, phone number or identifier may pass to the base (unique per account).
    await delete_contact_rows(session, account_id, mergee.id)
    session.expunge(mergee)

    changed_attributes = []
    for field, value in values.items():
        if getattr(base, field) != value:
            changed_attributes.append(changed(field, getattr(base, field), value))
            setattr(base, field, value)
    labels = contact_labels(base)
    merged_labels = labels + [label for label in contact_labels(mergee) if label not in labels]
    if merged_labels != labels:
        changed_attributes.append(changed("label_list", labels, merged_labels))
        base.cached_label_list = stored_labels(merged_labels)
    if mergee.last_activity_at is not None and (
        base.last_activity_at is None or mergee.last_activity_at > base.last_activity_at
    ):
        base.last_activity_at = mergee.last_activity_at
    await session.flush()

    await record_event(session, mergee_deleted, account_id=account_id)
    merged = types.ContactMerged.model_validate(
        {**contact_webhook(base, actor.account), "mergee_contact_id": mergee_id}
    )
    await record_event(session, merged, account_id=account_id)
    await record_contact_updated(session, actor.account, base, changed_attributes)
    return base
