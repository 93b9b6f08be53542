"""Contacts created and identified through the Client (public) API and the website widget.

Identity validation: `identifier_hash` is the hex HMAC-SHA256 of `identifier` keyed with the inbox's HMAC token,
computed by the business's own server. Only a valid hash ties a session to an existing contact (and marks the
session verified). Anything else a visitor types (an email, a phone number or an identifier that belongs to
another contact) never reaches that contact: it is kept on the visitor's own contact as a claim.
"""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chatlake.actions.checks import check_email, check_json_object, check_phone_number, check_text, check_url
from chatlake.actions.contact_merge import do_merge_contacts
from chatlake.actions.contact_updates import do_update_contact, record_contact_updated
from chatlake.actions.contacts import do_create_contact, do_create_contact_inbox
from chatlake.actions.conversation_changes import changed
from chatlake.auth.contact_actor import ContactActor, PublicInbox
from chatlake.crypto import hmac_sha256_hex
from chatlake.errors import InvalidField, Unauthorized, Unprocessable
from chatlake.models import Contact, ContactInbox
from chatlake.presenters.public import CLAIMED_PREFIX

HMAC_FAILED = "HMAC failed: Invalid Identifier Hash Provided"
HMAC_REQUIRED = "HMAC failed: Identifier Hash is required by this inbox"
UNIQUE_FIELDS = ("email", "phone_number")


def check_identity(public: PublicInbox, identifier: str | None, identifier_hash) -> bool:
    """Whether the caller proved `identifier`. A hash that does not match is refused, whether or not the inbox
    requires one: a client that sends a hash expects it checked."""
    if identifier_hash is not None and not isinstance(identifier_hash, str):
        raise InvalidField("identifier_hash must be a string", ["identifier_hash"])
    if identifier_hash:
        expected = hmac_sha256_hex(public.hmac_token, identifier or "")
        if not identifier or not hmac.compare_digest(expected, identifier_hash.strip().lower()):
            raise Unauthorized(HMAC_FAILED)
        return True
    return False


async def _owner_of(session: AsyncSession, account_id: int, field: str, value: str | None) -> int | None:
    if value is None:
        return None
    return await session.scalar(
        select(Contact.id).where(Contact.account_id == account_id, getattr(Contact, field) == value).limit(1)
    )


async def _split_claims(session: AsyncSession, account_id: int, own_id: int | None, values: dict) -> tuple[dict, dict]:
    """(values the contact may hold, values another contact holds: kept as claims)."""
    free, claimed = {}, {}
    for field, value in values.items():
        owner = await _owner_of(session, account_id, field, value)
        if owner is not None and owner != own_id:
            claimed[CLAIMED_PREFIX + field] = value
        else:
            free[field] = value
    return free, claimed


async def do_create_public_contact(
    session: AsyncSession,
    public: PublicInbox,
    *,
    name=None,
    email=None,
    phone_number=None,
    identifier=None,
    identifier_hash=None,
    avatar_url=None,
    custom_attributes=None,
    source_id=None,
) -> tuple[Contact, ContactInbox]:
    """A new session on the inbox. With a valid identifier hash it belongs to the contact of that identifier
    (created if new) and is verified; otherwise it belongs to a new contact of its own."""
    identifier = check_text(identifier, "identifier")
    verified = check_identity(public, identifier, identifier_hash)
    if public.hmac_mandatory and not verified:
        raise Unauthorized(HMAC_REQUIRED)
    name = check_text(name, "name")
    values = {"email": check_email(email), "phone_number": check_phone_number(phone_number)}
    avatar_url = check_url(avatar_url, "avatar_url")
    custom_attributes = check_json_object(custom_attributes, "custom_attributes")
    source_id = check_text(source_id, "source_id")

    known = None
    if verified:
        known = await session.scalar(
            select(Contact).where(Contact.account_id == public.account_id, Contact.identifier == identifier)
        )
    if known is not None:
        contact = known
    else:
        free, claimed = await _split_claims(session, public.account_id, None, {k: v for k, v in values.items() if v})
        if identifier and not verified:
            claimed[CLAIMED_PREFIX + "identifier"] = identifier
        contact, _, _ = await do_create_contact(
            session,
            public,  # type: ignore[arg-type]  # has the account the action records its event under
            name=name,
            email=free.get("email"),
            phone_number=free.get("phone_number"),
            identifier=identifier if verified else None,
            avatar_url=avatar_url,
            additional_attributes=claimed,
            custom_attributes=custom_attributes,
        )
    contact_inbox = await do_create_contact_inbox(session, public.account_id, contact, public.inbox, source_id)
    contact_inbox.hmac_verified = verified
    await session.flush()
    return contact, contact_inbox


async def do_identify_contact(session: AsyncSession, actor: ContactActor, fields: dict) -> Contact:
    """PATCH of the session's contact (the widget's setUser). A valid hash for an identifier held by another
    contact moves this session, and the visitor's conversations, to that contact (Chatwoot merges them)."""
    identifier = check_text(fields.get("identifier"), "identifier")
    verified = check_identity(actor.public, identifier, fields.get("identifier_hash"))
    if actor.public.hmac_mandatory and not (verified or actor.contact_inbox.hmac_verified):
        raise Unauthorized(HMAC_REQUIRED)
    contact = actor.contact
    account_id = actor.account_id

    if verified and identifier != contact.identifier:
        if contact.identifier is not None:
            raise Unprocessable("This session belongs to another identity: start a new session to change users")
        known = await session.scalar(
            select(Contact).where(Contact.account_id == account_id, Contact.identifier == identifier)
        )
        if known is not None:
            contact = await do_merge_contacts(session, actor, known.id, contact.id)  # type: ignore[arg-type]
            # The merge moved this session in bulk: read its new owner back.
            await session.refresh(actor.contact_inbox)
        else:
            contact = await do_update_contact(session, actor, contact, {"identifier": identifier})  # type: ignore[arg-type]
    if verified:
        actor.contact_inbox.hmac_verified = True

    changes: dict = {}
    for field in ("name", "avatar_url"):
        if field in fields:
            changes[field] = fields[field]
    # A null custom attribute removes it (the widget's deleteCustomAttribute); the rest are merged in.
    attributes = fields.get("custom_attributes") or {}
    removed = [key for key, value in attributes.items() if value is None]
    if attributes:
        changes["custom_attributes"] = {key: value for key, value in attributes.items() if value is not None}
    values = {}
    if fields.get("email"):
        values["email"] = check_email(fields["email"])
    if fields.get("phone_number"):
        values["phone_number"] = check_phone_number(fields["phone_number"])
    free, claimed = await _split_claims(session, account_id, contact.id, values)
    changes.update(free)
    if identifier and not verified and identifier != contact.identifier:
        claimed[CLAIMED_PREFIX + "identifier"] = identifier
    if claimed:
        changes["additional_attributes"] = claimed
    contact = await do_update_contact(session, actor, contact, changes)  # type: ignore[arg-type]
    kept = {key: value for key, value in (contact.custom_attributes or {}).items() if key not in removed}
    if kept != (contact.custom_attributes or {}):
        previous = contact.custom_attributes
        contact.custom_attributes = kept
        await session.flush()
        await record_contact_updated(session, actor.account, contact, [changed("custom_attributes", previous, kept)])
    await session.flush()
    return contact
