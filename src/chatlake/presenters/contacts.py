from __future__ import annotations

from chatlake.models import Account, Contact, ContactInbox, Inbox
from chatlake.presenters.common import iso, unix
from chatlake.presenters.inboxes import inbox_json


def contact_json(contact: Contact, contact_inboxes: list[tuple[ContactInbox, Inbox]] | None = None) -> dict:
    body = {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "thumbnail": contact.avatar_url or "",
        "blocked": contact.blocked,
        "additional_attributes": contact.additional_attributes or {},
        "custom_attributes": contact.custom_attributes or {},
        "availability_status": "offline",
        "last_activity_at": unix(contact.last_activity_at),
        "created_at": unix(contact.created_at),
    }
    if contact_inboxes is not None:
        body["contact_inboxes"] = [contact_inbox_json(ci, inbox) for ci, inbox in contact_inboxes]
    return body


def contact_inbox_json(contact_inbox: ContactInbox, inbox: Inbox) -> dict:
    return {"source_id": contact_inbox.source_id, "inbox": inbox_json(inbox, None)}


def contact_push(contact: Contact) -> dict:
    return {
        "additional_attributes": contact.additional_attributes or {},
        "custom_attributes": contact.custom_attributes or {},
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": contact.avatar_url or "",
        "blocked": contact.blocked,
        "type": "contact",
    }


def contact_webhook(contact: Contact, account: Account) -> dict:
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "avatar": contact.avatar_url or "",
        "thumbnail": contact.avatar_url or "",
        "additional_attributes": contact.additional_attributes or {},
        "custom_attributes": contact.custom_attributes or {},
        "blocked": contact.blocked,
        "account": {"id": account.id, "name": account.name},
        "created_at": iso(contact.created_at),
    }


def contact_inbox_webhook(contact_inbox: ContactInbox) -> dict:
    return {
        "id": contact_inbox.id,
        "contact_id": contact_inbox.contact_id,
        "inbox_id": contact_inbox.inbox_id,
        "source_id": contact_inbox.source_id,
        "hmac_verified": contact_inbox.hmac_verified,
        "pubsub_token": contact_inbox.pubsub_token,
        "created_at": iso(contact_inbox.created_at),
        "updated_at": iso(contact_inbox.updated_at),
    }
